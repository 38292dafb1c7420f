"""A simulated port from the public data: BTS volumes, the wait file, and stated assumptions.

Any port with BTS counts can be built. San Ysidro (the one port with an hourly wait file)
gets booth schedules that reproduce its observed waits; other ports are staffed for a
target booth load and borrow San Ysidro's hourly shape. docs/calibration.md lists every
default below with its source, or says that it is an assumption.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from borderflow.errors import InvalidInput
from borderflow.inspection import Lane, Mode
from borderflow.reference import default_catalog
from borderflow.sim.scenario import Behaviour, LaneSetup, PortModel, ServiceTime, check_rate
from borderflow.sim.staffing import staff_for_utilisation, staff_for_waits
from borderflow.sim.volumes import load_volumes, parse_month
from borderflow.sim.waits import SAN_YSIDRO_CODE, WAIT_COLUMNS, hourly_waits

__all__ = ["DEFAULT_SERVICE", "Assumptions", "build_port_model"]

#: (with a primary interview, without one) per lane, in seconds.
DEFAULT_SERVICE: dict[Lane, tuple[ServiceTime, ServiceTime]] = {
    Lane.GENERAL: (ServiceTime(34, 0.5), ServiceTime(10, 0.3)),
    Lane.READY: (ServiceTime(25, 0.5), ServiceTime(10, 0.3)),
    Lane.SENTRI: (ServiceTime(10, 0.3), ServiceTime(10, 0.3)),
    Lane.PEDESTRIAN: (ServiceTime(36, 0.5), ServiceTime(12, 0.3)),
    Lane.BUS: (ServiceTime(240, 0.5), ServiceTime(120, 0.5)),
    Lane.FAST: (ServiceTime(27, 0.5), ServiceTime(20, 0.3)),
    Lane.COMMERCIAL: (ServiceTime(90, 0.5), ServiceTime(45, 0.5)),
}

_MODES = {
    Lane.GENERAL: Mode.PERSONAL_VEHICLE,
    Lane.READY: Mode.PERSONAL_VEHICLE,
    Lane.SENTRI: Mode.PERSONAL_VEHICLE,
    Lane.PEDESTRIAN: Mode.PEDESTRIAN,
    Lane.BUS: Mode.BUS,
    Lane.FAST: Mode.TRUCK,
    Lane.COMMERCIAL: Mode.TRUCK,
}


def _default_max_booths() -> dict[Lane, int]:
    return {
        Lane.GENERAL: 26,
        Lane.READY: 20,
        Lane.SENTRI: 12,
        Lane.PEDESTRIAN: 30,
        Lane.BUS: 2,
        Lane.FAST: 8,
        Lane.COMMERCIAL: 16,
    }


@dataclass(frozen=True, slots=True)
class Assumptions:
    """The calibration's assumed parameters (see docs/calibration.md for each)."""

    sentri_share: float = 0.30
    ready_share: float = 0.35
    fast_share: float = 0.225
    target_load: float = 0.8
    max_booths: dict[Lane, int] = field(default_factory=_default_max_booths)
    service: dict[Lane, tuple[ServiceTime, ServiceTime]] = field(
        default_factory=lambda: dict(DEFAULT_SERVICE)
    )
    behaviour: Behaviour = field(default_factory=Behaviour)

    def __post_init__(self) -> None:
        for name in ("sentri_share", "ready_share", "fast_share"):
            check_rate(getattr(self, name), name)
        if self.sentri_share + self.ready_share > 1:
            raise InvalidInput("sentri_share + ready_share must not exceed 1", field="ready_share")
        if not 0 < self.target_load <= 1:
            raise InvalidInput(f"must lie in (0, 1], got {self.target_load}", field="target_load")
        for lane, booths in self.max_booths.items():
            if booths < 1:
                raise InvalidInput(
                    f"must be at least 1, got {booths}", field=f"max_booths.{lane.value}"
                )


def _daily_by_lane(per_day: dict[str, float], a: Assumptions) -> dict[Lane, float]:
    cars = per_day.get("Personal Vehicles", 0.0)
    trucks = per_day.get("Trucks", 0.0)
    return {
        Lane.GENERAL: cars * (1 - a.sentri_share - a.ready_share),
        Lane.READY: cars * a.ready_share,
        Lane.SENTRI: cars * a.sentri_share,
        Lane.PEDESTRIAN: per_day.get("Pedestrians", 0.0),
        Lane.BUS: per_day.get("Buses", 0.0),
        Lane.FAST: trucks * a.fast_share,
        Lane.COMMERCIAL: trucks * (1 - a.fast_share),
    }


def _shape(profile: tuple[float, ...]) -> tuple[float, ...]:
    """Hourly shares proportional to the observed wait profile (see docs/calibration.md)."""
    total = sum(profile)
    return tuple(value / total for value in profile)


def _lane(
    lane: Lane, daily: float, waits: dict[Lane, tuple[float, ...]], calibrate: bool, a: Assumptions
) -> LaneSetup:
    interview, no_interview = a.service[lane]
    profile = waits.get(lane) or waits[Lane.PEDESTRIAN if lane is Lane.PEDESTRIAN else Lane.GENERAL]
    shape = _shape(profile)
    if calibrate and lane in WAIT_COLUMNS:
        booths, planned = staff_for_waits(daily, shape, profile, interview.mean, a.max_booths[lane])
        return LaneSetup(
            lane,
            _MODES[lane],
            daily,
            shape,
            booths,
            interview,
            no_interview,
            initial_queue=round(planned[0]),
            target_waits=profile,
            planned_queue=planned,
            max_booths=a.max_booths[lane],
        )
    booths_open = staff_for_utilisation(daily, shape, interview.mean, a.target_load)
    booths_open = tuple(min(n, a.max_booths[lane]) for n in booths_open)
    return LaneSetup(lane, _MODES[lane], daily, shape, booths_open, interview, no_interview)


def build_port_model(
    data_dir: Path, port: str, month: str, assumptions: Assumptions | None = None
) -> PortModel:
    """The port named ``port`` (code or name) in ``month`` (YYYY-MM), ready to simulate."""
    a = assumptions or Assumptions()
    found = default_catalog().port(port)
    year, number = parse_month(month)
    volumes = load_volumes(data_dir, found.code, f"{year}-{number:02d}")
    waits = hourly_waits(data_dir, number)
    calibrate = found.code == SAN_YSIDRO_CODE
    per_day = {measure: volumes.per_day(measure) for measure in volumes.counts}
    lanes = tuple(
        _lane(lane, daily, waits, calibrate, a)
        for lane, daily in _daily_by_lane(per_day, a).items()
        if daily > 0
    )
    notes = (
        "booth schedules reproduce the San Ysidro wait file"
        if calibrate
        else f"booths staffed for a {a.target_load:.0%} load; San Ysidro hourly shape borrowed",
    )
    return PortModel(
        found.code, found.name, "US", f"{year}-{number:02d}", lanes, a.behaviour, notes
    )
