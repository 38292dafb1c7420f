"""Filing windows per country and lane, from data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from borderflow.commerce import LateFiling, default_windows, load_windows
from borderflow.errors import ConfigurationError, InvalidInput

FILED = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)


def test_the_issues_windows() -> None:
    windows = default_windows()
    assert windows.minutes("CA", "FAST") == 60
    assert windows.minutes("US", "FAST") == 30
    assert windows.minutes("US", "GENERAL") == 60


def test_a_filing_inside_the_window_is_late_and_says_by_how_much() -> None:
    windows = default_windows()
    windows.check_filing(FILED, FILED + dt.timedelta(minutes=30), "US", "FAST")
    with pytest.raises(LateFiling) as late:
        windows.check_filing(FILED, FILED + dt.timedelta(minutes=45), "CA", "FAST")
    assert late.value.field == "expected_arrival"
    assert late.value.code == "late_filing"
    assert "filed 45 minutes before" in late.value.message
    assert "needs at least 60 minutes" in late.value.message


def test_a_truck_arriving_before_the_window_has_passed_makes_its_filing_late() -> None:
    with pytest.raises(LateFiling, match="filed only 20 minutes before this arrival"):
        default_windows().check_presented(FILED, FILED + dt.timedelta(minutes=20), "US", "FAST")


def test_a_country_without_a_window_is_an_input_error() -> None:
    with pytest.raises(InvalidInput) as error:
        default_windows().minutes("GT", "FAST")
    assert error.value.field == "country"


def test_a_bad_window_file_names_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "filing_windows.toml"
    path.write_text('[[window]]\ncountry = "US"\nlane = "*"\nminutes = "sixty"\n')
    with pytest.raises(ConfigurationError, match=r"filing_windows\.toml: window\[0\]\.minutes"):
        load_windows(path)
