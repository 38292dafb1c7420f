"""A port's policy: versions in force, setting them, and the live decision that applies them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest
from sqlalchemy import Engine

from borderflow.audit import AuditLog
from borderflow.errors import Conflict, InvalidInput, NotFound
from borderflow.inspection import (
    Arrival,
    IdentityResult,
    Lane,
    Mode,
    Officer,
    Outcome,
    Policy,
    PolicyKind,
    PolicyVersion,
    ReferralSource,
    RiskScore,
    SecondaryOutcome,
    decide,
    in_force,
    policy_named,
)
from borderflow.inspection.policy_service import PolicyService
from borderflow.inspection.port_policy import status_of
from borderflow.inspection.service import InspectionService
from enrolment import StepClock

OFFICER = Officer("user:1:ana", "US")
SUPERVISOR = "user:2:sue"
START = dt.datetime(2025, 3, 10, 18, 0, tzinfo=dt.UTC)

#: A verified Mexican driver at San Ysidro with nothing against them.
ORDINARY = Arrival(
    "a-1", "2504", "US", Mode.PERSONAL_VEHICLE, Lane.GENERAL, IdentityResult(True, "MX")
)


@pytest.fixture
def clock() -> StepClock:
    return StepClock(START)


def version(number: int, hours: float, kind: str = "cbm") -> PolicyVersion:
    return PolicyVersion(
        number,
        "2504",
        policy_named(kind),
        START + dt.timedelta(hours=hours),
        SUPERVISOR,
        START,
        number,
    )


def test_the_version_in_force_is_the_latest_to_have_taken_effect() -> None:
    first, scheduled, same_time_later = version(1, 0), version(2, 5), version(3, 5, "legacy")
    corrected = version(4, 1)
    versions = [first, scheduled, same_time_later, corrected]
    assert in_force(versions, START - dt.timedelta(seconds=1)) is None
    assert in_force(versions, START) == first
    assert in_force(versions, START + dt.timedelta(hours=2)) == corrected
    assert in_force(versions, START + dt.timedelta(hours=6)) == same_time_later
    at_two = START + dt.timedelta(hours=2)
    assert [status_of(v, versions, at_two) for v in versions] == [
        "superseded",
        "scheduled",
        "scheduled",
        "in_force",
    ]
    at_six = START + dt.timedelta(hours=6)
    assert status_of(scheduled, versions, at_six) == "superseded"


@pytest.mark.storage
def test_versions_are_added_never_overwritten_and_audited(engine: Engine, clock: StepClock) -> None:
    with engine.begin() as connection:
        service = PolicyService(connection, country="US", now=clock)
        first = service.set("San Ysidro", policy_named("legacy"), set_by=SUPERVISOR)
        clock.now += dt.timedelta(hours=1)
        stricter = Policy(PolicyKind.CBM, random_check_rate=0.02, secondary_capacity=12)
        later = START + dt.timedelta(days=1)
        second = service.set("2504", stricter, set_by=SUPERVISOR, effective_from=later)
    with engine.connect() as connection:
        service = PolicyService(connection, country="US", now=clock)
        history = service.history("2504")
        overview = service.overview("San Ysidro")
        entries = list(AuditLog(connection).entries())
    assert history == [first, second]
    assert (first.port, first.policy, first.effective_from, first.set_by) == (
        "2504",
        policy_named("legacy"),
        START,
        SUPERVISOR,
    )
    assert (second.policy, second.effective_from, second.set_at) == (
        stricter,
        later,
        START + dt.timedelta(hours=1),
    )
    assert overview.current == first and overview.scheduled == [second]
    assert (overview.port_name, overview.open_referrals) == ("San Ysidro", 0)
    assert [e.action for e in entries] == ["inspection.policy_set"] * 2
    assert [e.seq for e in entries] == [first.audit_seq, second.audit_seq]
    assert entries[1].details["random_check_rate"] == 0.02
    assert entries[1].details["secondary_capacity"] == 12
    assert entries[1].subject == "port:2504" and entries[1].actor == SUPERVISOR


@pytest.mark.storage
@pytest.mark.parametrize(
    ("port", "effective_from", "error", "field"),
    [
        ("Atlantis", None, NotFound, "port"),
        ("MXGT01", None, InvalidInput, "port"),
        ("San Diego", None, InvalidInput, "port"),
        ("2504", START - dt.timedelta(hours=1), InvalidInput, "effective_from"),
        ("2504", dt.datetime(2025, 4, 1, 6, 0), InvalidInput, "effective_from"),
    ],
)
def test_a_policy_is_set_for_a_land_port_of_the_node_from_now_on(
    engine: Engine,
    clock: StepClock,
    port: str,
    effective_from: dt.datetime | None,
    error: type[NotFound | InvalidInput],
    field: str,
) -> None:
    """Guatemala's border is not the US node's; San Diego is a sea port; no backdating."""
    with pytest.raises(error) as raised, engine.begin() as connection:
        service = PolicyService(connection, country="US", now=clock)
        service.set(port, policy_named("cbm"), set_by=SUPERVISOR, effective_from=effective_from)
    assert raised.value.field == field
    with engine.connect() as connection:
        assert list(AuditLog(connection).entries()) == []


@pytest.mark.storage
def test_a_time_just_behind_within_the_clock_skew_counts_as_now(
    engine: Engine, clock: StepClock
) -> None:
    with engine.begin() as connection:
        service = PolicyService(
            connection, country="US", now=clock, clock_skew=dt.timedelta(seconds=30)
        )
        northern = service.set("Blaine", policy_named("cbm"), set_by=SUPERVISOR)
        skewed = service.set(
            "2504",
            policy_named("cbm"),
            set_by=SUPERVISOR,
            effective_from=START - dt.timedelta(seconds=20),
        )
        with pytest.raises(InvalidInput) as nobody:
            service.set("2504", policy_named("cbm"), set_by="  ")
    assert (northern.port, northern.effective_from) == ("3004", START)
    assert skewed.effective_from == START
    assert nobody.value.field == "set_by"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"random_check_rate": 1.5}, "random_check_rate"),
        ({"random_check_rate": -0.1}, "random_check_rate"),
        ({"secondary_capacity": -1}, "secondary_capacity"),
        ({"screening_hold_threshold": 0.5}, "screening_hold_threshold"),
    ],
)
def test_impossible_parameters_name_their_field(changes: dict[str, float], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        Policy(PolicyKind.CBM, **changes)  # type: ignore[arg-type]
    assert raised.value.field == field


@pytest.mark.storage
def test_a_port_without_a_policy_refuses_decisions(engine: Engine, clock: StepClock) -> None:
    with pytest.raises(Conflict) as raised, engine.begin() as connection:
        InspectionService(connection, now=clock).decide_at_port(ORDINARY, OFFICER, random.Random(1))
    assert raised.value.field == "port"
    assert "PUT /inspection/ports/2504/policy" in raised.value.message
    with engine.begin() as connection:
        later = START + dt.timedelta(hours=1)
        PolicyService(connection, country="US", now=clock).set(
            "2504", policy_named("cbm"), set_by=SUPERVISOR, effective_from=later
        )
    with pytest.raises(Conflict), engine.begin() as connection:
        InspectionService(connection, now=clock).decide_at_port(ORDINARY, OFFICER, random.Random(1))


@pytest.mark.storage
def test_the_random_rate_comes_from_the_version_in_force(engine: Engine, clock: StepClock) -> None:
    """Seed 1 draws 0.134: a check at rate 0.2, a release at rate 0.1."""
    draw = random.Random(1).random()
    assert 0.1 < draw < 0.2
    with engine.begin() as connection:
        policies = PolicyService(connection, country="US", now=clock)
        often = policies.set("2504", policy_named("cbm", random_check_rate=0.2), set_by="s")
        rarely = policies.set(
            "2504",
            policy_named("cbm", random_check_rate=0.1),
            set_by="s",
            effective_from=START + dt.timedelta(hours=1),
        )
        service = InspectionService(connection, now=clock)
        checked = service.decide_at_port(ORDINARY, OFFICER, random.Random(1))
        clock.now += dt.timedelta(hours=2)
        second = dataclasses.replace(ORDINARY, arrival_id="a-2")
        released = service.decide_at_port(second, OFFICER, random.Random(1))
    with engine.connect() as connection:
        stored = InspectionService(connection).decision("a-1")
        (entry,) = [e for e in AuditLog(connection).entries() if e.subject == "arrival:a-1"]
    assert (checked.decision.outcome, checked.decision.referred_by) == (
        Outcome.REFER,
        (ReferralSource.RANDOM,),
    )
    assert checked.decision.reasons == ("random check at rate 0.2",)
    assert released.decision.outcome is Outcome.RELEASE
    assert (checked.decision.draw, released.decision.draw) == (draw, draw)
    assert (checked.policy_version, released.policy_version) == (often.version, rarely.version)
    assert stored.policy_version == often.version and stored.secondary_in_use == 0
    assert entry.details["policy_version"] == often.version


@pytest.mark.storage
def test_a_full_secondary_skips_random_checks_as_in_the_simulator(
    engine: Engine, clock: StepClock
) -> None:
    """One bay, every release checked: open referrals fill it until their result is in."""
    flagged = dataclasses.replace(ORDINARY, arrival_id="t-1", risk=RiskScore(0.995, ("route",)))
    with engine.begin() as connection:
        policies = PolicyService(connection, country="US", now=clock)
        one_bay = policy_named("cbm", random_check_rate=1.0, secondary_capacity=1)
        policies.set("2504", one_bay, set_by=SUPERVISOR)
        service = InspectionService(connection, now=clock)

        def at_port(arrival_id: str, arrival: Arrival = ORDINARY) -> Outcome:
            changed = dataclasses.replace(arrival, arrival_id=arrival_id)
            record = service.decide_at_port(changed, OFFICER, random.Random(5))
            simulated = decide(
                dataclasses.replace(changed, secondary_in_use=record.secondary_in_use or 0),
                OFFICER,
                one_bay,
                random.Random(5),
            )
            assert record.decision == simulated
            return record.decision.outcome

        first = at_port("a-1")
        full = at_port("a-2")
        targeted = at_port("t-1", flagged)
        service.secondary_outcome(SecondaryOutcome("a-1", False, "", "user:3:bo"))
        still_full = at_port("a-3")
        service.secondary_outcome(SecondaryOutcome("t-1", True, "cash", "user:3:bo"))
        free_again = at_port("a-4")
        occupancy = PolicyService(connection, country="US", now=clock).overview("2504")
        skipped = service.decision("a-2")
    assert (first, full, targeted, still_full, free_again) == (
        Outcome.REFER,
        Outcome.RELEASE,
        Outcome.REFER,
        Outcome.RELEASE,
        Outcome.REFER,
    )
    assert "random check skipped: secondary at capacity" in skipped.decision.reasons
    assert skipped.secondary_in_use == 1
    assert occupancy.open_referrals == 1


@pytest.mark.storage
def test_a_recorded_policy_version_must_be_the_arrivals_port(
    engine: Engine, clock: StepClock
) -> None:
    decision = decide(
        ORDINARY, OFFICER, policy_named("cbm", random_check_rate=0.0), random.Random()
    )
    with engine.begin() as connection:
        policies = PolicyService(connection, country="US", now=clock)
        otay = policies.set("2506", policy_named("cbm"), set_by=SUPERVISOR)
        legacy = policies.set("2504", policy_named("legacy"), set_by=SUPERVISOR)
        service = InspectionService(connection, now=clock)
        with pytest.raises(InvalidInput) as other_port:
            service.record(ORDINARY, decision, policy_version=otay.version)
        with pytest.raises(InvalidInput) as other_kind:
            service.record(ORDINARY, decision, policy_version=legacy.version)
        with pytest.raises(NotFound) as unknown:
            service.record(ORDINARY, decision, policy_version=999)
    assert other_port.value.field == other_kind.value.field == unknown.value.field
    assert unknown.value.field == "policy_version"


@pytest.mark.storage
def test_a_referral_whose_result_never_comes_stops_occupying_the_bay(
    engine: Engine, clock: StepClock
) -> None:
    """One bay, every release checked. An open referral fills the bay; once older than the
    expiry it no longer does (random checks resume) but the overview still owes it."""
    with engine.begin() as connection:
        policies = PolicyService(
            connection, country="US", now=clock, referral_expiry=dt.timedelta(hours=2)
        )
        one_bay = policy_named("cbm", random_check_rate=1.0, secondary_capacity=1)
        policies.set("2504", one_bay, set_by=SUPERVISOR)
        service = InspectionService(connection, now=clock, referral_expiry=dt.timedelta(hours=2))

        def at_port(arrival_id: str) -> tuple[Outcome, int | None]:
            changed = dataclasses.replace(ORDINARY, arrival_id=arrival_id)
            record = service.decide_at_port(changed, OFFICER, random.Random(5))
            return record.decision.outcome, record.secondary_in_use

        forgotten = at_port("f-1")
        clock.now += dt.timedelta(hours=1, minutes=59)
        still_full = at_port("f-2")
        before = policies.overview("2504")
        clock.now += dt.timedelta(minutes=2)
        freed = at_port("f-3")
        after = policies.overview("2504")
    assert forgotten == (Outcome.REFER, 0)
    assert still_full == (Outcome.RELEASE, 1)
    assert freed == (Outcome.REFER, 0)
    assert (before.open_referrals, before.stale_referrals) == (1, 0)
    assert (after.open_referrals, after.stale_referrals) == (1, 1)
