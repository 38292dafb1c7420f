"""Simulated arrivals: when they come and who they are (ground truth included).

Everything random about a traveller is drawn here, up front, from one seeded stream, so
two policies run on the same seed face exactly the same travellers (common random
numbers) and differ only by what the policy does with them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from borderflow.inspection import (
    IdentityResult,
    Lane,
    ProgramStatus,
    ScreeningHit,
    ScreeningResult,
)
from borderflow.sim.scenario import SLOT_MINUTES, SLOTS_PER_DAY, Behaviour, LaneSetup

__all__ = ["Traveller", "arrival_counts", "travellers_for_lane"]

_NO_HITS = ScreeningResult()
_PROGRAM = {
    Lane.SENTRI: ProgramStatus("SENTRI", "active", frozenset({"US"})),
    Lane.FAST: ProgramStatus("FAST", "active", frozenset({"US", "CA", "MX"})),
}
_IDENTITIES = {
    (verified, nationality): IdentityResult(verified, nationality)
    for verified in (True, False)
    for nationality in ("US", "MX", "ZZ")
}


@dataclass(slots=True)
class Traveller:
    """One arrival (a pedestrian or a vehicle) with its pre-drawn random numbers.

    ``at`` is the arrival time in minutes after midnight (0 for the queue carried over
    from the day before, which is served but not counted).
    """

    number: int
    at: float
    counted: bool
    identity: IdentityResult
    program: ProgramStatus | None
    screening: ScreeningResult
    carrier: bool
    risk: float
    officer_draw: float
    service_z: float
    detect_draw: float
    exam_z: float


def arrival_counts(daily: float, hourly_shape: tuple[float, ...]) -> list[int]:
    """Arrivals per 5-minute slot, rounded so that the day totals round(daily) exactly.

    BTS gives the volume; what is simulated is how it queues, so the count is fixed and
    only the times within each slot are random.
    """
    counts: list[int] = []
    total = round(daily)
    cumulative = 0.0
    issued = 0
    for slot in range(SLOTS_PER_DAY):
        cumulative += daily * hourly_shape[slot * SLOT_MINUTES // 60] * SLOT_MINUTES / 60
        # The running sum drifts in floating point; the last slot settles the exact total.
        due = total if slot == SLOTS_PER_DAY - 1 else min(round(cumulative), total)
        counts.append(due - issued)
        issued = due
    return counts


def _traveller(
    number: int, at: float, counted: bool, setup: LaneSetup, who: Behaviour, rng: random.Random
) -> Traveller:
    rand = rng.random
    nationality = ("US" if rand() < 0.5 else "MX") if rand() < who.north_american_share else "ZZ"
    carrier = rand() < who.contraband_share
    risk = rand()
    if carrier:
        risk **= 1 / who.targeting_lift
    hit = rand() < who.screening_hit_share
    return Traveller(
        number=number,
        at=at,
        counted=counted,
        identity=_IDENTITIES[(rand() < who.identity_verified_share, nationality)],
        program=_PROGRAM.get(setup.lane),
        screening=ScreeningResult((ScreeningHit("watchlist", 0.8 + 0.2 * rand()),))
        if hit
        else _NO_HITS,
        carrier=carrier,
        risk=risk,
        officer_draw=rand(),
        service_z=rng.gauss(0.0, 1.0),
        detect_draw=rand(),
        exam_z=rng.gauss(0.0, 1.0),
    )


def travellers_for_lane(setup: LaneSetup, who: Behaviour, rng: random.Random) -> list[Traveller]:
    """The carried-over queue, then the day's arrivals of one lane, in arrival order."""
    people = [_traveller(n, 0.0, False, setup, who, rng) for n in range(setup.initial_queue)]
    counts = arrival_counts(setup.daily_arrivals, setup.hourly_shape)
    for slot, count in enumerate(counts):
        start = slot * SLOT_MINUTES
        times = sorted(start + SLOT_MINUTES * rng.random() for _ in range(count))
        people.extend(_traveller(len(people), t, True, setup, who, rng) for t in times)
    return people
