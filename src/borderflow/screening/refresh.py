"""List refresh: the diff between two versions, and retro-screening of recent crossings.

The diff is keyed by entry key (``<source>:<id>``): an entry is *changed* when its names,
dates, nationalities, identifiers, programs or remarks differ. Retro-screening screens the
travelers of the last N days against the *added* entries only (and changed entries whose
names changed), since everything else was already screened at the crossing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from borderflow.errors import InvalidInput
from borderflow.screening.index import NameIndex
from borderflow.screening.model import BirthDate, Entry, EntryKind
from borderflow.screening.screener import DEFAULT_THRESHOLD, Match, Screener

__all__ = [
    "CrossingsInMemory",
    "ListDiff",
    "RecentCrossing",
    "RecentCrossings",
    "RetroHit",
    "diff_entries",
    "retro_screen",
]


@dataclass(frozen=True, slots=True)
class ListDiff:
    added: tuple[Entry, ...]
    removed: tuple[Entry, ...]
    changed: tuple[tuple[Entry, Entry], ...]

    def summary(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
        }

    def to_screen_again(self) -> list[Entry]:
        """Added entries and changed entries whose names changed."""
        renamed = [new for old, new in self.changed if old.names != new.names]
        return [*self.added, *renamed]


def diff_entries(old: Iterable[Entry], new: Iterable[Entry]) -> ListDiff:
    before = {e.key: e for e in old}
    after = {e.key: e for e in new}
    return ListDiff(
        added=tuple(after[k] for k in sorted(after.keys() - before.keys())),
        removed=tuple(before[k] for k in sorted(before.keys() - after.keys())),
        changed=tuple(
            (before[k], after[k])
            for k in sorted(before.keys() & after.keys())
            if before[k].fingerprint() != after[k].fingerprint()
        ),
    )


@dataclass(frozen=True, slots=True)
class RecentCrossing:
    """A traveler's crossing as retro-screening needs it (the ledger provides these)."""

    crossing_id: str
    occurred_at: dt.datetime
    name: str
    birth_date: BirthDate | None = None
    nationality: str | None = None


class RecentCrossings(Protocol):
    """Crossings recorded at or after ``since`` (the ledger implements this)."""

    def crossings_since(self, since: dt.datetime) -> Iterable[RecentCrossing]: ...


class CrossingsInMemory:
    """:class:`RecentCrossings` over a plain sequence (tests, imports)."""

    def __init__(self, crossings: Sequence[RecentCrossing]) -> None:
        self._crossings = tuple(crossings)

    def crossings_since(self, since: dt.datetime) -> Iterable[RecentCrossing]:
        return (c for c in self._crossings if c.occurred_at >= since)


@dataclass(frozen=True, slots=True)
class RetroHit:
    crossing: RecentCrossing
    match: Match


def retro_screen(
    crossings: RecentCrossings,
    entries: Sequence[Entry],
    *,
    days: int,
    now: dt.datetime,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[RetroHit]:
    """Hits of the last ``days`` days' travelers against ``entries`` (persons only)."""
    if days < 1:
        raise InvalidInput("days must be at least 1", field="days")
    if now.tzinfo is None:
        raise InvalidInput("now must be timezone-aware", field="now")
    people = [e for e in entries if e.kind is EntryKind.PERSON]
    if not people:
        return []
    screener = Screener(NameIndex(people), threshold=threshold)
    hits = []
    for crossing in crossings.crossings_since(now - dt.timedelta(days=days)):
        for match in screener.screen(
            crossing.name, dob=crossing.birth_date, nationality=crossing.nationality
        ):
            hits.append(RetroHit(crossing, match))
    return hits
