"""The transactional outbox: events written in the same transaction as the fact they report.

For each partner whose agreement lets the event's kind flow from this node's country to
the partner's, the payload is stripped to the agreement's fields, numbered in that
partner's stream and stored; the delivery worker signs and sends it later.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

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


_NEXT_SEQ = (
    update(federation_streams)
    .where(federation_streams.c.destination == bindparam("stream"))
    .values(last_seq=federation_streams.c.last_seq + 1)
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
        partners = self._partners()
        if partners is None:  # a database that is no node yet has no partners to tell
            return []
        queued: list[Envelope] = []
        issued_at = self.now()
        for peer, agreement in partners.routes:
            flow = agreement.flow(partners.me.country, peer.country, event.kind)
            if flow is None or not _concerns(event, peer, partners.me.country):
                continue
            if not agreement.in_force(issued_at.date()):
                continue
            envelope = Envelope(
                event_id=str(uuid.uuid4()),
                origin=partners.me.node_id,
                destination=peer.node_id,
                seq=self._next_seq(peer.node_id),
                kind=event.kind,
                version=event.version,
                issued_at=issued_at,
                agreement_id=agreement.id,
                agreement_version=agreement.version,
                agreement_hash=agreement.hash,
                payload=strip_payload(event.model_dump(mode="json"), flow.fields),
            )
            self._store(envelope)
            queued.append(envelope)
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

    def _next_seq(self, destination: str) -> int:
        return int(self.connection.execute(_NEXT_SEQ, {"stream": destination}).scalar_one())

    def _store(self, envelope: Envelope) -> None:
        self.connection.execute(
            insert(federation_outbox),
            {
                "destination": envelope.destination,
                "seq": envelope.seq,
                "event_id": envelope.event_id,
                "kind": envelope.kind,
                "envelope": envelope.to_dict(),
                "created_at": envelope.issued_at,
            },
        )


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


def federation_hook(connection: Connection, crossing: Crossing) -> None:
    """The ledger hook (``LedgerService(on_recorded=[federation_hook])``) for local records.

    The event is built only when the node has partners: bulk imports on a node without
    any call this once per crossing.
    """
    outbox = Outbox(connection)
    if outbox.has_partners():
        outbox.emit(crossing_event(crossing))
