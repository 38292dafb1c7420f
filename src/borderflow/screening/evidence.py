"""What besides the name raises or lowers a match score (pure).

Dates of birth, nationality and gender adjust the name score by fixed, documented
amounts; an identifier number shared with the entry is strong evidence on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from borderflow.screening.model import BirthDate, Entry, NameStrength

__all__ = ["Adjustment", "QueryFacts", "adjustments", "strength_adjustment"]

IDENTIFIER_FLOOR = 0.98
_STRENGTH = {NameStrength.WEAK: -0.08, NameStrength.FORMER: -0.02}


@dataclass(frozen=True, slots=True)
class Adjustment:
    """One reason the score moved, and by how much."""

    reason: str
    delta: float


@dataclass(frozen=True, slots=True)
class QueryFacts:
    """What is known about the screened person besides the name."""

    birth_date: BirthDate | None = None
    nationality: str | None = None
    gender: str | None = None
    identifiers: tuple[str, ...] = ()


def strength_adjustment(strength: NameStrength) -> list[Adjustment]:
    delta = _STRENGTH.get(strength)
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
        return Adjustment(f"date of birth {query.iso()} matches {dates}", 0.08)
    if best >= 1:
        return Adjustment(f"year of birth {query.year} fits {dates}", 0.04)
    if best == 0:
        return Adjustment(f"year of birth {query.year} is within a year of {dates}", -0.02)
    return Adjustment(f"date of birth {query.iso()} differs from {dates}", -0.25)


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
