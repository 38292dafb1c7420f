"""The parameters of a simulated port: lanes, booths, service times and the population.

Every value that is an assumption rather than a measurement is a field here with its
default, and docs/calibration.md gives its source or says it is an assumption.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from borderflow.errors import InvalidInput
from borderflow.inspection import Lane, Mode

__all__ = [
    "SLOTS_PER_DAY",
    "SLOT_MINUTES",
    "Behaviour",
    "LaneSetup",
    "PortModel",
    "ServiceTime",
    "check_rate",
]

SLOT_MINUTES = 5
SLOTS_PER_DAY = 24 * 60 // SLOT_MINUTES


def check_rate(value: float, name: str) -> None:
    """A share or probability must lie in [0, 1]."""
    if not (0.0 <= value <= 1.0) or math.isnan(value):
        raise InvalidInput(f"must lie between 0 and 1, got {value}", field=name)


@dataclass(frozen=True, slots=True)
class ServiceTime:
    """A lognormal service time in seconds, by its mean and coefficient of variation."""

    mean: float
    cv: float = 0.5

    def __post_init__(self) -> None:
        if not self.mean > 0:
            raise InvalidInput(f"must be positive, got {self.mean}", field="service_time.mean")
        if self.cv < 0:
            raise InvalidInput(f"must be 0 or more, got {self.cv}", field="service_time.cv")

    @property
    def log_params(self) -> tuple[float, float]:
        """(mu, sigma) of the underlying normal, so that exp(mu + sigma z) has this mean."""
        sigma = math.sqrt(math.log1p(self.cv * self.cv))
        return math.log(self.mean) - sigma * sigma / 2, sigma


@dataclass(frozen=True, slots=True)
class LaneSetup:
    """One lane type of the port: its traffic, its booths and its service times.

    ``hourly_shape`` (24 shares summing to 1) spreads ``daily_arrivals`` over the day;
    ``booths`` is the number of booths open in each 5-minute slot; ``initial_queue`` is
    the queue standing at midnight, carried over from the day before. A lane calibrated
    on observed waits also has the queue its schedule expects at each slot start
    (``planned_queue``): supervisors open booths beyond the schedule, up to
    ``max_booths``, while the actual queue is longer (see :mod:`borderflow.sim.engine`).
    """

    lane: Lane
    mode: Mode
    daily_arrivals: float
    hourly_shape: tuple[float, ...]
    booths: tuple[int, ...]
    interview: ServiceTime
    no_interview: ServiceTime
    initial_queue: int = 0
    target_waits: tuple[float, ...] | None = None
    planned_queue: tuple[float, ...] | None = None
    max_booths: int = 0

    def __post_init__(self) -> None:
        name = f"lanes.{self.lane.value}"
        if self.daily_arrivals < 0:
            raise InvalidInput(
                f"must be 0 or more, got {self.daily_arrivals}", field=f"{name}.daily_arrivals"
            )
        if len(self.hourly_shape) != 24 or abs(sum(self.hourly_shape) - 1) > 1e-6:
            raise InvalidInput("expected 24 shares summing to 1", field=f"{name}.hourly_shape")
        if len(self.booths) != SLOTS_PER_DAY:
            raise InvalidInput(f"expected {SLOTS_PER_DAY} slots", field=f"{name}.booths")
        if min(self.booths) < 0:
            raise InvalidInput(
                f"booths must be 0 or more, got {min(self.booths)}", field=f"{name}.booths"
            )
        if self.daily_arrivals > 0 and max(self.booths) == 0:
            raise InvalidInput(
                "a lane with traffic needs at least one booth", field=f"{name}.booths"
            )
        if self.initial_queue < 0:
            raise InvalidInput("must be 0 or more", field=f"{name}.initial_queue")
        if self.planned_queue is not None and len(self.planned_queue) != SLOTS_PER_DAY:
            raise InvalidInput(f"expected {SLOTS_PER_DAY} slots", field=f"{name}.planned_queue")
        if self.max_booths and self.max_booths < max(self.booths):
            raise InvalidInput(
                "must not be below the schedule's booths", field=f"{name}.max_booths"
            )

    @property
    def booth_limit(self) -> int:
        """Physical booths: ``max_booths``, or the schedule's largest count when unset."""
        return self.max_booths or max(self.booths)


@dataclass(frozen=True, slots=True)
class Behaviour:
    """Who arrives and what officers and targeting see: the scenario's ground truth.

    Rates are per arrival (per vehicle for vehicles). ``targeting_lift`` shapes the risk
    score of contraband carriers: a clean arrival scores U, a carrier U ** (1 / lift).
    """

    contraband_share: float = 0.002
    north_american_share: float = 0.95
    identity_verified_share: float = 0.995
    screening_hit_share: float = 0.0005
    targeting_lift: float = 30.0
    officer_detects_with_interview: float = 0.25
    officer_detects_without_interview: float = 0.08
    officer_false_alarm_with_interview: float = 0.004
    officer_false_alarm_without_interview: float = 0.001
    secondary_detection: float = 0.9
    secondary_exam: ServiceTime = field(default_factory=lambda: ServiceTime(20 * 60, 1.0))

    def __post_init__(self) -> None:
        for name in (
            "contraband_share",
            "north_american_share",
            "identity_verified_share",
            "screening_hit_share",
            "officer_detects_with_interview",
            "officer_detects_without_interview",
            "officer_false_alarm_with_interview",
            "officer_false_alarm_without_interview",
            "secondary_detection",
        ):
            check_rate(getattr(self, name), name)
        if not self.targeting_lift >= 1:
            raise InvalidInput(
                f"must be 1 or more, got {self.targeting_lift}", field="targeting_lift"
            )


@dataclass(frozen=True, slots=True)
class PortModel:
    """A port ready to simulate for one representative day of a month."""

    port_code: str
    port_name: str
    entering: str
    month: str
    lanes: tuple[LaneSetup, ...]
    behaviour: Behaviour = Behaviour()
    notes: tuple[str, ...] = ()

    def lane(self, lane: Lane) -> LaneSetup:
        for setup in self.lanes:
            if setup.lane is lane:
                return setup
        raise InvalidInput(f"port {self.port_name} has no {lane.value} lane", field="lane")
