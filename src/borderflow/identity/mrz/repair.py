"""Undoing OCR confusions (O/0, I/1, S/5, B/8, Z/2, G/6), only when every check then passes.

Fields that can hold only digits (dates, check digits) get letters mapped to digits;
fields that can hold only letters (codes, states, nationality, sex, names) get digits
mapped to letters. Mixed fields (document number, optional data) are left as read:
guessing there could turn a misread into a different, valid-looking document.
"""

from __future__ import annotations

from collections.abc import Sequence

from borderflow.identity.mrz.model import MrzFormat, MrzRepair, MrzResult
from borderflow.identity.mrz.parse import detect_format, normalise_lines, parse_mrz

__all__ = ["parse_with_repair"]

_TO_DIGIT = str.maketrans("OISBZG", "015826")
_TO_LETTER = str.maketrans("015826", "OISBZG")

# (line index, start, end, kind, field) — kind "9" numeric, "A" alphabetic.
_Span = tuple[int, int, int, str, str]


def _dates(line: int, birth: int, expiry: int) -> tuple[_Span, ...]:
    return (
        (line, birth, birth + 6, "9", "birth_date"),
        (line, birth + 6, birth + 7, "9", "birth_date check digit"),
        (line, expiry, expiry + 6, "9", "expiry_date"),
        (line, expiry + 6, expiry + 7, "9", "expiry_date check digit"),
    )


_CODES: tuple[_Span, ...] = ((0, 0, 2, "A", "document_code"), (0, 2, 5, "A", "issuing_state"))
_TD1: tuple[_Span, ...] = (
    *_CODES,
    (0, 14, 15, "9", "document_number check digit"),
    *_dates(1, 0, 8),
    (1, 7, 8, "A", "sex"),
    (1, 15, 18, "A", "nationality"),
    (1, 29, 30, "9", "composite check digit"),
    (2, 0, 30, "A", "name"),
)


def _two_line(length: int, composite: bool) -> tuple[_Span, ...]:
    spans: list[_Span] = [
        *_CODES,
        (0, 5, length, "A", "name"),
        (1, 9, 10, "9", "document_number check digit"),
        (1, 10, 13, "A", "nationality"),
        *_dates(1, 13, 21),
        (1, 20, 21, "A", "sex"),
    ]
    if composite:
        spans.append((1, length - 1, length, "9", "composite check digit"))
    if length == 44 and composite:
        spans.append((1, 42, 43, "9", "personal_number check digit"))
    return tuple(spans)


_SPANS = {
    MrzFormat.TD1: _TD1,
    MrzFormat.TD2: _two_line(36, composite=True),
    MrzFormat.TD3: _two_line(44, composite=True),
    MrzFormat.MRV_A: _two_line(44, composite=False),
    MrzFormat.MRV_B: _two_line(36, composite=False),
}


def parse_with_repair(lines: Sequence[str]) -> MrzResult:
    """Parse; if checks fail, try the OCR repair and keep it only if every check passes."""
    result = parse_mrz(lines)
    if result.valid:
        return result
    zone = [list(line) for line in normalise_lines(lines)]
    fmt = detect_format(normalise_lines(lines))
    repairs: list[MrzRepair] = []
    for index, start, end, kind, name in _SPANS[fmt]:
        found = "".join(zone[index][start:end])
        fixed = found.translate(_TO_DIGIT if kind == "9" else _TO_LETTER)
        if fixed != found:
            zone[index][start:end] = list(fixed)
            repairs.append(MrzRepair(name, found, fixed))
    if not repairs:
        return result
    repaired = parse_mrz(["".join(line) for line in zone])
    if not repaired.valid:
        return result
    return MrzResult(
        repaired.format, repaired.lines, repaired.fields, (), tuple(repairs), repaired.notes
    )
