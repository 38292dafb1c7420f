"""The shared TCO list across the federation: changes sent to partners, theirs applied here.

Sending: each change made on this node goes into the federation outbox in the caller's
transaction, as a ``WatchlistChanged`` event carrying the nomination's state after the
change (the person only while proposed or listed); the sharing agreement decides which
partners get it and which fields.

Receiving: :class:`WatchlistApplier` mirrors a partner's nomination here (``origin`` = the
partner's node). Partners see the mirror and screen against it while it is accepted; only
the owning node changes it (see ``tco.owned_here``). When a mirror is rejected, removed or
delisted, or when the sharing agreement's retention of the events that carried the person
ends (``forget``, called by the federation's retention purge), the person's names, dates
and documents are dropped from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import Connection

from borderflow.errors import Conflict
from borderflow.federation.events import EventModel, ListedPerson, WatchlistChanged
from borderflow.federation.inbound import Peer
from borderflow.federation.outbox import Outbox
from borderflow.screening.events import (
    RedressDecided,
    WatchlistEvent,
    WatchlistNominationReviewed,
)
from borderflow.screening.model import (
    BirthDate,
    Entry,
    EntryKind,
    EntryName,
    Identifier,
    NameStrength,
)
from borderflow.screening.repository import TcoRepository
from borderflow.screening.tco import TCO_SOURCE, Nomination, NominationStatus

__all__ = ["WatchlistApplier", "partner_event", "share"]

_WITH_PERSON = frozenset({NominationStatus.PROPOSED, NominationStatus.ACCEPTED})
_CHANGES = {
    "screening.tco.nominated": "nominated",
    "screening.tco.removed": "removed",
}


def _change(event: WatchlistEvent) -> str:
    if isinstance(event, WatchlistNominationReviewed):
        return "accepted" if event.accepted else "rejected"
    if isinstance(event, RedressDecided):
        return f"redress_{event.outcome}"
    return _CHANGES[event.kind]


def person_of(entry: Entry) -> ListedPerson:
    return ListedPerson(
        entry_id=entry.entry_id,
        kind=entry.kind.value,
        names=[(n.name, n.strength.value) for n in entry.names],
        birth_dates=[(d.year, d.month, d.day, d.year_to) for d in entry.birth_dates],
        nationalities=sorted(entry.nationalities),
        gender=entry.gender,
        identifiers=[(i.kind, i.number, i.country) for i in entry.identifiers],
    )


def partner_event(nomination: Nomination, event: WatchlistEvent) -> WatchlistChanged:
    """What partners are told of ``event``: the nomination as it stands after it."""
    return WatchlistChanged(
        change_id=event.event_id,
        nomination_id=nomination.nomination_id,
        list_name=TCO_SOURCE,
        change=_change(event),
        status=nomination.status.value,
        country=nomination.country,
        organization=nomination.organization,
        basis=nomination.basis,
        reason=nomination.reason or None,
        nominated_at=nomination.nominated_at,
        occurred_at=event.occurred_at,
        person=person_of(nomination.entry) if nomination.status in _WITH_PERSON else None,
    )


def share(connection: Connection, nomination: Nomination, event: WatchlistEvent) -> None:
    """Queue ``event`` for the partners whose agreement carries watch-list changes."""
    if nomination.origin is not None:
        return  # a partner's nomination: its owner tells the others
    outbox = Outbox(connection)
    if outbox.has_partners():
        outbox.emit(partner_event(nomination, event))


class WatchlistApplier:
    """Mirrors partners' TCO nominations (the federation's applier for ``WatchlistChanged``)."""

    def problem(self, connection: Connection, event: EventModel, origin: Peer) -> str:
        if not isinstance(event, WatchlistChanged):
            return f"not a watch-list change: {event.kind}"
        if event.list_name != TCO_SOURCE:
            return f"unknown shared list {event.list_name!r} (this node keeps {TCO_SOURCE})"
        if event.status not in set(NominationStatus):
            return f"unknown nomination status {event.status!r}"
        if NominationStatus(event.status) in _WITH_PERSON and event.person is None:
            return f"a {event.status} nomination needs the person (the agreement omits it)"
        if event.person is not None:
            try:
                _entry(event.person)
            except ValueError as exc:
                return f"person: {exc}"
        held = TcoRepository(connection).find(event.nomination_id)
        if held is not None and held.origin != origin.node_id:
            owner = "this node" if held.origin is None else f"node {held.origin}"
            return f"nomination {event.nomination_id} belongs to {owner}"
        return ""

    def apply(self, connection: Connection, event: EventModel, origin: Peer) -> None:
        if not isinstance(event, WatchlistChanged):
            return
        problem = self.problem(connection, event, origin)
        if problem:  # checked with the batch already; only a same-batch clash gets here
            raise Conflict(problem, field="nomination_id")
        repository = TcoRepository(connection)
        held = repository.find(event.nomination_id)
        repository.put(mirrored(event, origin.node_id, held))

    def forget(
        self,
        connection: Connection,
        origin: str,
        expired: Sequence[EventModel],
        kept: Sequence[EventModel],
    ) -> list[str]:
        """Drop the person from ``origin``'s mirrored nominations that only ``expired``
        events (whose retention has ended) told this node of; the ids of those dropped.

        A nomination that a ``kept`` event (still within its retention) also carries keeps
        the person: that event's retention has not ended.
        """
        still_held = {e.nomination_id for e in kept if isinstance(e, WatchlistChanged)}
        ended = {e.nomination_id for e in expired if isinstance(e, WatchlistChanged)}
        repository = TcoRepository(connection)
        forgotten = []
        for nomination_id in sorted(ended - still_held):
            held = repository.find(nomination_id)
            if held is None or held.origin != origin or not held.entry.names:
                continue
            repository.put(replace(held, entry=_without_person(held.entry.entry_id)))
            forgotten.append(nomination_id)
        return forgotten


def _without_person(entry_id: str) -> Entry:
    return Entry(TCO_SOURCE, entry_id, EntryKind.PERSON, names=(), programs=("TCO",))


def mirrored(event: WatchlistChanged, origin: str, held: Nomination | None) -> Nomination:
    """The partner's nomination as ``event`` says it now stands."""
    status = NominationStatus(event.status)
    if event.person is not None and status in _WITH_PERSON:
        entry = _entry(event.person)
    else:
        entry = _without_person(held.entry.entry_id if held else event.nomination_id)
    decided = status is not NominationStatus.PROPOSED
    return Nomination(
        nomination_id=event.nomination_id,
        entry=entry,
        organization=event.organization,
        basis=event.basis or "",
        country=event.country,
        nominated_by=f"peer:{origin}",
        nominated_at=event.nominated_at,
        status=status,
        decided_by=f"peer:{origin}" if decided else None,
        decided_at=event.occurred_at if decided else None,
        reason=event.reason or "",
        origin=origin,
    )


def _entry(person: ListedPerson) -> Entry:
    return Entry(
        source=TCO_SOURCE,
        entry_id=person.entry_id,
        kind=EntryKind(person.kind),
        names=tuple(EntryName(name, NameStrength(strength)) for name, strength in person.names),
        birth_dates=tuple(BirthDate(*d) for d in person.birth_dates),
        nationalities=frozenset(person.nationalities),
        gender=person.gender,
        identifiers=tuple(Identifier(*i) for i in person.identifiers),
        programs=("TCO",),
    )
