"""One simulated day at a port, on SimPy, with the real inspection decision per arrival.

Each booth is a SimPy process that takes the next arrival of its lane in arrival order
(FIFO across the lane's booths) while the booth schedule keeps it open; a closing booth
finishes its current arrival first. That costs one or two events per arrival instead of a
process and a resource request each, which keeps a San Ysidro day within seconds.
At the booth the arrival is decided by
:func:`borderflow.inspection.decide` and served for the interview or the no-interview
time the decision implies; referrals queue for the secondary bays. Time is in minutes.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import random
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

import simpy

from borderflow.errors import InvalidInput
from borderflow.inspection import (
    Arrival,
    Officer,
    OfficerReferral,
    Policy,
    RiskScore,
    decide,
    primary_interview_required,
)
from borderflow.sim.results import DayTally, LaneTally
from borderflow.sim.scenario import SLOT_MINUTES, SLOTS_PER_DAY, LaneSetup, PortModel
from borderflow.sim.traffic import Traveller, travellers_for_lane

__all__ = ["simulate_day"]

_Process = Generator[simpy.Event, Any, None]


@dataclass(slots=True)
class _LaneQueue:
    """A lane's arrivals in order and the index of the next one not yet taken by a booth."""

    setup: LaneSetup
    tally: LaneTally
    people: list[Traveller]
    next: int = 0
    interview: tuple[float, float] = (0.0, 0.0)
    no_interview: tuple[float, float] = (0.0, 0.0)
    arrival_times: list[float] = field(default_factory=list)
    adjustment: int = 0
    adjusted_slot: int = -1
    adjustments: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.interview = self.setup.interview.log_params
        self.no_interview = self.setup.no_interview.log_params
        self.arrival_times = [who.at for who in self.people]

    def open_booths(self, slot: int, now: float) -> int:
        """Scheduled booths, one more or one fewer while the line is off its planned length.

        Supervisors open a booth when the waiting line holds more than one booth-slot of
        work beyond the plan, and close one (never the last) when it holds that much less.
        Without this, a saturated lane's queue drifts like a random walk: booth time lost
        to chance is never made up. One booth either way keeps the schedule's capacity
        within a booth, so a faster policy still shows its shorter waits.
        """
        scheduled = self.setup.booths[slot % SLOTS_PER_DAY]
        planned = self.setup.planned_queue
        if planned is None:
            return scheduled
        if slot != self.adjusted_slot:
            waiting = bisect.bisect_right(self.arrival_times, now) - self.next
            excess = (waiting - planned[slot % SLOTS_PER_DAY]) * self.setup.interview.mean / 60
            step = (excess > SLOT_MINUTES) - (excess < -SLOT_MINUTES)
            lowest, highest = min(1, scheduled), self.setup.booth_limit
            self.adjustment = max(lowest, min(highest, scheduled + step)) - scheduled
            self.adjusted_slot = slot
            self.adjustments[slot] = self.adjustment
        return scheduled + self.adjustment


class _Day:
    """The state of one simulated day: resources, random streams and tallies."""

    def __init__(self, model: PortModel, policy: Policy, seed: str) -> None:
        if policy.secondary_capacity < 1:
            raise InvalidInput(
                "the simulator needs at least one secondary bay", field="secondary_capacity"
            )
        self.env = simpy.Environment()
        self.model = model
        self.policy = policy
        self.who = model.behaviour
        self.officer = Officer("sim-officer", model.entering)
        self.decisions = random.Random(f"{seed}:decisions")  # noqa: S311 (seeded on purpose)
        self.secondary = simpy.Resource(self.env, capacity=policy.secondary_capacity)
        self.exam = self.who.secondary_exam.log_params
        self.tally = DayTally(policy=policy.name)
        self.queues: list[_LaneQueue] = []

    def count_open_minutes(self) -> None:
        """Booth-minutes open over the day: the schedule plus the supervisors' changes."""
        for queue in self.queues:
            booths = queue.setup.booths
            queue.tally.open_minutes = SLOT_MINUTES * sum(
                booths[slot] + queue.adjustments.get(slot, 0) for slot in range(SLOTS_PER_DAY)
            )

    def start_lane(self, setup: LaneSetup, seed: str) -> None:
        lane = LaneTally(setup.lane.value, open_minutes=0.0)
        self.tally.lanes[setup.lane.value] = lane
        stream = random.Random(f"{seed}:{setup.lane}")  # noqa: S311 (seeded on purpose)
        people = travellers_for_lane(setup, self.who, stream)
        queue = _LaneQueue(setup, lane, people)
        self.queues.append(queue)
        for booth in range(setup.booth_limit):
            self.env.process(self._booth(queue, booth))

    def _booth(self, queue: _LaneQueue, booth: int) -> _Process:
        """One booth: serves the lane's queue in arrival order while the schedule keeps it open.

        A booth about to close takes a new arrival only if half a mean service fits before
        the close: a closing booth finishes its current arrival, and without this rule every
        closing would add half a service of capacity the schedule does not have.
        """
        env = self.env
        plan = queue.setup.booths
        half_service = queue.setup.interview.mean / 120
        while queue.next < len(queue.people):
            slot = int(env.now // SLOT_MINUTES)
            slot_end = (slot + 1) * SLOT_MINUTES
            open_now = booth < queue.open_booths(slot, env.now)
            open_next = booth < plan[(slot + 1) % SLOTS_PER_DAY]
            if not open_now or (not open_next and env.now + half_service > slot_end):
                yield env.timeout(slot_end - env.now)
                continue
            who = queue.people[queue.next]
            queue.next += 1
            if who.at > env.now:
                yield env.timeout(who.at - env.now)
            yield from self._serve(queue, who)

    def _serve(self, queue: _LaneQueue, who: Traveller) -> _Process:
        setup = queue.setup
        wait = max(0.0, self.env.now - who.at)  # the clock may land a rounding error early
        arrival = Arrival(
            arrival_id=f"{setup.lane.value}-{who.number}",
            port_code=self.model.port_code,
            entering=self.model.entering,
            mode=setup.mode,
            lane=setup.lane,
            identity=who.identity,
            screening=who.screening,
            program=who.program,
            risk=RiskScore(who.risk),
            secondary_in_use=self.secondary.count + len(self.secondary.queue),
        )
        interview = primary_interview_required(arrival, self.policy)
        if who.officer_draw < self._officer_refers(interview, who.carrier):
            reason = "interview answers" if interview else "observed at the booth"
            referral = OfficerReferral(self.officer.officer_id, reason)
            arrival = dataclasses.replace(arrival, officer_referral=referral)
        decision = decide(arrival, self.officer, self.policy, self.decisions)
        mu, sigma = queue.interview if interview else queue.no_interview
        service = math.exp(mu + sigma * who.service_z) / 60
        yield self.env.timeout(service)
        if who.counted:
            queue.tally.record(who.at, wait, service, decision.referred, who.carrier, interview)
        if decision.referred:
            self.env.process(self._secondary(queue.tally, who))

    def _officer_refers(self, interview: bool, carrier: bool) -> float:
        who = self.who
        if interview:
            return (
                who.officer_detects_with_interview
                if carrier
                else who.officer_false_alarm_with_interview
            )
        return (
            who.officer_detects_without_interview
            if carrier
            else who.officer_false_alarm_without_interview
        )

    def _secondary(self, lane: LaneTally, who: Traveller) -> _Process:
        queued = self.env.now
        claim = self.secondary.request()
        yield claim
        waited = self.env.now - queued
        mu, sigma = self.exam
        yield self.env.timeout(math.exp(mu + sigma * who.exam_z) / 60)
        self.secondary.release(claim)
        if who.counted:
            found = who.carrier and who.detect_draw < self.who.secondary_detection
            lane.record_secondary(waited, found)


def simulate_day(model: PortModel, policy: Policy, seed: str) -> DayTally:
    """Simulate one representative day; the same ``seed`` reproduces it exactly."""
    day = _Day(model, policy, seed)
    for setup in model.lanes:
        day.start_lane(setup, seed)
    day.env.run()
    day.count_open_minutes()
    return day.tally
