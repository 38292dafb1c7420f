"""Company legal forms: recognised, put in one spelling, and kept out of name matching.

``Siemens Aktiengesellschaft`` and ``Siemens AG``, ``OAO Gazprom`` and ``Open Joint Stock
Company Gazprom`` name the same company: the legal form says what kind of company it is,
not which one, so the scorer compares the remaining words only.
"""

from __future__ import annotations

import re

__all__ = ["LEGAL_FORMS", "canonical_forms"]

#: Long forms (folded) and the short form they are written as.
_PHRASES = {
    "open joint stock company": "jsc",
    "closed joint stock company": "jsc",
    "public joint stock company": "jsc",
    "joint stock company": "jsc",
    "aktsionernoe obshchestvo": "jsc",
    "aktsionernoye obshchestvo": "jsc",
    "akcionernoe obsestvo": "jsc",
    "limited liability company": "llc",
    "limited liability partnership": "llp",
    "obshchestvo s ogranichennoi otvetstvennostyu": "llc",
    "obshchestvo s ogranichennoy otvetstvennostyu": "llc",
    "obshchestvo s ogranichennoj otvetstvennostju": "llc",
    "obshestvo s ogranichennoj otvetstvennost ju": "llc",
    "gesellschaft mit beschrankter haftung": "gmbh",
    "societatea cu raspundere limitata": "srl",
    "sociedad anonima de capital variable": "sa de cv",
    "sociedad de responsabilidad limitada": "srl",
    "sociedad anonima": "sa",
    "aktiengesellschaft": "ag",
    "incorporated": "inc",
    "corporation": "corp",
    "company": "co",
    "limited": "ltd",
    "public limited company": "plc",
    "societe anonyme": "sa",
}
#: Short forms (and their variants) that count as legal forms.
_SHORT_FORMS = (
    "jsc ojsc pjsc cjsc oao zao pao ao llc ooo llp gmbh srl sa cv ag inc corp co ltd plc "
    "lp bv nv ab as oy spa sas sarl kg ug sp zoo pte sdn bhd fze fzco the"
)
LEGAL_FORMS = frozenset(_SHORT_FORMS.split())
_PATTERN = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _PHRASES), key=len, reverse=True)) + r")\b"
)


def canonical_forms(folded: str) -> str:
    """``folded`` with long legal forms replaced by their short form."""
    return _PATTERN.sub(lambda m: _PHRASES[m.group(1)], folded)
