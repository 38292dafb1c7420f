"""Filing windows: how long before arrival each country wants a trip filed (data-driven).

A trip must be filed at least the window before its expected arrival, and the truck may
not present itself at the booth before the window has passed since filing (a truck that
arrives early makes its filing late).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from borderflow.commerce.model import LateFiling
from borderflow.errors import ConfigurationError, InvalidInput

__all__ = ["FilingWindows", "default_windows", "load_windows"]

WINDOWS_FILE = Path(__file__).with_name("data") / "filing_windows.toml"
ANY_LANE = "*"


@dataclass(frozen=True, slots=True)
class FilingWindows:
    minutes_by_lane: Mapping[tuple[str, str], int]

    def minutes(self, country: str, lane: str) -> int:
        """The window of ``lane`` in ``country``, or the country's default."""
        for key in ((country, lane.upper()), (country, ANY_LANE)):
            if key in self.minutes_by_lane:
                return self.minutes_by_lane[key]
        raise InvalidInput(f"no filing window is defined for entry into {country}", field="country")

    def check_filing(
        self, filed_at: dt.datetime, expected_arrival: dt.datetime, country: str, lane: str
    ) -> None:
        window = self.minutes(country, lane)
        lead = expected_arrival - filed_at
        if lead < dt.timedelta(minutes=window):
            raise LateFiling(
                f"filed {_minutes(lead)} before the expected arrival; entry into {country} "
                f"({lane}) needs at least {window} minutes",
                field="expected_arrival",
            )

    def check_presented(
        self, filed_at: dt.datetime, read_at: dt.datetime, country: str, lane: str
    ) -> None:
        window = self.minutes(country, lane)
        lead = read_at - filed_at
        if lead < dt.timedelta(minutes=window):
            raise LateFiling(
                f"the trip was filed only {_minutes(lead)} before this arrival; entry into "
                f"{country} ({lane}) needs at least {window} minutes",
                field="card_number",
            )


def _minutes(delta: dt.timedelta) -> str:
    return f"{int(delta.total_seconds() // 60)} minutes"


def load_windows(path: Path = WINDOWS_FILE) -> FilingWindows:
    """The windows of ``path``; a bad entry names the file and the key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(f"{path.name}: cannot be read: {exc}") from None
    windows: dict[tuple[str, str], int] = {}
    for index, row in enumerate(data.get("window", [])):
        key = f"window[{index}]"
        country, lane, minutes = row.get("country"), row.get("lane"), row.get("minutes")
        if not isinstance(country, str) or len(country) != 2:
            raise ConfigurationError(
                f"{path.name}: {key}.country: expected a country code", field=f"{key}.country"
            )
        if not isinstance(lane, str) or not lane:
            raise ConfigurationError(
                f"{path.name}: {key}.lane: expected a lane or '*'", field=f"{key}.lane"
            )
        if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 0:
            raise ConfigurationError(
                f"{path.name}: {key}.minutes: expected whole minutes >= 0", field=f"{key}.minutes"
            )
        if (country.upper(), lane.upper()) in windows:
            raise ConfigurationError(f"{path.name}: {key}: listed twice", field=key)
        windows[(country.upper(), lane.upper())] = minutes
    return FilingWindows(windows)


@cache
def default_windows() -> FilingWindows:
    return load_windows(WINDOWS_FILE)
