"""The transactional outbox: events written in the same transaction as the fact they report.

For each partner whose agreement lets the event's kind flow from this node's country to
the partner's, the payload is stripped to the agreement's fields, numbered in that
partner's stream and stored; the delivery worker signs and sends it later.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, bindparam, insert, update

from borderflow.federation.agreements import Agreement, strip_payload
from borderflow.federation.envelope import Envelope
from borderflow.federation.events import CrossingRecorded, EventModel, TravelDocument
from borderflow.federation.inbound import Peer
from borderflow.federation.repository import (
    AgreementRepository,
    NodeIdentity,
    NodeRepository,
    PeerRepository,
)
from borderflow.federation.tables import federation_outbox, federation_streams
from borderflow.ledger.model import Crossing

__all__ = ["Outbox", "crossing_event", "federation_hook"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class _Partners:
    """Who this node is and what it may send to whom, read once per transaction."""

    me: NodeIdentity
    routes: tuple[tuple[Peer, Agreement], ...]


_TAKE_SEQS = (
    update(federation_streams)
    .where(federation_streams.c.destination == bindparam("stream"))
    .values(last_seq=federation_streams.c.last_seq + bindparam("count"))
    .returning(federation_streams.c.last_seq)
)
_CACHE_KEY = "borderflow.federation.partners"


class Outbox:
    """Writes events for partners inside the caller's transaction."""

    def __init__(self, connection: Connection, *, now: Callable[[], dt.datetime] = _now) -> None:
        self.connection = connection
        self.now = now

    def emit(self, event: EventModel) -> list[Envelope]:
        """Queue ``event`` for every partner it may go to; returns what was queued."""
        return self.emit_many([event])

    def emit_many(self, events: Sequence[EventModel]) -> list[Envelope]:
        """Queue ``events`` (in order) for every partner each may go to; what was queued.

        Per partner, the sequence numbers of the whole batch are taken with one update and
        the rows stored with one insert.
        """
        partners = self._partners()
        if partners is None or not events:  # a database that is no node yet has no partners
            return []
        issued_at = self.now()
        dumped: dict[int, dict[str, Any]] = {}
        queued: list[Envelope] = []
        for peer, agreement in partners.routes:
            if not agreement.in_force(issued_at.date()):
                continue
            bound = _bound(events, agreement, peer, partners.me.country)
            if not bound:
                continue
            first = self._take_seqs(peer.node_id, len(bound)) - len(bound) + 1
            envelopes = [
                Envelope(
                    event_id=str(uuid.uuid4()),
                    origin=partners.me.node_id,
                    destination=peer.node_id,
                    seq=first + offset,
                    kind=event.kind,
                    version=event.version,
                    issued_at=issued_at,
                    agreement_id=agreement.id,
                    agreement_version=agreement.version,
                    agreement_hash=agreement.hash,
                    payload=strip_payload(_dump(event, dumped), fields),
                )
                for offset, (event, fields) in enumerate(bound)
            ]
            self._store(envelopes)
            queued.extend(envelopes)
        return queued

    def has_partners(self) -> bool:
        """Whether this database is a node with at least one partner to tell."""
        partners = self._partners()
        return partners is not None and bool(partners.routes)

    def _partners(self) -> _Partners | None:
        """Node, peers and agreements, cached for the rest of the current transaction."""
        transaction = self.connection.get_transaction()
        cached = self.connection.info.get(_CACHE_KEY)
        if cached is not None and cached[0] is transaction:
            return cast(_Partners | None, cached[1])
        me = NodeRepository(self.connection).find()
        partners = None
        if me is not None:
            agreements = AgreementRepository(self.connection)
            routes = []
            for peer in PeerRepository(self.connection).all():
                agreement = agreements.for_partner(peer.country)
                if agreement is not None:
                    routes.append((peer, agreement))
            partners = _Partners(me, tuple(routes))
        self.connection.info[_CACHE_KEY] = (transaction, partners)
        return partners

    def _take_seqs(self, destination: str, count: int) -> int:
        """Reserve ``count`` sequence numbers in ``destination``'s stream; the last of them."""
        params = {"stream": destination, "count": count}
        return int(self.connection.execute(_TAKE_SEQS, params).scalar_one())

    def _store(self, envelopes: Sequence[Envelope]) -> None:
        self.connection.execute(
            insert(federation_outbox),
            [
                {
                    "destination": envelope.destination,
                    "seq": envelope.seq,
                    "event_id": envelope.event_id,
                    "kind": envelope.kind,
                    "envelope": envelope.to_dict(),
                    "created_at": envelope.issued_at,
                }
                for envelope in envelopes
            ],
        )


def _bound(
    events: Sequence[EventModel], agreement: Agreement, peer: Peer, my_country: str
) -> list[tuple[EventModel, frozenset[str]]]:
    """The events that go to ``peer``, each with the fields its flow lets through."""
    fields: dict[str, frozenset[str] | None] = {}
    bound = []
    for event in events:
        if event.kind not in fields:
            flow = agreement.flow(my_country, peer.country, event.kind)
            fields[event.kind] = None if flow is None else flow.allowed
        allowed = fields[event.kind]
        if allowed is not None and _concerns(event, peer, my_country):
            bound.append((event, allowed))
    return bound


def _dump(event: EventModel, cache: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """The event's JSON form, computed once however many partners it goes to."""
    key = id(event)
    if key not in cache:
        cache[key] = event.model_dump(mode="json")
    return cache[key]


def _concerns(event: EventModel, peer: Peer, my_country: str) -> bool:
    """A crossing goes only to the other country it crosses between; other kinds to all."""
    if isinstance(event, CrossingRecorded):
        return peer.country in {event.from_country, event.to_country} - {my_country}
    return True


def crossing_event(crossing: Crossing) -> CrossingRecorded:
    """The event reporting a crossing recorded by the ledger."""
    doc = crossing.document
    return CrossingRecorded(
        id=crossing.id,
        document=TravelDocument(
            doc_type=doc.doc_type.value,
            issuing_country=doc.issuing_country,
            number=doc.number,
            surname=doc.surname,
            given_names=doc.given_names,
            date_of_birth=doc.date_of_birth,
            nationality=doc.nationality,
            sex=doc.sex.value if doc.sex else None,
        ),
        mode=crossing.mode.value,
        port=crossing.port,
        from_country=crossing.from_country,
        to_country=crossing.to_country,
        crossed_at=crossing.crossed_at,
        admission_class=crossing.admission_class,
        admitted_until=crossing.admitted_until,
    )


class _FederationHook:
    """The ledger hook (``LedgerService(on_recorded=[federation_hook])``) for local records.

    A batch hook: the ledger hands it all the new crossings of a write at once, so the
    partners are read, sequence numbers taken and outbox rows inserted once per write.
    Events are built only when the node has partners (bulk imports on a node without any
    cost nothing more).
    """

    def __call__(self, connection: Connection, crossing: Crossing) -> None:
        self.batch(connection, [crossing])

    def batch(self, connection: Connection, crossings: Sequence[Crossing]) -> None:
        outbox = Outbox(connection)
        if outbox.has_partners():
            outbox.emit_many([crossing_event(c) for c in crossings])


federation_hook = _FederationHook()
