"""Changes to the shared TCO list, as events the federation carries to partner nodes.

Each event is a frozen dataclass with a stable ``kind`` and ``version`` and a
``to_dict()`` giving its JSON body. Personal data in them (names, dates of birth) is what
the partners need to screen; the sharing agreement decides which partner gets which kind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

__all__ = [
    "RedressDecided",
    "WatchlistEntryRemoved",
    "WatchlistEvent",
    "WatchlistNomination",
    "WatchlistNominationReviewed",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchlistEvent:
    kind: ClassVar[str] = "screening.event"
    version: ClassVar[int] = 1

    event_id: str
    nomination_id: str
    occurred_at: dt.datetime
    actor: str
    country: str

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"kind": self.kind, "version": self.version}
        for item in fields(self):
            value = getattr(self, item.name)
            body[item.name] = value.isoformat() if isinstance(value, dt.datetime) else value
        return body


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchlistNomination(WatchlistEvent):
    """A country nominated a person for the shared TCO list (not yet on it)."""

    kind: ClassVar[str] = "screening.tco.nominated"

    organization: str
    basis: str
    entry: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchlistNominationReviewed(WatchlistEvent):
    """A reviewer accepted (the entry is now listed) or rejected a nomination."""

    kind: ClassVar[str] = "screening.tco.reviewed"

    accepted: bool
    reason: str
    entry: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchlistEntryRemoved(WatchlistEvent):
    """A listed entry was removed from the shared list."""

    kind: ClassVar[str] = "screening.tco.removed"

    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RedressDecided(WatchlistEvent):
    """A redress request was decided; ``entry`` is the entry as it now stands (or empty)."""

    kind: ClassVar[str] = "screening.tco.redress_decided"

    request_id: str
    outcome: str
    reason: str
    entry: dict[str, Any] = field(default_factory=dict)
