"""Booth schedules from observed waits (fluid inversion) and from a target load."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from borderflow.sim.staffing import fluid_waits, staff_for_utilisation, staff_for_waits
from borderflow.sim.traffic import arrival_counts

# A lane of 12,000 arrivals a day, busier in the afternoon, whose observed waits climb
# from 20 minutes at night to 60 in the afternoon: a small San Ysidro-like lane.
SHAPE = tuple(s / sum(range(1, 25)) for s in range(1, 25))
WAITS = tuple(20 + 40 * math.sin(math.pi * h / 24) for h in range(24))


def test_schedule_reproduces_the_observed_waits_in_the_fluid_queue() -> None:
    booths, planned = staff_for_waits(12_000, SHAPE, WAITS, 30, max_booths=40)
    fluid = fluid_waits(12_000, SHAPE, booths, 30, planned[0])
    errors = [abs(f - w) / w for f, w in zip(fluid, WAITS, strict=True)]
    assert max(errors) < 0.15
    assert sum(errors) / 24 < 0.05
    # Little's law at midnight: the standing queue is about the late-evening arrival rate
    # times the wait at midnight (halfway between the 23:30 and 00:30 values).
    midnight_wait = (WAITS[23] + WAITS[0]) / 2
    assert planned[0] == pytest.approx(12_000 * SHAPE[23] / 60 * midnight_wait, rel=0.1)


def test_schedule_respects_the_physical_booths() -> None:
    booths, _ = staff_for_waits(12_000, SHAPE, [1.0] * 24, 30, max_booths=3)
    assert max(booths) == 3


def test_utilisation_schedule_keeps_load_below_target() -> None:
    booths = staff_for_utilisation(12_000, SHAPE, 30, load=0.8)
    for slot, open_booths in enumerate(booths):
        rate = 12_000 * SHAPE[slot * 5 // 60] / 60
        assert rate * 30 / 60 / open_booths <= 0.8 + 1e-9
        assert open_booths >= 1


@example(daily=0.5, weights=[1.0] * 22 + [0.5] * 2)  # float drift once broke the total
@given(st.floats(0, 100_000), st.lists(st.floats(0.01, 1), min_size=24, max_size=24))
def test_arrival_counts_total_the_daily_volume(daily: float, weights: list[float]) -> None:
    shape = tuple(w / sum(weights) for w in weights)
    counts = arrival_counts(daily, shape)
    assert sum(counts) == round(daily)
    assert min(counts) >= 0
