"""Booth schedules: how many booths each lane opens in each 5-minute slot.

Two rules, both arithmetic on a fluid (deterministic, first-in first-out) queue:

* :func:`staff_for_waits` inverts the queue to reproduce observed waits. An arrival at
  time t that waits W(t) reaches a booth at t + W(t), so the booths must have served
  everyone who arrived before t by then: D(t + W(t)) = A(t), with A the cumulative
  arrivals and D the cumulative departures from the queue. The booth-minutes each slot
  needs follow from D; rounding to whole booths carries the remainder to the next slot
  (error diffusion), so the day's capacity tracks D closely. The hourly waits are joined
  linearly between hour midpoints so that t + W(t) keeps increasing.
* :func:`staff_for_utilisation` opens enough booths to keep each slot below a target
  load, for lanes (and ports) without observed waits.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

from borderflow.sim.scenario import SLOT_MINUTES, SLOTS_PER_DAY

__all__ = ["fluid_waits", "slot_arrival_rates", "staff_for_utilisation", "staff_for_waits"]

_DAY = 24 * 60


def slot_arrival_rates(daily: float, hourly_shape: Sequence[float]) -> list[float]:
    """Arrivals per minute in each 5-minute slot."""
    return [daily * hourly_shape[slot * SLOT_MINUTES // 60] / 60 for slot in range(SLOTS_PER_DAY)]


def _cumulative_arrivals(daily: float, hourly_shape: Sequence[float], t: float) -> float:
    """A(t): arrivals since midnight of day 0 (negative before it), for any minute t."""
    days, minute = divmod(t, _DAY)
    hour = int(minute // 60)
    within = daily * sum(hourly_shape[:hour]) + daily * hourly_shape[hour] * (minute % 60) / 60
    return days * daily + within


def _wait_at(target_waits: Sequence[float], t: float) -> float:
    """Observed hourly waits joined linearly between hour midpoints (periodic)."""
    position = (t / 60 - 0.5) % 24
    hour = int(position)
    share = position - hour
    return target_waits[hour] * (1 - share) + target_waits[(hour + 1) % 24] * share


def staff_for_waits(
    daily: float,
    hourly_shape: Sequence[float],
    target_waits: Sequence[float],
    service_seconds: float,
    max_booths: int,
) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """Booths per slot reproducing ``target_waits`` (minutes by hour), and the planned queue.

    The planned queue is A - D at the start of each slot; its first value is the queue
    standing at midnight.
    """
    times = [float(t) for t in range(-_DAY, 2 * _DAY + 1)]
    reached: list[float] = []
    for t in times:
        at_booth = t + _wait_at(target_waits, t)
        reached.append(max(at_booth, reached[-1]) if reached else at_booth)

    def departed(x: float) -> float:
        i = min(max(bisect.bisect_left(reached, x), 1), len(reached) - 1)
        span = reached[i] - reached[i - 1]
        t = times[i - 1] + (times[i] - times[i - 1]) * ((x - reached[i - 1]) / span if span else 1)
        return _cumulative_arrivals(daily, hourly_shape, t)

    per_booth_minute = 60 / service_seconds
    booths: list[int] = []
    carry = 0.0
    for slot in range(SLOTS_PER_DAY):
        start, end = slot * SLOT_MINUTES, (slot + 1) * SLOT_MINUTES
        ideal = (departed(end) - departed(start)) / per_booth_minute / SLOT_MINUTES
        opened = max(0, min(max_booths, round(ideal + carry)))
        carry += ideal - opened
        booths.append(opened)
    planned = tuple(
        max(0.0, _cumulative_arrivals(daily, hourly_shape, start) - departed(start))
        for start in range(0, _DAY, SLOT_MINUTES)
    )
    return tuple(booths), planned


def staff_for_utilisation(
    daily: float, hourly_shape: Sequence[float], service_seconds: float, load: float
) -> tuple[int, ...]:
    """Booths per slot keeping offered load per booth at or below ``load`` (at least one)."""
    rates = slot_arrival_rates(daily, hourly_shape)
    return tuple(max(1, math.ceil(rate * service_seconds / 60 / load)) for rate in rates)


def fluid_waits(
    daily: float,
    hourly_shape: Sequence[float],
    booths: Sequence[int],
    service_seconds: float,
    start_queue: float,
) -> list[float]:
    """Fluid mean wait by hour of arrival for a schedule, minute by minute over a day.

    The check on :func:`staff_for_waits`: the day is run twice from ``start_queue`` and
    an arrival's wait is the time until the cumulative departures reach it.
    """
    per_booth_minute = 60 / service_seconds
    arrived = [start_queue]
    left = [0.0]
    for minute in range(3 * _DAY):
        rate = daily * hourly_shape[(minute % _DAY) // 60] / 60
        capacity = booths[(minute % _DAY) // SLOT_MINUTES] * per_booth_minute
        arrived.append(arrived[-1] + rate)
        left.append(min(arrived[-1], left[-1] + capacity))
    hourly = []
    for hour in range(24):
        waits = []
        for minute in range(_DAY + hour * 60, _DAY + (hour + 1) * 60):
            position = bisect.bisect_left(
                left, arrived[minute] + 0.5 * (arrived[minute + 1] - arrived[minute])
            )
            waits.append(max(0, position - minute - 0.5))
        hourly.append(sum(waits) / len(waits))
    return hourly
