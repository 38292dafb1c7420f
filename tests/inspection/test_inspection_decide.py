"""The decision at the port: each rule, its explanation, authority and determinism."""

from __future__ import annotations

import dataclasses
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderflow.errors import Forbidden, InvalidInput
from borderflow.inspection import (
    Arrival,
    IdentityResult,
    Lane,
    Mode,
    Officer,
    OfficerReferral,
    Outcome,
    Policy,
    PolicyKind,
    ProgramStatus,
    ReferralSource,
    RiskScore,
    ScreeningHit,
    ScreeningResult,
    decide,
    policy_named,
)

US_OFFICER = Officer("o-17", "US")
NO_RANDOM = 0.0

# A Mexican national in a car at San Ysidro, identity read from an RFID card: the
# ordinary "vetted North American" case.
ORDINARY = Arrival(
    arrival_id="a-1",
    port_code="2504",
    entering="US",
    mode=Mode.PERSONAL_VEHICLE,
    lane=Lane.GENERAL,
    identity=IdentityResult(verified=True, nationality="MX", document="rfid"),
)


def run(arrival: Arrival, policy: Policy, seed: int = 0) -> Outcome:
    return decide(arrival, US_OFFICER, policy, random.Random(seed)).outcome


def test_cbm_releases_a_vetted_north_american_without_interview() -> None:
    decision = decide(
        ORDINARY, US_OFFICER, policy_named("cbm", random_check_rate=NO_RANDOM), random.Random(1)
    )
    assert decision.outcome is Outcome.RELEASE
    assert decision.primary_interview is False
    assert "no primary interview" in decision.reasons[0]
    assert (decision.officer_id, decision.authority, decision.policy) == ("o-17", "US", "cbm")


def test_legacy_interviews_everyone() -> None:
    decision = decide(
        ORDINARY, US_OFFICER, policy_named("legacy", random_check_rate=NO_RANDOM), random.Random(1)
    )
    assert decision.outcome is Outcome.RELEASE
    assert decision.primary_interview is True


@pytest.mark.parametrize(
    "change",
    [
        {"identity": IdentityResult(verified=True, nationality="FR")},
        {"identity": IdentityResult(verified=False, nationality="US")},
        {"program": ProgramStatus("SENTRI", "suspended", frozenset({"US"}))},
        {"screening": ScreeningResult((ScreeningHit("ofac", 0.9),))},
    ],
)
def test_cbm_interviews_anyone_not_vetted(change: dict[str, object]) -> None:
    arrival = dataclasses.replace(ORDINARY, **change)
    decision = decide(
        arrival, US_OFFICER, policy_named("cbm", random_check_rate=NO_RANDOM), random.Random(1)
    )
    assert decision.primary_interview is True


def test_unverified_identity_is_referred_with_its_reason() -> None:
    arrival = dataclasses.replace(ORDINARY, identity=IdentityResult(False, "US"))
    decision = decide(
        arrival, US_OFFICER, policy_named("cbm", random_check_rate=0), random.Random()
    )
    assert decision.outcome is Outcome.REFER
    assert decision.reasons == ("identity not verified",)


def test_strong_screening_match_is_held_weaker_one_referred() -> None:
    policy = policy_named("cbm", random_check_rate=NO_RANDOM)
    strong = dataclasses.replace(
        ORDINARY, screening=ScreeningResult((ScreeningHit("un", 0.5), ScreeningHit("ofac", 0.99)))
    )
    weak = dataclasses.replace(ORDINARY, screening=ScreeningResult((ScreeningHit("ofac", 0.9),)))
    below = dataclasses.replace(ORDINARY, screening=ScreeningResult((ScreeningHit("ofac", 0.5),)))
    held = decide(strong, US_OFFICER, policy, random.Random(0))
    assert held.outcome is Outcome.HOLD
    assert "ofac match 0.99" in held.reasons[0]
    assert run(weak, policy) is Outcome.REFER
    assert run(below, policy) is Outcome.RELEASE


def test_targeting_score_refers_and_explains() -> None:
    arrival = dataclasses.replace(ORDINARY, risk=RiskScore(0.993, ("route", "new vehicle")))
    decision = decide(
        arrival, US_OFFICER, policy_named("cbm", random_check_rate=0), random.Random()
    )
    assert decision.outcome is Outcome.REFER
    assert decision.reasons == (
        "targeting: risk 0.99 (route; new vehicle)",
    ) or decision.reasons == ("targeting: risk 1.00 (route; new vehicle)",)
    assert decision.referred_by == (ReferralSource.TARGETING,)
    low = dataclasses.replace(ORDINARY, risk=RiskScore(0.5))
    assert run(low, policy_named("cbm", random_check_rate=0)) is Outcome.RELEASE


def test_officer_judgement_refers() -> None:
    arrival = dataclasses.replace(ORDINARY, officer_referral=OfficerReferral("o-3", "nervous"))
    decision = decide(
        arrival, US_OFFICER, policy_named("cbm", random_check_rate=0), random.Random()
    )
    assert decision.outcome is Outcome.REFER
    assert decision.reasons == ("officer o-3: nervous",)


def test_trusted_lane_needs_a_program_the_inspecting_country_recognises() -> None:
    policy = policy_named("cbm", random_check_rate=NO_RANDOM)
    nexus = ProgramStatus("NEXUS", "active", frozenset({"CA", "US"}))
    only_canada = ProgramStatus("PIP", "active", frozenset({"CA"}))
    in_sentri = dataclasses.replace(ORDINARY, lane=Lane.SENTRI)
    assert run(dataclasses.replace(in_sentri, program=nexus), policy) is Outcome.RELEASE
    assert run(dataclasses.replace(in_sentri, program=only_canada), policy) is Outcome.REFER
    assert run(in_sentri, policy) is Outcome.REFER


def test_random_checks_follow_the_rate_and_the_secondary_capacity() -> None:
    always = policy_named("cbm", random_check_rate=1.0, secondary_capacity=3)
    decision = decide(ORDINARY, US_OFFICER, always, random.Random(5))
    assert decision.outcome is Outcome.REFER
    assert decision.reasons == ("random check at rate 1",)
    assert decision.referred_by == (ReferralSource.RANDOM,)
    assert decision.draw == random.Random(5).random()
    full = dataclasses.replace(ORDINARY, secondary_in_use=3)
    skipped = decide(full, US_OFFICER, always, random.Random(5))
    assert skipped.outcome is Outcome.RELEASE
    assert "random check skipped: secondary at capacity" in skipped.reasons


def test_random_check_rate_is_met_over_many_arrivals() -> None:
    policy = policy_named("legacy", random_check_rate=0.1)
    rng = random.Random(42)
    referred = sum(decide(ORDINARY, US_OFFICER, policy, rng).referred for _ in range(20_000))
    assert 0.09 < referred / 20_000 < 0.11


def test_same_seed_same_decisions() -> None:
    policy = policy_named("cbm", random_check_rate=0.3)
    first = [
        decide(ORDINARY, US_OFFICER, policy, rng).outcome
        for rng in [random.Random(9)]
        for _ in range(200)
    ]
    second = [
        decide(ORDINARY, US_OFFICER, policy, rng).outcome
        for rng in [random.Random(9)]
        for _ in range(200)
    ]
    assert first == second
    assert Outcome.REFER in first and Outcome.RELEASE in first


def test_cross_deputised_officer_acts_under_the_partners_authority() -> None:
    mexican = Officer("mx-4", "MX", deputations=frozenset({("US", "2504")}))
    decision = decide(ORDINARY, mexican, policy_named("cbm"), random.Random(0))
    assert (decision.officer_id, decision.authority) == ("mx-4", "US")
    elsewhere = dataclasses.replace(ORDINARY, port_code="2506")
    with pytest.raises(Forbidden) as raised:
        decide(elsewhere, mexican, policy_named("cbm"), random.Random(0))
    assert raised.value.field == "officer"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"random_check_rate": 1.5}, "random_check_rate"),
        ({"random_check_rate": -0.1}, "random_check_rate"),
        ({"risk_threshold": 2.0}, "risk_threshold"),
        ({"secondary_capacity": -1}, "secondary_capacity"),
        ({"screening_hold_threshold": 0.5}, "screening_hold_threshold"),
    ],
)
def test_impossible_policies_are_refused(kwargs: dict[str, float], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        Policy(PolicyKind.CBM, **kwargs)  # type: ignore[arg-type]
    assert raised.value.field == field


def test_unknown_policy_name() -> None:
    with pytest.raises(InvalidInput) as raised:
        policy_named("lenient")
    assert raised.value.field == "policy"


scores = st.floats(min_value=0, max_value=1)


@given(
    verified=st.booleans(),
    nationality=st.sampled_from(["US", "MX", "CA", "GT", "FR"]),
    hit=st.none() | scores,
    risk=st.none() | scores,
    officer=st.booleans(),
    lane=st.sampled_from(list(Lane)),
    policy=st.sampled_from([policy_named("legacy"), policy_named("cbm")]),
    seed=st.integers(0, 2**32),
)
def test_every_decision_is_explained_and_consistent(
    verified: bool,
    nationality: str,
    hit: float | None,
    risk: float | None,
    officer: bool,
    lane: Lane,
    policy: Policy,
    seed: int,
) -> None:
    arrival = dataclasses.replace(
        ORDINARY,
        lane=lane,
        identity=IdentityResult(verified, nationality),
        screening=ScreeningResult(() if hit is None else (ScreeningHit("list", hit),)),
        risk=None if risk is None else RiskScore(risk),
        officer_referral=OfficerReferral("o-1", "seen") if officer else None,
    )
    decision = decide(arrival, US_OFFICER, policy, random.Random(seed))
    assert decision.reasons
    held = hit is not None and hit >= policy.screening_hold_threshold
    assert (decision.outcome is Outcome.HOLD) == held
    targeted = (not verified) or officer or (risk is not None and risk >= policy.risk_threshold)
    if targeted and not held:
        assert decision.outcome is Outcome.REFER
        assert ReferralSource.RANDOM not in decision.referred_by
    # every referral names its sources, one per reason; a release names none
    assert (decision.outcome is Outcome.RELEASE) == (not decision.referred_by)
    if decision.referred:
        assert len(decision.referred_by) == len(decision.reasons)
    assert (decision.officer_id, decision.authority) == ("o-17", "US")
    assert decision.draw == random.Random(seed).random()
    if policy.kind is PolicyKind.LEGACY:
        assert decision.primary_interview
