"""The reopening queue after a port closure."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from borderflow.commerce import WaitingTruck, reopening_queue

T0 = dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC)


def test_tier_first_then_arrival() -> None:
    trucks = [
        WaitingTruck("A" * 16, "US:C1", T0, 0),
        WaitingTruck("B" * 16, "US:C2", T0 + dt.timedelta(minutes=30), 3),
        WaitingTruck("C" * 16, "US:C3", T0 + dt.timedelta(minutes=10), 3),
        WaitingTruck("D" * 16, "US:C4", T0 + dt.timedelta(minutes=5), 1),
    ]
    queue = reopening_queue(trucks)
    assert [q.card_number[0] for q in queue] == ["C", "B", "D", "A"]
    assert [q.position for q in queue] == [1, 2, 3, 4]


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 600)), max_size=30))
def test_no_truck_is_passed_by_a_lower_rank_or_a_later_arrival_of_its_rank(
    specs: list[tuple[int, int]],
) -> None:
    trucks = [
        WaitingTruck(f"{i:016X}", "US:C", T0 + dt.timedelta(minutes=m), rank)
        for i, (rank, m) in enumerate(specs)
    ]
    queue = reopening_queue(trucks)
    assert sorted(q.card_number for q in queue) == sorted(t.card_number for t in trucks)
    for ahead, behind in itertools.pairwise(queue):
        assert ahead.reopening_rank >= behind.reopening_rank
        if ahead.reopening_rank == behind.reopening_rank:
            assert ahead.arrived_at <= behind.arrived_at
