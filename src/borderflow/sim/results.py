"""What a simulated day counts, and estimates with 95% confidence intervals over replications."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["DayTally", "Estimate", "LaneTally", "estimate", "percentile"]

#: Two-sided 95% Student t quantiles by degrees of freedom (1-30); 1.96 beyond.
_T95 = (
    12.706,
    4.303,
    3.182,
    2.776,
    2.571,
    2.447,
    2.365,
    2.306,
    2.262,
    2.228,
    2.201,
    2.179,
    2.160,
    2.145,
    2.131,
    2.120,
    2.110,
    2.101,
    2.093,
    2.086,
    2.080,
    2.074,
    2.069,
    2.064,
    2.060,
    2.056,
    2.052,
    2.048,
    2.045,
    2.042,
)


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` quantile (0-1) by linear interpolation; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(slots=True)
class LaneTally:
    """Counts and waits (minutes) of one lane's arrivals of the day."""

    lane: str
    open_minutes: float
    waits_by_hour: list[list[float]] = field(default_factory=lambda: [[] for _ in range(24)])
    busy_minutes: float = 0.0
    interviews: int = 0
    referred: int = 0
    carried: int = 0
    false_referrals: int = 0
    caught: int = 0
    secondary_waits: list[float] = field(default_factory=list)

    def record(
        self,
        at: float,
        wait: float,
        service: float,
        referred: bool,
        carrier: bool,
        interview: bool,
    ) -> None:
        self.waits_by_hour[min(int(at // 60), 23)].append(wait)
        self.busy_minutes += service
        self.interviews += interview
        self.referred += referred
        self.carried += carrier
        self.false_referrals += referred and not carrier

    def record_secondary(self, waited: float, found: bool) -> None:
        self.secondary_waits.append(waited)
        self.caught += found

    @property
    def served(self) -> int:
        return sum(len(hour) for hour in self.waits_by_hour)

    @property
    def waits(self) -> list[float]:
        return [wait for hour in self.waits_by_hour for wait in hour]

    def hourly(self, share: float | None = None) -> list[float]:
        """Mean (``share`` None) or a quantile of the wait, by hour of arrival."""
        if share is None:
            return [statistics.fmean(h) if h else math.nan for h in self.waits_by_hour]
        return [percentile(h, share) for h in self.waits_by_hour]

    def mean_of_hours(self) -> float:
        """The mean of the 24 hourly means, as the wait file averages its hours."""
        return statistics.fmean(w for w in self.hourly() if not math.isnan(w))

    @property
    def utilisation(self) -> float:
        return self.busy_minutes / self.open_minutes if self.open_minutes else math.nan


@dataclass(slots=True)
class DayTally:
    """All lanes of one simulated day under one policy."""

    policy: str
    lanes: dict[str, LaneTally] = field(default_factory=dict)

    def total(self, name: str) -> int:
        return sum(int(getattr(lane, name)) for lane in self.lanes.values())

    @property
    def interdiction_rate(self) -> float:
        carried = self.total("carried")
        return self.total("caught") / carried if carried else math.nan

    @property
    def referral_rate(self) -> float:
        served = self.total("served")
        return self.total("referred") / served if served else math.nan

    def metrics(self) -> dict[str, float]:
        """Flat named figures of the day, the unit of replication statistics and the CSV."""
        figures: dict[str, float] = {
            "throughput": self.total("served"),
            "interdiction_rate": self.interdiction_rate,
            "referral_rate": self.referral_rate,
            "referred": self.total("referred"),
            "false_referrals": self.total("false_referrals"),
            "carried": self.total("carried"),
            "caught": self.total("caught"),
        }
        for name, lane in self.lanes.items():
            waits = lane.waits
            figures[f"{name}.throughput"] = lane.served
            figures[f"{name}.wait_mean"] = statistics.fmean(waits) if waits else math.nan
            figures[f"{name}.wait_p50"] = percentile(waits, 0.5)
            figures[f"{name}.wait_p95"] = percentile(waits, 0.95)
            figures[f"{name}.wait_mean_of_hours"] = lane.mean_of_hours() if waits else math.nan
            figures[f"{name}.utilisation"] = lane.utilisation
            figures[f"{name}.interview_share"] = (
                lane.interviews / lane.served if waits else math.nan
            )
            for hour, (mean, p50, p95) in enumerate(
                zip(lane.hourly(), lane.hourly(0.5), lane.hourly(0.95), strict=True)
            ):
                figures[f"{name}.hour{hour:02d}.wait_mean"] = mean
                figures[f"{name}.hour{hour:02d}.wait_p50"] = p50
                figures[f"{name}.hour{hour:02d}.wait_p95"] = p95
        return figures


@dataclass(frozen=True, slots=True)
class Estimate:
    """A mean over replications with its 95% confidence interval."""

    mean: float
    low: float
    high: float
    replications: int


def estimate(values: Sequence[float]) -> Estimate:
    """Mean and Student-t 95% interval of ``values`` (NaNs left out)."""
    finite = [v for v in values if not math.isnan(v)]
    if not finite:
        return Estimate(math.nan, math.nan, math.nan, 0)
    mean = statistics.fmean(finite)
    if len(finite) < 2:
        return Estimate(mean, math.nan, math.nan, len(finite))
    dof = len(finite) - 1
    t = _T95[dof - 1] if dof <= len(_T95) else 1.96
    half = t * statistics.stdev(finite) / math.sqrt(len(finite))
    return Estimate(mean, mean - half, mean + half, len(finite))
