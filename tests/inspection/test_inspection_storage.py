"""Recorded decisions: with the ledger crossing in one transaction, found by traveler and port."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest
from sqlalchemy import Engine

from arrivals import FLAGGED, crossing_body
from borderflow.audit import AuditLog
from borderflow.errors import Conflict, InvalidInput, NotFound
from borderflow.inspection import (
    Arrival,
    IdentityResult,
    InspectionDesk,
    Lane,
    Mode,
    Officer,
    Outcome,
    ReferralSource,
    SecondaryOutcome,
    decide,
    policy_named,
)
from borderflow.inspection.model import Decision
from borderflow.inspection.service import InspectionService
from borderflow.ledger import CrossingInput, LedgerService
from enrolment import StepClock

pytestmark = pytest.mark.storage

PACIFIC = dt.timezone(dt.timedelta(hours=-8))
OFFICER = Officer("user:1:ana", "US")
NO_RANDOM = policy_named("cbm", random_check_rate=0.0)
ALWAYS_RANDOM = policy_named("cbm", random_check_rate=1.0)


def crossing(
    crossing_id: str,
    *,
    number: str = "G123",
    port: str = "2504",
    mode: str = "personal_vehicle",
    at: dt.datetime = dt.datetime(2025, 1, 10, 9, 30, tzinfo=PACIFIC),
) -> CrossingInput:
    body = crossing_body(
        crossing_id, number=number, port=port, mode=mode, crossed_at=at.isoformat()
    )
    return CrossingInput.model_validate(body)


def decided(arrival: Arrival = FLAGGED, arrival_id: str = "a-1") -> Decision:
    changed = dataclasses.replace(arrival, arrival_id=arrival_id)
    return decide(changed, OFFICER, NO_RANDOM, random.Random(0))


@pytest.fixture
def clock() -> StepClock:
    return StepClock(dt.datetime(2025, 1, 10, 18, 0, tzinfo=dt.UTC))


def test_a_crossing_and_its_decision_are_recorded_together(
    engine: Engine, clock: StepClock
) -> None:
    with engine.begin() as connection:
        service = InspectionService(connection, now=clock)
        recorded = service.decide_and_record(
            FLAGGED, OFFICER, NO_RANDOM, random.Random(1), crossing=crossing("c1")
        )
    with engine.connect() as connection:
        stored = InspectionService(connection, now=clock).decision("a-1")
        in_ledger = LedgerService(connection).repository.crossing("c1")
        (entry,) = AuditLog(connection).entries()
    assert stored == recorded
    decision = stored.decision
    assert decision.outcome is Outcome.REFER
    assert decision.reasons == ("targeting: risk 0.99 (route)",) or decision.reasons == (
        "targeting: risk 1.00 (route)",
    )
    assert decision.referred_by == (ReferralSource.TARGETING,)
    assert (decision.officer_id, decision.authority, decision.policy) == (
        OFFICER.officer_id,
        "US",
        "cbm",
    )
    assert decision.draw == random.Random(1).random()
    assert (stored.crossing_id, stored.port, stored.local_day) == (
        "c1",
        "2504",
        dt.date(2025, 1, 10),
    )
    assert in_ledger is not None and in_ledger.recorded_by == OFFICER.officer_id
    assert (entry.action, entry.seq, entry.details["crossing_id"]) == (
        "inspection.decision",
        stored.audit_seq,
        "c1",
    )


def test_a_refused_decision_leaves_no_crossing_behind(engine: Engine, clock: StepClock) -> None:
    with engine.begin() as connection:
        InspectionService(connection, now=clock).decide_and_record(
            FLAGGED, OFFICER, NO_RANDOM, random.Random(1)
        )
    with pytest.raises(Conflict) as raised, engine.begin() as connection:
        InspectionService(connection, now=clock).decide_and_record(
            FLAGGED, OFFICER, NO_RANDOM, random.Random(1), crossing=crossing("c2")
        )
    assert raised.value.field == "arrival_id"
    with engine.connect() as connection:
        assert LedgerService(connection).repository.crossing("c2") is None
        assert [e.action for e in AuditLog(connection).entries()] == ["inspection.decision"]


def test_a_crossing_serves_one_decision_of_its_own_arrival(
    engine: Engine, clock: StepClock
) -> None:
    with engine.begin() as connection:
        service = InspectionService(connection, now=clock)
        with pytest.raises(InvalidInput) as elsewhere:
            service.decide_and_record(
                FLAGGED,
                OFFICER,
                NO_RANDOM,
                random.Random(1),
                crossing=crossing("c1", port="2506", mode="pedestrian"),
            )
        with pytest.raises(InvalidInput) as malformed:
            service.decide_and_record(
                FLAGGED,
                OFFICER,
                NO_RANDOM,
                random.Random(1),
                crossing=crossing("c1", port="Atlantis"),
            )
        with pytest.raises(NotFound) as unknown:
            service.record(FLAGGED, decided(), crossing_id="nope")
        with pytest.raises(InvalidInput) as both:
            service.record(FLAGGED, decided(), crossing=crossing("c1"), crossing_id="c1")
        with pytest.raises(NotFound) as no_declaration:
            service.record(dataclasses.replace(FLAGGED, declaration_id="D404"), decided())
        service.decide_and_record(
            FLAGGED, OFFICER, NO_RANDOM, random.Random(1), crossing=crossing("c1")
        )
        second = dataclasses.replace(FLAGGED, arrival_id="a-2")
        with pytest.raises(Conflict) as taken:
            service.record(second, decided(arrival_id="a-2"), crossing_id="c1")
    assert {p.field for p in elsewhere.value.problems} == {"crossing.port", "crossing.mode"}
    assert malformed.value.field == "crossing.port"
    assert unknown.value.field == "crossing_id"
    assert both.value.field == "crossing_id"
    assert no_declaration.value.field == "declaration_id"
    assert taken.value.field == "crossing_id"


def test_decisions_about_a_traveler_and_at_a_port_on_a_day(
    engine: Engine, clock: StepClock
) -> None:
    other = dataclasses.replace(FLAGGED, arrival_id="a-3", risk=None)
    later = dataclasses.replace(FLAGGED, arrival_id="a-2")
    with engine.begin() as connection:
        service = InspectionService(connection, now=clock)
        service.decide_and_record(
            FLAGGED, OFFICER, NO_RANDOM, random.Random(1), crossing=crossing("c1")
        )
        clock.now += dt.timedelta(minutes=5)
        service.decide_and_record(
            other, OFFICER, NO_RANDOM, random.Random(1), crossing=crossing("c3", number="L555")
        )
        no_crossing = dataclasses.replace(other, arrival_id="a-4")
        service.decide_and_record(no_crossing, OFFICER, NO_RANDOM, random.Random(1))
        clock.now = dt.datetime(2025, 1, 12, 18, 0, tzinfo=dt.UTC)
        second_visit = crossing("c2", at=dt.datetime(2025, 1, 12, 9, 0, tzinfo=PACIFIC))
        service.decide_and_record(
            later, OFFICER, NO_RANDOM, random.Random(1), crossing=second_visit
        )
    with engine.connect() as connection:
        service = InspectionService(connection, now=clock)
        ana = service.traveler("MEX", "G123")
        first_day = service.at_port("San Ysidro", dt.date(2025, 1, 10))
        elsewhere = service.at_port("2506", dt.date(2025, 1, 10))
        with pytest.raises(NotFound) as nobody:
            service.traveler("MX", "Z999")
        with pytest.raises(NotFound) as no_port:
            service.at_port("Atlantis", dt.date(2025, 1, 10))
    assert [r.decision.arrival_id for r in ana.decisions] == ["a-1", "a-2"]
    assert [r.crossing_id for r in ana.decisions] == ["c1", "c2"]
    assert [r.decision.arrival_id for r in first_day] == ["a-1", "a-3", "a-4"]
    assert first_day[1].decision.outcome is Outcome.RELEASE
    assert first_day[2].crossing_id is None
    assert elsewhere == []
    assert nobody.value.field == "document_number"
    assert no_port.value.field == "port"


def test_secondary_results_are_kept_once_for_referred_arrivals(
    engine: Engine, clock: StepClock
) -> None:
    released = dataclasses.replace(FLAGGED, arrival_id="a-9", risk=None)
    with engine.begin() as connection:
        service = InspectionService(connection, now=clock)
        service.decide_and_record(FLAGGED, OFFICER, NO_RANDOM, random.Random(1))
        service.decide_and_record(released, OFFICER, NO_RANDOM, random.Random(1))
        clock.now += dt.timedelta(minutes=40)
        result = service.secondary_outcome(
            SecondaryOutcome("a-1", True, "undeclared cash", "user:2:bo")
        )
        with pytest.raises(Conflict) as again:
            service.secondary_outcome(SecondaryOutcome("a-1", False, "", "user:2:bo"))
        with pytest.raises(Conflict) as not_referred:
            service.secondary_outcome(SecondaryOutcome("a-9", False, "", "user:2:bo"))
        with pytest.raises(NotFound) as unknown:
            service.secondary_outcome(SecondaryOutcome("a-404", False, "", "user:2:bo"))
    with engine.connect() as connection:
        stored = InspectionService(connection, now=clock).decision("a-1").secondary
        entries = list(AuditLog(connection).entries())
    assert stored == result
    assert (result.found, result.what, result.officer_id, result.selected_by) == (
        True,
        "undeclared cash",
        "user:2:bo",
        "model",
    )
    assert result.reported_at == clock.now
    assert again.value.field == not_referred.value.field == unknown.value.field == "arrival_id"
    assert entries[-1].action == "inspection.secondary_outcome"
    assert entries[-1].details["selected_by"] == "model"


def test_a_desk_over_storage_records_and_reports(engine: Engine, clock: StepClock) -> None:
    walker = Arrival(
        "p-1", "2504", "US", Mode.PEDESTRIAN, Lane.PEDESTRIAN, IdentityResult(True, "US")
    )
    with engine.begin() as connection:
        service = InspectionService(connection, now=clock)
        desk = InspectionDesk(ALWAYS_RANDOM, random.Random(3), service, service)
        decision = desk.inspect(walker, OFFICER)
        desk.report(SecondaryOutcome("p-1", found=False, what="", officer_id="user:2:bo"))
    with engine.connect() as connection:
        stored = InspectionService(connection, now=clock).decision("p-1")
    assert stored.decision == decision
    assert decision.referred_by == (ReferralSource.RANDOM,)
    assert stored.secondary is not None and stored.secondary.selected_by == "random"
    assert stored.mode is Mode.PEDESTRIAN and stored.lane is Lane.PEDESTRIAN
