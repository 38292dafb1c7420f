"""The simulated day: reproducibility, the real decision per arrival, ground truth, errors."""

from __future__ import annotations

import dataclasses
import math

import pytest

from borderflow.errors import InvalidInput
from borderflow.inspection import Lane, Mode, policy_named
from borderflow.sim import (
    Behaviour,
    LaneSetup,
    PortModel,
    ServiceTime,
    compare_policies,
    replicate,
    simulate_day,
)
from borderflow.sim.scenario import SLOTS_PER_DAY

FLAT = tuple([1 / 24] * 24)


def lane(daily: float, booths: int, lane: Lane = Lane.GENERAL, mean: float = 34.0) -> LaneSetup:
    """A lane with flat traffic, a fixed number of booths and a 10 s no-interview time."""
    mode = Mode.PEDESTRIAN if lane is Lane.PEDESTRIAN else Mode.PERSONAL_VEHICLE
    return LaneSetup(
        lane,
        mode,
        daily,
        FLAT,
        (booths,) * SLOTS_PER_DAY,
        ServiceTime(mean, 0.5),
        ServiceTime(10, 0.3),
    )


def port(*lanes: LaneSetup, behaviour: Behaviour | None = None) -> PortModel:
    return PortModel("9999", "Testport", "US", "2019-08", lanes, behaviour or Behaviour())


# 3,000 cars a day on 2 booths at 34 s: 59% load, short queues.
SMALL = port(lane(3_000, 2))
# 2,400 cars a day on one booth at 34 s: 94% load under legacy, long queues.
BUSY = port(lane(2_400, 1))


def test_same_seed_same_day_and_other_seed_another() -> None:
    legacy = policy_named("legacy")
    first = simulate_day(SMALL, legacy, "7").metrics()
    assert simulate_day(SMALL, legacy, "7").metrics() == first
    assert simulate_day(SMALL, legacy, "8").metrics() != first


def test_every_arrival_is_served_and_counted() -> None:
    day = simulate_day(SMALL, policy_named("cbm"), "1")
    assert day.lanes["general"].served == 3_000
    assert 0 < day.lanes["general"].utilisation < 1


def test_skipping_the_interview_shortens_waits() -> None:
    legacy = simulate_day(BUSY, policy_named("legacy"), "3").metrics()
    cbm = simulate_day(BUSY, policy_named("cbm"), "3").metrics()
    assert cbm["general.wait_mean"] < legacy["general.wait_mean"] / 2
    assert legacy["general.interview_share"] == 1.0
    assert cbm["general.interview_share"] < 0.2


def test_random_checks_at_rate_one_refer_everyone() -> None:
    clean = port(lane(500, 2), behaviour=Behaviour(contraband_share=0.0))
    day = simulate_day(clean, policy_named("cbm", random_check_rate=1.0), "2")
    figures = day.metrics()
    assert figures["referral_rate"] == 1.0
    assert figures["false_referrals"] == 500
    assert math.isnan(figures["interdiction_rate"])


def test_interdiction_needs_referral_and_detection() -> None:
    carriers = Behaviour(
        contraband_share=1.0,
        secondary_detection=1.0,
        officer_detects_with_interview=0.0,
        officer_false_alarm_with_interview=0.0,
        targeting_lift=1.0,
        identity_verified_share=1.0,
    )
    everyone = port(lane(400, 2), behaviour=carriers)
    all_checked = simulate_day(everyone, policy_named("legacy", random_check_rate=1.0), "4")
    assert all_checked.interdiction_rate == 1.0
    none_checked = simulate_day(
        everyone,
        dataclasses.replace(policy_named("legacy", random_check_rate=0.0), risk_threshold=1.0),
        "4",
    )
    assert none_checked.interdiction_rate == 0.0


def test_replications_give_confidence_intervals_and_reuse_seeds() -> None:
    comparison = compare_policies(SMALL, policy_named("cbm"), policy_named("legacy"), 3, "s")
    summary = comparison.summary()
    wait = summary["legacy"]["general.wait_mean"]
    assert wait.replications == 3 and wait.low <= wait.mean <= wait.high
    # common random numbers: both policies met the same carriers
    assert [r["carried"] for r in comparison.runs["cbm"]] == [
        r["carried"] for r in comparison.runs["legacy"]
    ]


def test_workers_do_not_change_results() -> None:
    one = replicate(SMALL, [policy_named("cbm")], 2, "w", workers=1)
    two = replicate(SMALL, [policy_named("cbm")], 2, "w", workers=2)
    assert one.runs == two.runs


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: lane(100, -1), "lanes.general.booths"),
        (lambda: lane(-5, 1), "lanes.general.daily_arrivals"),
        (lambda: lane(100, 0), "lanes.general.booths"),
        (lambda: ServiceTime(0), "service_time.mean"),
        (lambda: Behaviour(contraband_share=1.2), "contraband_share"),
        (lambda: Behaviour(secondary_detection=-0.1), "secondary_detection"),
        (
            lambda: simulate_day(SMALL, policy_named("cbm", secondary_capacity=0), "1"),
            "secondary_capacity",
        ),
        (lambda: replicate(SMALL, [policy_named("cbm")], 0, "1"), "replications"),
    ],
)
def test_impossible_parameters_are_refused(build: object, field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        build()  # type: ignore[operator]
    assert raised.value.field == field


def test_supervisors_open_a_booth_when_the_line_exceeds_the_plan() -> None:
    """3,000 cars on one 34 s booth (118% load) queue for hours; a plan expecting no line
    lets supervisors open the second booth of the lane."""
    overloaded = lane(3_000, 1)
    planned = dataclasses.replace(overloaded, planned_queue=(0.0,) * SLOTS_PER_DAY, max_booths=2)
    unsupervised = simulate_day(port(overloaded), policy_named("legacy"), "5").metrics()
    supervised = simulate_day(port(planned), policy_named("legacy"), "5").metrics()
    assert unsupervised["general.wait_mean"] > 60
    assert supervised["general.wait_mean"] < 10
    assert supervised["general.throughput"] == unsupervised["general.throughput"] == 3_000
