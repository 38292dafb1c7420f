"""The San Ysidro historical wait file: average minutes to reach primary, by lane and hour.

CBP serves the averages by month (1-12), day index (0-6, weekday mapping undocumented)
and hour (0-23). A representative day of a month is the mean over the seven day indices.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from borderflow.errors import ConfigurationError
from borderflow.inspection import Lane

__all__ = ["SAN_YSIDRO_CODE", "WAIT_COLUMNS", "WAIT_FILE", "hourly_waits"]

WAIT_FILE = "crossings/cbp_bwt_historical_san_ysidro_250401.csv"
SAN_YSIDRO_CODE = "2504"

#: The wait-file column measured for each simulated lane.
WAIT_COLUMNS: dict[Lane, str] = {
    Lane.GENERAL: "pv_time_avg",
    Lane.SENTRI: "xpv_time_avg",
    Lane.READY: "pv_ready_lanes_time_avg",
    Lane.PEDESTRIAN: "ped_time_avg",
}


@cache
def _read(path: Path) -> tuple[dict[str, str], ...]:
    if not path.is_file():
        raise ConfigurationError(f"wait-time file {path} is missing", field="data_dir")
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def hourly_waits(data_dir: Path, month: int) -> dict[Lane, tuple[float, ...]]:
    """Mean wait (minutes) by hour 0-23 of a representative day of ``month``, per lane."""
    rows = [row for row in _read(data_dir / WAIT_FILE) if int(row["bwt_month"]) == month]
    profiles: dict[Lane, tuple[float, ...]] = {}
    for lane, column in WAIT_COLUMNS.items():
        sums = [0.0] * 24
        counts = [0] * 24
        for row in rows:
            hour = int(row["bwt_hour"])
            sums[hour] += float(row[column])
            counts[hour] += 1
        if min(counts) == 0:
            raise ConfigurationError(f"wait file lacks hours of month {month}", field="data_dir")
        profiles[lane] = tuple(s / c for s, c in zip(sums, counts, strict=True))
    return profiles
