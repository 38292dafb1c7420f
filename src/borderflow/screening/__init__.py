"""Watch-list screening: list ingestion and refresh, multilingual name matching, the shared
TCO list with nominations and redress.

The port decision calls :meth:`Screener.screen`; a node keeps one
:class:`ScreeningService` whose index is swapped atomically on refresh.
"""

from borderflow.screening.events import (
    RedressDecided,
    WatchlistEntryRemoved,
    WatchlistEvent,
    WatchlistNomination,
    WatchlistNominationReviewed,
)
from borderflow.screening.evidence import Adjustment
from borderflow.screening.index import NameIndex
from borderflow.screening.model import (
    BirthDate,
    Entry,
    EntryKind,
    EntryName,
    Identifier,
    NameStrength,
)
from borderflow.screening.refresh import (
    CrossingsInMemory,
    ListDiff,
    RecentCrossing,
    RecentCrossings,
    RetroHit,
    diff_entries,
    retro_screen,
)
from borderflow.screening.screener import DEFAULT_THRESHOLD, Match, Screener
from borderflow.screening.service import ScreeningService
from borderflow.screening.tco import Nomination, NominationStatus, RedressOutcome, RedressRequest

__all__ = [
    "DEFAULT_THRESHOLD",
    "Adjustment",
    "BirthDate",
    "CrossingsInMemory",
    "Entry",
    "EntryKind",
    "EntryName",
    "Identifier",
    "ListDiff",
    "Match",
    "NameIndex",
    "NameStrength",
    "Nomination",
    "NominationStatus",
    "RecentCrossing",
    "RecentCrossings",
    "RedressDecided",
    "RedressOutcome",
    "RedressRequest",
    "RetroHit",
    "Screener",
    "ScreeningService",
    "WatchlistEntryRemoved",
    "WatchlistEvent",
    "WatchlistNomination",
    "WatchlistNominationReviewed",
    "diff_entries",
    "retro_screen",
]
