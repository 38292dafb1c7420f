"""Monthly inbound volumes per port from the BTS Border Crossing Entry Data.

Cleaning follows ``crossings/SOURCE.md``: exact duplicate rows are dropped, then the
largest value is kept for each (port code, border, month, measure), which resolves the
conflicting Sasabe row and stops Detroit's June 2019 car count from doubling.
"""

from __future__ import annotations

import calendar
import csv
import gzip
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from borderflow.errors import ConfigurationError, InvalidInput, NotFound

__all__ = ["BTS_FILE", "MonthlyVolumes", "load_volumes", "parse_month", "read_bts_rows"]

BTS_FILE = "crossings/bts_border_crossing_entry_data_1996-01_2022-07.csv.gz"

#: The BTS measures the simulator turns into arrivals.
MEASURES = ("Personal Vehicles", "Pedestrians", "Buses", "Trucks")

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_Key = tuple[str, str, str, str]


def parse_month(text: str) -> tuple[int, int]:
    """``YYYY-MM`` as (year, month); anything else is an error on the field ``month``."""
    found = _MONTH.match(text.strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise InvalidInput(f"expected a month as YYYY-MM, got {text!r}", field="month")
    return int(found.group(1)), int(found.group(2))


@dataclass(frozen=True, slots=True)
class MonthlyVolumes:
    """Inbound counts of one port in one month, per BTS measure."""

    port_code: str
    year: int
    month: int
    counts: dict[str, int]

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    def per_day(self, measure: str) -> float:
        return self.counts.get(measure, 0) / self.days


_MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        start=1,
    )
}


def _bts_month(text: str) -> str:
    """``May 2022`` as ``2022-05``."""
    name, year = text.split()
    return f"{year}-{_MONTH_NUMBERS[name[:3]]:02d}"


@cache
def read_bts_rows(path: Path) -> dict[_Key, int]:
    """The cleaned BTS table: (port code, border, YYYY-MM, measure) -> largest value."""
    if not path.is_file():
        raise ConfigurationError(f"BTS volume file {path} is missing", field="data_dir")
    seen: set[tuple[str, ...]] = set()
    table: dict[_Key, int] = {}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            raw = tuple(row.values())
            if raw in seen:
                continue
            seen.add(raw)
            key = (
                row["Port Code"].zfill(4),
                row["Border"],
                _bts_month(row["Date"]),
                row["Measure"],
            )
            table[key] = max(table.get(key, 0), int(row["Value"]))
    return table


def load_volumes(data_dir: Path, port_code: str, month: str) -> MonthlyVolumes:
    """The port's counts for ``month`` (``YYYY-MM``); a month without data is an error."""
    year, number = parse_month(month)
    wanted = f"{year}-{number:02d}"
    table = read_bts_rows(data_dir / BTS_FILE)
    counts: dict[str, int] = {}
    for (code, _border, when, measure), value in table.items():
        if code == port_code and when == wanted and measure in MEASURES:
            counts[measure] = counts.get(measure, 0) + value
    if not counts or sum(counts.values()) == 0:
        raise NotFound(
            f"BTS has no crossings for port {port_code} in {wanted} "
            "(the data runs from 1996-01 to 2022-07)",
            field="month",
        )
    return MonthlyVolumes(port_code, year, number, counts)
