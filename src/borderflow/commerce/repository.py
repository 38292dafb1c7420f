"""Cards and trips in the node's database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Row, bindparam, insert, select, update

from borderflow.commerce.model import (
    Card,
    CardStatus,
    Shipment,
    Tractor,
    Trip,
    TripFiling,
    UnknownCard,
)
from borderflow.commerce.tables import commerce_cards, commerce_shipments, commerce_trips
from borderflow.errors import NotFound
from borderflow.programs import Member, MemberKind, MemberRef
from borderflow.programs.tables import program_members

__all__ = ["CardRepository", "TripRepository"]

_c = commerce_cards.c
_t = commerce_trips.c
_s = commerce_shipments.c
_p = program_members.c

# The booth's hot path runs these statements, built once: no construction or cache-key
# generation per read.
_CARD_WITH_DRIVER = (
    select(commerce_cards, _p.kind, _p.name, _p.country, _p.identifier)
    .join(program_members, _p.id == _c.driver_member_id)
    .where(_c.card_number == bindparam("card_number"))
)
_NEXT_OPEN_TRIP = (
    select(commerce_trips)
    .where(
        _t.driver_member_id == bindparam("driver"),
        _t.country == bindparam("country"),
        _t.presented_at.is_(None),
        _t.expected_arrival >= bindparam("since", type_=commerce_trips.c.expected_arrival.type),
    )
    .order_by(_t.expected_arrival)
    .limit(1)
)
_SHIPMENTS = select(commerce_shipments).where(_s.trip_id == bindparam("trip_id")).order_by(_s.line)
_MARK_PRESENTED = (
    update(commerce_trips)
    .where(_t.trip_id == bindparam("presented_trip"))
    .values(presented_at=bindparam("presented_now", type_=commerce_trips.c.presented_at.type))
)


class CardRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, card: Card) -> None:
        self.connection.execute(
            insert(commerce_cards).values(
                card_number=card.card_number,
                driver_member_id=card.driver_member_id,
                status=card.status.value,
                issued_at=card.issued_at,
                expires_at=card.expires_at,
            )
        )

    def exists(self, card_number: str) -> bool:
        found = self.connection.execute(
            select(_c.card_number).where(_c.card_number == card_number)
        ).first()
        return found is not None

    def get(self, card_number: str) -> Card:
        return self.get_with_driver(card_number)[0]

    def get_with_driver(self, card_number: str) -> tuple[Card, Member]:
        """The card and the driver the registry links it to, in one query."""
        row = self.connection.execute(_CARD_WITH_DRIVER, {"card_number": card_number}).first()
        if row is None:
            raise UnknownCard(f"no card {card_number} is registered", field="card_number")
        card = Card(
            row.card_number,
            int(row.driver_member_id),
            CardStatus(row.status),
            row.issued_at,
            row.expires_at,
        )
        driver = Member(
            card.driver_member_id,
            MemberKind(row.kind),
            row.name,
            MemberRef(row.country, row.identifier),
        )
        return card, driver

    def revoke(self, card_number: str, reason: str, now: dt.datetime) -> None:
        self.connection.execute(
            update(commerce_cards)
            .where(_c.card_number == card_number)
            .values(status=CardStatus.REVOKED.value, revoked_at=now, revoked_reason=reason)
        )


class TripRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, trip: Trip, actor: str) -> None:
        filing = trip.filing
        self.connection.execute(
            insert(commerce_trips).values(
                trip_id=trip.trip_id,
                driver_member_id=trip.driver_member_id,
                card_number=filing.card_number,
                carrier=str(filing.carrier),
                country=filing.country,
                port=filing.port,
                lane=filing.lane,
                expected_arrival=filing.expected_arrival,
                filed_at=trip.filed_at,
                filed_by=actor,
                tractor_plate=filing.tractor.plate,
                tractor_vin=filing.tractor.vin,
                trailer_plate=filing.trailer_plate,
            )
        )
        self.connection.execute(
            insert(commerce_shipments),
            [
                {
                    "trip_id": trip.trip_id,
                    "line": s.line,
                    "importer": str(s.importer),
                    "hs_code": s.hs_code,
                    "value_cents": int(s.value * 100),
                    "currency": s.currency,
                    "origin": s.origin,
                }
                for s in filing.shipments
            ],
        )

    def get(self, trip_id: str) -> Trip:
        row = self.connection.execute(select(commerce_trips).where(_t.trip_id == trip_id)).first()
        if row is None:
            raise NotFound(f"no trip {trip_id!r} is filed", field="trip_id")
        return self._trip(row)

    def next_open(self, driver_member_id: int, country: str, since: dt.datetime) -> Trip | None:
        """The driver's earliest trip into ``country`` not yet presented, expected after
        ``since`` (older unpresented filings are stale and ignored)."""
        row = self.connection.execute(
            _NEXT_OPEN_TRIP, {"driver": driver_member_id, "country": country, "since": since}
        ).first()
        return None if row is None else self._trip(row)

    def mark_presented(self, trip_id: str, now: dt.datetime) -> None:
        self.connection.execute(_MARK_PRESENTED, {"presented_trip": trip_id, "presented_now": now})

    def _trip(self, row: Row[*tuple[Any, ...]]) -> Trip:
        shipments = self.connection.execute(_SHIPMENTS, {"trip_id": row.trip_id})
        filing = TripFiling(
            card_number=row.card_number,
            carrier=MemberRef.parse(row.carrier),
            country=row.country,
            port=row.port,
            lane=row.lane,
            expected_arrival=row.expected_arrival,
            tractor=Tractor(row.tractor_plate, row.tractor_vin),
            trailer_plate=row.trailer_plate,
            shipments=tuple(
                Shipment(
                    s.line,
                    MemberRef.parse(s.importer),
                    s.hs_code,
                    Decimal(s.value_cents).scaleb(-2),
                    s.currency,
                    s.origin,
                )
                for s in shipments
            ),
        )
        return Trip(row.trip_id, int(row.driver_member_id), filing, row.filed_at, row.presented_at)
