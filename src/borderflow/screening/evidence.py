"""What besides the name raises or lowers a match score (pure).

Dates of birth, nationality and gender adjust the name score by fixed, documented
amounts; an identifier number shared with the entry is strong evidence on its own.

A differing date of birth lowers a match but cannot hide a name that matches exactly:
listed dates are often wrong or several, and a listed person can give another one. Such
a match keeps its alert at the lowest priority (the threshold); a weak name match with a
differing date still sinks, which is where the false alerts are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from borderflow.screening.model import BirthDate, Entry, NameStrength

__all__ = [
    "Adjustment",
    "QueryFacts",
    "adjustments",
    "keep_exact_name",
    "name_is_exact",
    "strength_adjustment",
]

IDENTIFIER_FLOOR = 0.98
DOB_SAME_DAY = 0.12
DOB_SAME_YEAR = 0.04
DOB_YEAR_OFF = -0.02
DOB_DIFFERENT = -0.30
WEAK_ALIAS = -0.08
FORMER_NAME = -0.02
#: A query part matched at least this well (exact, synonym, particles joined) is exact.
EXACT_PART = 0.95
_KEPT = ": alert kept because the name matches exactly"


@dataclass(frozen=True, slots=True)
class Adjustment:
    """One reason the score moved, and by how much."""

    reason: str
    delta: float
    #: Set on a date of birth that contradicts the entry's, which an exact name overrides.
    birth_date_conflict: bool = False


@dataclass(frozen=True, slots=True)
class QueryFacts:
    """What is known about the screened person besides the name."""

    birth_date: BirthDate | None = None
    nationality: str | None = None
    gender: str | None = None
    identifiers: tuple[str, ...] = ()


def strength_adjustment(strength: NameStrength) -> list[Adjustment]:
    delta = {NameStrength.WEAK: WEAK_ALIAS, NameStrength.FORMER: FORMER_NAME}.get(strength)
    return [] if delta is None else [Adjustment(f"matched a {strength} alias", delta)]


def adjustments(facts: QueryFacts, entry: Entry, shared_ids: Sequence[str]) -> list[Adjustment]:
    """Every adjustment the facts make for ``entry`` (identifiers handled by the caller)."""
    found: list[Adjustment] = []
    if shared_ids:
        found.append(Adjustment(f"identifier {shared_ids[0]} is on the entry", 0.0))
    if facts.birth_date is not None and entry.birth_dates:
        found.append(_birth_date(facts.birth_date, entry.birth_dates))
    if facts.nationality and entry.nationalities:
        if facts.nationality in entry.nationalities:
            found.append(Adjustment(f"nationality {facts.nationality} matches", 0.03))
        else:
            listed = ", ".join(sorted(entry.nationalities))
            found.append(Adjustment(f"nationality {facts.nationality} is not {listed}", -0.05))
    if facts.gender and entry.gender and facts.gender != entry.gender:
        found.append(Adjustment(f"gender {facts.gender} is not {entry.gender}", -0.10))
    return found


def _birth_date(query: BirthDate, listed: Sequence[BirthDate]) -> Adjustment:
    best = max(_date_agreement(query, d) for d in listed)
    dates = ", ".join(d.iso() for d in listed)
    if best >= 3:
        return Adjustment(f"date of birth {query.iso()} matches {dates}", DOB_SAME_DAY)
    if best >= 1:
        return Adjustment(f"year of birth {query.year} fits {dates}", DOB_SAME_YEAR)
    if best == 0:
        return Adjustment(f"year of birth {query.year} is within a year of {dates}", DOB_YEAR_OFF)
    return Adjustment(
        f"date of birth {query.iso()} differs from {dates}",
        DOB_DIFFERENT,
        birth_date_conflict=True,
    )


def name_is_exact(part_scores: Sequence[float | None], name_score: float) -> bool:
    """Two parts or more, every one matched (``None``: not on the entry) exactly or as a
    synonym, and the listed name has no other part that counts (``name_score`` at least
    ``EXACT_PART``; a missing title or patronymic costs little): a date of birth cannot
    argue such a name away. A relative whose listed name holds the query's parts and more
    (``Qusay Saddam Hussein al-Tikriti`` for ``Saddam Hussein al-Tikriti``) is not exact."""
    return (
        len(part_scores) >= 2
        and name_score >= EXACT_PART
        and all(s is not None and s >= EXACT_PART for s in part_scores)
    )


def keep_exact_name(
    moves: Sequence[Adjustment], name_score: float, threshold: float
) -> list[Adjustment]:
    """``moves`` with a differing date of birth capped so that a name scoring at least
    ``threshold`` on its own, which the caller found exact, stays at the threshold (unless
    the other evidence, nationality or gender, takes it below on its own)."""
    kept: list[Adjustment] = []
    for move in moves:
        if move.birth_date_conflict:
            others = sum(m.delta for m in moves if m is not move)
            room = threshold - (name_score + others)
            if name_score >= threshold and DOB_DIFFERENT < room <= 0.0:
                kept.append(Adjustment(move.reason + _KEPT, round(room, 4)))
                continue
        kept.append(move)
    return kept


def _date_agreement(query: BirthDate, listed: BirthDate) -> int:
    """3 same day, 2 same month, 1 year inside the listed range, 0 a year off, -1 else."""
    if listed.year <= query.year <= listed.last_year:
        if query.month and listed.month == query.month and listed.year_to is None:
            return 3 if query.day and listed.day == query.day else 2
        if listed.month and query.month and listed.month != query.month:
            return 0
        return 1
    if listed.year - 1 <= query.year <= listed.last_year + 1:
        return 0
    return -1
