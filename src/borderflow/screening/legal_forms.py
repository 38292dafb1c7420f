"""Company legal forms: recognised, put in one spelling, and kept out of name matching.

``Siemens Aktiengesellschaft`` and ``Siemens AG``, ``OAO Gazprom`` and ``Open Joint Stock
Company Gazprom`` name the same company: the legal form says what kind of company it is,
not which one, so the scorer compares the remaining words only.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA

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


#: Words of the long forms long enough to be recognised with one typo (``limzited``).
_BY_LENGTH = sorted((tuple(p.split()) for p in _PHRASES), key=len, reverse=True)
_VOCABULARY = frozenset(w for phrase in _PHRASES for w in phrase.split() if len(w) >= 5)


def canonical_forms(folded: str) -> str:
    """``folded`` with long legal forms replaced by their short form.

    A word one edit away from a legal-form word counts as that word when the text then
    holds a whole legal form (``limited liabilty company`` is an LLC); a word that fits no
    whole form is kept as written (``stocks`` stays a surname). A word close to several
    spellings (``otvetstvennostiu``: ``-styu`` and ``-stju``) fits each of them, and the
    words of one form may mix its transliterations: the longest whole form decides.
    """
    words = folded.split()
    if not any(map(_related, words)):
        return folded
    out: list[str] = []
    i = 0
    while i < len(words):
        phrase = next((p for p in _BY_LENGTH if _fits(words[i : i + len(p)], p)), None)
        if phrase is None:
            out.append(words[i])
            i += 1
        else:
            out.append(_PHRASES[" ".join(phrase)])
            i += len(phrase)
    return " ".join(out)


def _fits(words: list[str], phrase: tuple[str, ...]) -> bool:
    return len(words) == len(phrase) and all(map(_close, words, phrase))


def _close(word: str, known: str) -> bool:
    """``word`` is the legal-form word ``known`` or, both being long, one edit from it."""
    if word == known:
        return True
    return (
        known in _VOCABULARY
        and len(word) >= 5
        and abs(len(known) - len(word)) <= 1
        and OSA.distance(word, known) <= 1
    )


@lru_cache(maxsize=65_536)
def _related(word: str) -> bool:
    """``word`` is a legal-form word or one edit from one."""
    return word in _VOCABULARY or any(_close(word, known) for known in _VOCABULARY)
