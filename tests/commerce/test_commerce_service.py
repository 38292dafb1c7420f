"""Cards, trip filing and the booth's card read in a real database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from commerce_helpers import StepClock, enrol, filing_json
from sqlalchemy import Connection, Engine, event

from borderflow.commerce import (
    CardExpired,
    CardRevoked,
    CommerceService,
    LateFiling,
    NoTripFiled,
    TripOfAnotherDriver,
    UnknownCard,
    parse_filing,
)
from borderflow.errors import Forbidden, InvalidInput, NotFound
from borderflow.programs import Action, MemberKind, MemberRef, ProgramService

pytestmark = pytest.mark.storage


@dataclass
class Border:
    """A FAST driver with a card, a C-TPAT tier-2 carrier and a tier-3 importer."""

    programs: ProgramService
    commerce: CommerceService
    clock: StepClock
    card: str


@pytest.fixture
def border(engine: Engine, clock: StepClock) -> Iterator[Border]:
    with engine.begin() as connection:
        yield _border(connection, clock)


def _border(connection: Connection, clock: StepClock) -> Border:
    programs = ProgramService(connection, clock=clock)
    commerce = CommerceService(connection, clock=clock, programs=programs)
    enrol(programs, "US:D1234567", "Bo Driver", MemberKind.PERSON, FAST=None)
    enrol(programs, "US:CARRIER-1", "Lone Star Haulage", MemberKind.BUSINESS, CTPAT="2")
    enrol(programs, "US:IMPORTER-1", "Acme Imports", MemberKind.BUSINESS, CTPAT="3")
    card = commerce.issue_card(MemberRef.parse("US:D1234567"))
    return Border(programs, commerce, clock, card.card_number)


def file_trip(border: Border, *, minutes_ahead: int = 90, **changes: object) -> str:
    raw = filing_json(border.card, arrival=border.clock() + dt.timedelta(minutes=minutes_ahead))
    raw.update(changes)
    return border.commerce.file_trip(parse_filing(raw), actor="carrier").trip_id


def test_one_card_read_returns_the_trip_and_its_eligibility(border: Border) -> None:
    trip_id = file_trip(border)
    border.clock.advance(minutes=85)
    read = border.commerce.read_card(border.card, lane="FAST", country="US")
    assert read.trip.trip_id == trip_id
    assert read.driver == "Bo Driver"
    assert read.trip.filing.port == "2304"
    assert read.eligibility.ok
    assert read.trip.filing.shipments[0].hs_code == "870899"


def test_a_cdrp_driver_gets_the_trip_but_not_the_fast_lane(border: Border) -> None:
    enrol(border.programs, "MX:CDRP-7", "Cy Registered", MemberKind.PERSON, CDRP=None)
    card = border.commerce.issue_card(MemberRef.parse("MX:CDRP-7")).card_number
    raw = filing_json(card, arrival=border.clock() + dt.timedelta(hours=2))
    border.commerce.file_trip(parse_filing(raw), actor="carrier")
    border.clock.advance(hours=2)
    read = border.commerce.read_card(card, lane="FAST", country="US")
    assert not read.eligibility.ok
    assert [f.condition for f in read.eligibility.failed_conditions] == ["driver_vetted"]


def test_a_suspended_importer_is_named_in_the_refusal(border: Border) -> None:
    file_trip(border)
    importer = border.programs.repository.member_by_ref(MemberRef.parse("US:IMPORTER-1"))
    assert importer is not None
    [membership] = border.programs.repository.memberships_of(importer.member_id)
    border.programs.change_status(
        membership.membership_id, Action.SUSPEND, "audit", actor="cbp", country="US"
    )
    border.clock.advance(minutes=90)
    read = border.commerce.read_card(border.card, lane="FAST", country="US")
    assert [
        (f.condition, "US:IMPORTER-1" in f.detail) for f in read.eligibility.failed_conditions
    ] == [("importer_in_good_standing", True)]


def test_an_unknown_card(border: Border) -> None:
    with pytest.raises(UnknownCard) as error:
        border.commerce.read_card("FFFFFFFFFFFFFFFF", lane="FAST", country="US")
    assert error.value.field == "card_number"
    assert error.value.status == 404


def test_a_revoked_card(border: Border) -> None:
    file_trip(border)
    border.commerce.revoke_card(border.card, "reported stolen")
    with pytest.raises(CardRevoked, match="is revoked"):
        border.commerce.read_card(border.card, lane="FAST", country="US")


def test_an_expired_card(border: Border) -> None:
    border.clock.advance(days=5 * 366)
    with pytest.raises(CardExpired, match="expired on"):
        border.commerce.read_card(border.card, lane="FAST", country="US")
    with pytest.raises(CardExpired):
        file_trip(border)


def test_no_trip_filed(border: Border) -> None:
    with pytest.raises(NoTripFiled, match="no trip into US is filed"):
        border.commerce.read_card(border.card, lane="FAST", country="US")
    file_trip(border)
    border.clock.advance(minutes=90)
    with pytest.raises(NoTripFiled, match="no trip into CA"):
        border.commerce.read_card(border.card, lane="FAST", country="CA")


def test_a_trip_is_presented_once(border: Border) -> None:
    file_trip(border)
    border.clock.advance(minutes=90)
    border.commerce.read_card(border.card, lane="FAST", country="US")
    with pytest.raises(NoTripFiled):
        border.commerce.read_card(border.card, lane="FAST", country="US")


def test_a_late_filing_is_refused_at_filing(border: Border) -> None:
    with pytest.raises(LateFiling) as error:
        file_trip(border, minutes_ahead=20)
    assert error.value.field == "expected_arrival"


def test_a_truck_arriving_too_soon_after_filing_makes_it_late(border: Border) -> None:
    file_trip(border, minutes_ahead=120)
    border.clock.advance(minutes=10)
    with pytest.raises(LateFiling, match="filed only 10 minutes before this arrival"):
        border.commerce.read_card(border.card, lane="FAST", country="US")


def test_a_card_presented_for_a_trip_filed_by_another_driver(border: Border) -> None:
    trip_id = file_trip(border)
    enrol(border.programs, "US:D7654321", "Other Driver", MemberKind.PERSON, FAST=None)
    other = border.commerce.issue_card(MemberRef.parse("US:D7654321")).card_number
    border.clock.advance(minutes=90)
    with pytest.raises(TripOfAnotherDriver) as error:
        border.commerce.read_card(other, lane="FAST", country="US", trip_id=trip_id)
    assert error.value.field == "trip_id"
    assert error.value.status == 409


def test_filing_checks_port_country_and_filer(border: Border) -> None:
    with pytest.raises(InvalidInput, match="is not an entry into MX") as error:
        file_trip(border, port="3004", country="MX")
    assert error.value.field == "port"
    with pytest.raises(NotFound):
        file_trip(border, port="9999")
    raw = filing_json(border.card, arrival=border.clock() + dt.timedelta(hours=2))
    raw["shipments"][0]["origin"] = "XX"
    with pytest.raises(InvalidInput) as origin:
        border.commerce.file_trip(parse_filing(raw), actor="x")
    assert origin.value.field == "shipments[1].origin"
    raw = filing_json(border.card, arrival=border.clock() + dt.timedelta(hours=2))
    with pytest.raises(Forbidden):
        border.commerce.file_trip(
            parse_filing(raw), actor="x", filer=MemberRef.parse("US:IMPORTER-1")
        )


def test_reopening_queue_puts_higher_tier_carriers_first(border: Border) -> None:
    enrol(border.programs, "US:CARRIER-9", "Small Carrier", MemberKind.BUSINESS, CTPAT="1")
    enrol(border.programs, "US:D7654321", "Other Driver", MemberKind.PERSON, FAST=None)
    early = border.commerce.issue_card(MemberRef.parse("US:D7654321")).card_number
    raw = filing_json(early, arrival=border.clock() + dt.timedelta(hours=2), carrier="US:CARRIER-9")
    border.commerce.file_trip(parse_filing(raw), actor="carrier")
    file_trip(border, minutes_ahead=120)
    border.clock.advance(hours=2)
    queue = border.commerce.queue_for_reopening(
        "US",
        [
            (early, border.clock() - dt.timedelta(minutes=40)),
            (border.card, border.clock() - dt.timedelta(minutes=5)),
        ],
    )
    assert [(q.card_number, q.reopening_rank) for q in queue] == [(border.card, 2), (early, 0)]


def test_status_for_a_card_is_the_drivers_standing(border: Border) -> None:
    standing = border.commerce.status_for_card(border.card, "MX")
    assert standing.benefits == {"fast_lane_driver"}
    assert standing.memberships[0].recognized
    border.commerce.revoke_card(border.card, "lost")
    with pytest.raises(CardRevoked):
        border.commerce.status_for_card(border.card, "US")


def test_a_card_read_costs_five_statements_and_a_status_look_up_one(
    border: Border, engine: Engine
) -> None:
    """The benchmark's budget rests on this: card and driver, trip, shipments, all
    standings together, and the presented mark; a status look-up is one query."""
    file_trip(border)
    border.clock.advance(minutes=90)
    statements: list[str] = []

    def count(_conn: object, _cursor: object, sql: str, *_args: object) -> None:
        statements.append(sql)

    event.listen(engine, "before_cursor_execute", count)
    try:
        border.commerce.read_card(border.card, lane="FAST", country="US")
        assert len(statements) == 5, statements
        statements.clear()
        border.programs.status_for(MemberRef.parse("US:IMPORTER-1"), "CA")
        assert len(statements) == 1, statements
    finally:
        event.remove(engine, "before_cursor_execute", count)
