"""The commerce service: cards, trip filing, the booth's card read, and the reopening queue."""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from collections.abc import Iterable

from sqlalchemy import Connection

from borderflow.commerce.model import (
    Card,
    CardExpired,
    CardRead,
    CardRevoked,
    CardStatus,
    NoTripFiled,
    Trip,
    TripFiling,
    TripOfAnotherDriver,
)
from borderflow.commerce.repository import CardRepository, TripRepository
from borderflow.commerce.resumption import QueuedTruck, WaitingTruck, reopening_queue
from borderflow.commerce.windows import FilingWindows, default_windows
from borderflow.errors import Forbidden, InvalidInput, NotFound
from borderflow.programs import (
    LaneCandidate,
    MemberKind,
    MemberRef,
    ProgramService,
    ProgramStanding,
    ShipmentGoods,
    lane_eligibility,
)
from borderflow.programs.lifecycle import add_years
from borderflow.programs.service import Clock
from borderflow.reference import default_catalog as reference_catalog

__all__ = ["STALE_AFTER", "CommerceService"]

#: A filed trip not presented within this time after its expected arrival is stale.
STALE_AFTER = dt.timedelta(hours=12)
CARD_VALIDITY_YEARS = 5


class CommerceService:
    """Works inside the caller's transaction, like :class:`ProgramService`."""

    def __init__(
        self,
        connection: Connection,
        *,
        clock: Clock,
        programs: ProgramService | None = None,
        windows: FilingWindows | None = None,
    ) -> None:
        self.clock = clock
        self.programs = programs or ProgramService(connection, clock=clock)
        self.cards = CardRepository(connection)
        self.trips = TripRepository(connection)
        self.windows = windows or default_windows()

    def issue_card(self, driver: MemberRef) -> Card:
        """A new card with a random, opaque number, linked to the driver in the registry."""
        member = self.programs.repository.member_by_ref(driver)
        if member is None:
            raise NotFound(f"no member {driver}", field="driver")
        if member.kind is not MemberKind.PERSON:
            raise InvalidInput(f"{driver} is a business, not a driver", field="driver")
        number = secrets.token_hex(8).upper()
        while self.cards.exists(number):
            number = secrets.token_hex(8).upper()
        now = self.clock()
        card = Card(
            number, member.member_id, CardStatus.ACTIVE, now, add_years(now, CARD_VALIDITY_YEARS)
        )
        self.cards.add(card)
        return card

    def revoke_card(self, card_number: str, reason: str) -> Card:
        if not reason.strip():
            raise InvalidInput("revoking a card needs a reason", field="reason")
        card = self.cards.get(card_number)
        if card.status is CardStatus.REVOKED:
            raise CardRevoked(f"card {card_number} is revoked already", field="card_number")
        self.cards.revoke(card_number, reason.strip(), self.clock())
        return self.cards.get(card_number)

    def usable_card(self, card_number: str) -> Card:
        """The card, refused when unknown, revoked or expired."""
        card = self.cards.get(card_number)
        self._check_usable(card)
        return card

    def _check_usable(self, card: Card) -> None:
        if card.status is CardStatus.REVOKED:
            raise CardRevoked(f"card {card.card_number} is revoked", field="card_number")
        if card.expires_at <= self.clock():
            raise CardExpired(
                f"card {card.card_number} expired on {card.expires_at.date().isoformat()}",
                field="card_number",
            )

    def status_for_card(self, card_number: str, country: str) -> ProgramStanding:
        """The standing in ``country`` of the driver a (usable) card is linked to."""
        card, driver = self.cards.get_with_driver(card_number)
        self._check_usable(card)
        return self.programs.status_for(driver.ref, country)

    def file_trip(self, filing: TripFiling, *, actor: str, filer: MemberRef | None = None) -> Trip:
        """Record a trip filed in advance; refused when late or when the filer is not the
        carrier it names."""
        if filer is not None and filer != filing.carrier:
            raise Forbidden(
                f"{filer} may file trips only as carrier, not for {filing.carrier}", field="carrier"
            )
        card = self.usable_card(filing.card_number)
        port = reference_catalog().port(filing.port)
        if filing.country not in port.countries:
            raise InvalidInput(
                f"port {port.code} ({port.name}) is not an entry into {filing.country}",
                field="port",
            )
        for shipment in filing.shipments:
            _check_origin(shipment.origin, shipment.line)
        now = self.clock()
        self.windows.check_filing(now, filing.expected_arrival, filing.country, filing.lane)
        canonical = dataclasses.replace(filing, port=port.code)
        trip = Trip(f"T{secrets.token_hex(8).upper()}", card.driver_member_id, canonical, now)
        self.trips.add(trip, actor)
        return trip

    def read_card(
        self, card_number: str, *, lane: str, country: str, trip_id: str | None = None
    ) -> CardRead:
        """One card read at the booth: the driver's trip and its lane eligibility."""
        card, driver = self.cards.get_with_driver(card_number)
        self._check_usable(card)
        now = self.clock()
        trip = self._trip_for(card, country, trip_id, now)
        self.windows.check_presented(trip.filed_at, now, country, lane)
        eligibility = lane_eligibility(
            self._candidate(trip, driver.ref, country), lane, country, self.programs.catalog
        )
        self.trips.mark_presented(trip.trip_id, now)
        return CardRead(card.card_number, driver.name, trip, eligibility, now)

    def queue_for_reopening(
        self, country: str, waiting: Iterable[tuple[str, dt.datetime]]
    ) -> list[QueuedTruck]:
        """Order trucks waiting at a closed port (card number, arrival) for its reopening."""
        trucks: list[WaitingTruck] = []
        since = self.clock() - STALE_AFTER
        for card_number, arrived_at in waiting:
            card = self.cards.get(card_number)
            trip = self.trips.next_open(card.driver_member_id, country, since)
            carrier = str(trip.filing.carrier) if trip else "-"
            standing = (
                self.programs.standing_or_none(trip.filing.carrier, country) if trip else None
            )
            rank = standing.reopening_rank if standing else 0
            trucks.append(WaitingTruck(card_number, carrier, arrived_at, rank))
        return reopening_queue(trucks)

    def _trip_for(self, card: Card, country: str, trip_id: str | None, now: dt.datetime) -> Trip:
        if trip_id is not None:
            trip = self.trips.get(trip_id)
            if trip.driver_member_id != card.driver_member_id:
                raise TripOfAnotherDriver(
                    f"trip {trip_id} was filed for another driver than card {card.card_number}",
                    field="trip_id",
                )
            if trip.filing.country != country:
                raise NoTripFiled(
                    f"trip {trip_id} is filed for entry into {trip.filing.country}, not {country}",
                    field="trip_id",
                )
            return trip
        found = self.trips.next_open(card.driver_member_id, country, now - STALE_AFTER)
        if found is None:
            raise NoTripFiled(
                f"no trip into {country} is filed for the driver of card {card.card_number}",
                field="card_number",
            )
        return found

    def _candidate(self, trip: Trip, driver: MemberRef, country: str) -> LaneCandidate:
        """Driver, carrier and importers' standings, looked up together in one query."""
        carrier = trip.filing.carrier
        importers = sorted({s.importer for s in trip.filing.shipments})
        standings = self.programs.standings([driver, carrier, *importers], country)
        return LaneCandidate(
            driver=standings[driver],
            carrier=str(carrier),
            carrier_standing=standings[carrier],
            importers={str(i): standings[i] for i in importers},
            shipments=tuple(
                ShipmentGoods(s.line, str(s.importer), s.hs_code) for s in trip.filing.shipments
            ),
        )


def _check_origin(origin: str, line: int) -> None:
    try:
        reference_catalog().country(origin)
    except NotFound:
        raise InvalidInput(
            f"unknown country of origin {origin!r}: expected an ISO 3166-1 code",
            field=f"shipments[{line}].origin",
        ) from None
