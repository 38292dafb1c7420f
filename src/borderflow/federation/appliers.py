"""What a received event does at this node, per kind, besides being kept in the inbox.

Crossings are recorded in the ledger by the inbox itself. Other kinds whose receiving
context consumes them have an :class:`Applier`: ``problem`` is asked while the batch is
checked (a non-empty answer refuses the event like any other content problem, and stops
that origin's stream), ``apply`` runs in the receipt's transaction, in sequence order,
``forget`` in the retention purge. Kinds without an applier wait in the inbox.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from sqlalchemy import Connection

from borderflow.federation.events import EventModel, WatchlistChanged
from borderflow.federation.inbound import Peer
from borderflow.screening.partners import WatchlistApplier

__all__ = ["Applier", "default_appliers"]


class Applier(Protocol):
    def problem(self, connection: Connection, event: EventModel, origin: Peer) -> str:
        """Why this node refuses ``event`` from ``origin`` ('' if it applies it)."""

    def apply(self, connection: Connection, event: EventModel, origin: Peer) -> None:
        """Apply ``event``; applying the same event twice leaves the same state."""

    def forget(
        self,
        connection: Connection,
        origin: str,
        expired: Sequence[EventModel],
        kept: Sequence[EventModel],
    ) -> list[str]:
        """Drop the personal data that only ``expired`` events from ``origin`` brought (their
        retention has ended; ``kept`` are that origin's events still retained); what was
        dropped, for the audit log."""


def default_appliers() -> Mapping[str, Applier]:
    """The appliers of the contexts that consume partners' events."""
    return {WatchlistChanged.kind: WatchlistApplier()}
