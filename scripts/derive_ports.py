"""Derive ``src/borderflow/reference/data/ports.csv`` from the public BTS crossing data.

Run from the repository root::

    .venv/bin/python scripts/derive_ports.py [--data-dir DIR] [--out FILE]

``DIR`` defaults to ``BORDERFLOW_DATA_DIR`` or ``../shared/data`` beside the repository.
Only the standard library is used, so the script runs before the package is installed.
The output is deterministic: running it twice on the same inputs gives the same bytes.
See ``src/borderflow/reference/data/SOURCE.md`` for what each column means.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO_ROOT / "src" / "borderflow" / "reference" / "data" / "ports.csv"

MAIN_FILE = "bts_border_crossing_entry_data_1996-01_2022-07.csv.gz"
LOCATED_FILE = "bts_border_crossing_entry_data_1996-01_2019-03_with_location.csv.gz"
TXDOT_FILE = "txdot_tx_mx_crossings_coordinates.csv"
MANUAL_SOURCE = "borderflow: approximate public geography"

COLUMNS = (
    "code",
    "name",
    "state",
    "border",
    "countries",
    "latitude",
    "longitude",
    "kind",
    "first_month",
    "last_month",
    "timezone",
    "source",
)

BORDERS = {
    "US-Canada Border": ("US-CA", "CA US"),
    "US-Mexico Border": ("US-MX", "MX US"),
}

MONTHS = {
    name: index
    for index, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        start=1,
    )
}

STATES = {
    "Alaska": "AK",
    "Arizona": "AZ",
    "California": "CA",
    "Idaho": "ID",
    "Maine": "ME",
    "Massachusetts": "MA",
    "Michigan": "MI",
    "Minnesota": "MN",
    "Montana": "MT",
    "New Mexico": "NM",
    "New York": "NY",
    "North Dakota": "ND",
    "Ohio": "OH",
    "Texas": "TX",
    "Vermont": "VT",
    "Washington": "WA",
}

# BTS leaves the state empty on its single Boston row.
STATE_OVERRIDES = {"0401": "MA"}

# The zone of most of each state; the exceptions that hold ports are in TIMEZONE_OVERRIDES.
STATE_TIMEZONES = {
    "AK": "America/Anchorage",
    "AZ": "America/Phoenix",
    "CA": "America/Los_Angeles",
    "ID": "America/Boise",
    "MA": "America/New_York",
    "ME": "America/New_York",
    "MI": "America/Detroit",
    "MN": "America/Chicago",
    "MT": "America/Denver",
    "ND": "America/Chicago",
    "NM": "America/Denver",
    "NY": "America/New_York",
    "OH": "America/New_York",
    "TX": "America/Chicago",
    "VT": "America/New_York",
    "WA": "America/Los_Angeles",
}

TIMEZONE_OVERRIDES = {
    "2401": "America/Denver",  # Ysleta, El Paso County: Mountain time
    "2402": "America/Denver",  # El Paso
    "2404": "America/Denver",  # Tornillo, El Paso County (Fort Hancock is Hudspeth, also MT)
    "3302": "America/Los_Angeles",  # Eastport ID, Boundary County: Pacific time
    "3308": "America/Los_Angeles",  # Porthill ID, Boundary County: Pacific time
    "3102": "America/Sitka",  # Ketchikan: same offsets as Anchorage since 1983
    "3103": "America/Juneau",  # Skagway: same offsets as Anchorage since 1983
    "3106": "America/Juneau",  # Dalton Cache (Haines): same offsets as Anchorage since 1983
}

# CBP codes of coastal ports (seaport/airport) that BTS lists with a single stray record.
SEA_PORTS = frozenset({"0401", "2501", "3001", "3006", "5301"})

# Port codes missing from the located file, matched to a TxDOT crossing ``Code``.
TXDOT_MATCHES = {"2401": "ELP-YSL-YSLE"}


@dataclass
class _PortFacts:
    """What the main BTS file says about one port code."""

    states: set[str] = field(default_factory=set)
    borders: set[str] = field(default_factory=set)
    months: set[str] = field(default_factory=set)
    latest: tuple[str, str] = ("", "")  # (month, port name) of the newest row


@dataclass(frozen=True)
class _ManualPort:
    code: str
    name: str
    state: str
    latitude: str
    longitude: str
    timezone: str


# The main Mexico-Guatemala crossings. Codes are BorderFlow's own; coordinates are
# approximate (3 decimals) from public geography. All are in Chiapas or Tabasco.
MEXICO_GUATEMALA = (
    _ManualPort(
        "MXGT01", "Ciudad Hidalgo-Tecún Umán", "CHP", "14.677", "-92.151", "America/Mexico_City"
    ),
    _ManualPort("MXGT02", "Talismán-El Carmen", "CHP", "14.962", "-92.145", "America/Mexico_City"),
    _ManualPort(
        "MXGT03",
        "Ciudad Cuauhtémoc-La Mesilla",
        "CHP",
        "15.632",
        "-91.986",
        "America/Mexico_City",
    ),
    _ManualPort(
        "MXGT04", "Frontera Corozal-Bethel", "CHP", "16.821", "-90.886", "America/Mexico_City"
    ),
    _ManualPort("MXGT05", "El Ceibo", "TAB", "17.250", "-90.984", "America/Mexico_City"),
)


def normalise_code(raw: str) -> str:
    """BTS writes ``0103`` in 2022 and ``103`` before: both are CBP port 0103."""
    code = raw.strip()
    if not code.isdigit():
        raise ValueError(f"port code {raw!r} is not numeric")
    return code.zfill(4)


def parse_bts_month(raw: str) -> str:
    """``May 2022`` (main file) as ``2022-05``."""
    name, year = raw.split()
    return f"{int(year):04d}-{MONTHS[name]:02d}"


def parse_point(raw: str) -> tuple[float, float]:
    """WKT ``POINT (lon lat)`` as ``(lat, lon)``."""
    inner = raw.strip().removeprefix("POINT").strip().strip("()")
    lon, lat = inner.split()
    return float(lat), float(lon)


def format_degrees(value: float) -> str:
    """Five decimals (about 1 m) without float noise such as ``-114.73000000000002``."""
    return repr(round(value, 5))


def _gzip_columns(path: Path, *columns: str) -> Iterator[tuple[str, ...]]:
    """The named columns of each row (plain tuples: several times faster than dicts)."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        indexes = [header.index(column) for column in columns]
        for row in reader:
            yield tuple(row[index] for index in indexes)


def read_main(path: Path) -> dict[str, _PortFacts]:
    """Names, states, borders and months with data, per normalised port code."""
    facts: dict[str, _PortFacts] = defaultdict(_PortFacts)
    columns = ("Port Code", "Port Name", "State", "Border", "Date")
    for code, name, state, border, date in _gzip_columns(path, *columns):
        port = facts[normalise_code(code)]
        month = parse_bts_month(date)
        port.states.add(state)
        port.borders.add(border)
        port.months.add(month)
        port.latest = max(port.latest, (month, name))
    return dict(facts)


def read_located(path: Path) -> dict[str, tuple[float, float]]:
    """The most frequent ``Location`` per port code.

    The file carries two point series: one for 1996-01..2017-03 that sits on the crossing,
    and one from 2017-04 that often geocodes the town and has copy errors (Cape Vincent
    and Trout River at Champlain, Wildhorse at Willow Creek). The most frequent point is
    the first series wherever both exist. Ties go to the smaller WKT string, for stability.
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for code, location in _gzip_columns(path, "Port Code", "Location"):
        counts[normalise_code(code)][location] += 1
    return {
        code: parse_point(min(points, key=lambda point: (-points[point], point)))
        for code, points in counts.items()
    }


def read_txdot(path: Path) -> dict[str, tuple[float, float]]:
    """TxDOT crossing coordinates by TxDOT ``Code`` (the file starts with a BOM)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["Code"]: (float(row["Lat"]), float(row["Lon"])) for row in csv.DictReader(handle)
        }


def _state_code(code: str, facts: _PortFacts) -> str:
    if code in STATE_OVERRIDES:
        return STATE_OVERRIDES[code]
    names = facts.states - {""}
    if len(names) != 1:
        raise ValueError(f"port {code}: expected one state, found {sorted(facts.states)}")
    return STATES[names.pop()]


def _border(code: str, facts: _PortFacts) -> tuple[str, str]:
    if len(facts.borders) != 1:
        raise ValueError(f"port {code}: expected one border, found {sorted(facts.borders)}")
    return BORDERS[next(iter(facts.borders))]


def _coordinates(
    code: str,
    located: dict[str, tuple[float, float]],
    txdot: dict[str, tuple[float, float]],
) -> tuple[str, str, str]:
    """Latitude, longitude and the file they came from (all empty when none has them)."""
    if code in located:
        lat, lon = located[code]
        return format_degrees(lat), format_degrees(lon), LOCATED_FILE
    if code in TXDOT_MATCHES:
        lat, lon = txdot[TXDOT_MATCHES[code]]
        return format_degrees(lat), format_degrees(lon), TXDOT_FILE
    return "", "", ""


def bts_rows(
    facts: dict[str, _PortFacts],
    located: dict[str, tuple[float, float]],
    txdot: dict[str, tuple[float, float]],
) -> Iterator[dict[str, str]]:
    """One output row per BTS port code, in code order."""
    for code in sorted(facts):
        port = facts[code]
        state = _state_code(code, port)
        border, countries = _border(code, port)
        latitude, longitude, source = _coordinates(code, located, txdot)
        yield {
            "code": code,
            "name": port.latest[1],
            "state": state,
            "border": border,
            "countries": countries,
            "latitude": latitude,
            "longitude": longitude,
            "kind": "sea" if code in SEA_PORTS else "land",
            "first_month": min(port.months),
            "last_month": max(port.months),
            "timezone": TIMEZONE_OVERRIDES.get(code, STATE_TIMEZONES[state]),
            "source": source,
        }


def mexico_guatemala_rows() -> Iterator[dict[str, str]]:
    for port in MEXICO_GUATEMALA:
        yield {
            "code": port.code,
            "name": port.name,
            "state": port.state,
            "border": "MX-GT",
            "countries": "GT MX",
            "latitude": port.latitude,
            "longitude": port.longitude,
            "kind": "land",
            "first_month": "",
            "last_month": "",
            "timezone": port.timezone,
            "source": MANUAL_SOURCE,
        }


def write_rows(rows: Iterable[dict[str, str]], out: Path) -> int:
    """Write the CSV with ``\\n`` line ends; returns the number of data rows."""
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def derive(data_dir: Path, out: Path) -> int:
    """Build ``ports.csv`` from the files in ``data_dir/crossings``; returns the row count."""
    crossings = data_dir / "crossings"
    facts = read_main(crossings / MAIN_FILE)
    located = read_located(crossings / LOCATED_FILE)
    txdot = read_txdot(crossings / TXDOT_FILE)
    rows = [*bts_rows(facts, located, txdot), *mexico_guatemala_rows()]
    return write_rows(rows, out)


def default_data_dir() -> Path:
    """``BORDERFLOW_DATA_DIR``, or ``../shared/data`` beside the repository root."""
    configured = os.environ.get("BORDERFLOW_DATA_DIR")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "data"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data-dir", type=Path, default=default_data_dir())
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    count = derive(args.data_dir, args.out)
    print(f"wrote {count} ports to {args.out}")


if __name__ == "__main__":
    main()
