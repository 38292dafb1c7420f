"""BTS volumes (cleaned as SOURCE.md says) and the San Ysidro wait file."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderflow.errors import InvalidInput, NotFound
from borderflow.inspection import Lane
from borderflow.sim.volumes import BTS_FILE, load_volumes, parse_month, read_bts_rows
from borderflow.sim.waits import hourly_waits


def _raw_values(data_dir: Path, port: str, date: str, measure: str) -> list[int]:
    with gzip.open(data_dir / BTS_FILE, "rt", encoding="utf-8") as handle:
        return [
            int(line.rsplit(",", 1)[1])
            for line in handle
            if f",{port}," in line and f",{date},{measure}," in line
        ]


def test_exact_duplicates_are_dropped(data_dir: Path) -> None:
    raw = _raw_values(data_dir, "3801", "Jun 2019", "Personal Vehicles")
    assert len(raw) == 2 and raw[0] == raw[1]  # the duplicate SOURCE.md describes
    assert load_volumes(data_dir, "3801", "2019-06").counts["Personal Vehicles"] == raw[0]


def test_conflicting_values_keep_the_larger(data_dir: Path) -> None:
    raw = _raw_values(data_dir, "2606", "Feb 2021", "Bus Passengers")
    assert sorted(raw) == [0, 2175]
    table = read_bts_rows(data_dir / BTS_FILE)
    assert table[("2606", "US-Mexico Border", "2021-02", "Bus Passengers")] == 2175


def test_san_ysidro_2019_matches_calibration_md(data_dir: Path) -> None:
    """CALIBRATION.md: 41,039 vehicles and 29,587 pedestrians a day in 2019."""
    months = [load_volumes(data_dir, "2504", f"2019-{m:02d}") for m in range(1, 13)]
    assert round(sum(v.counts["Personal Vehicles"] for v in months) / 365) == 41_039
    assert round(sum(v.counts["Pedestrians"] for v in months) / 365) == 29_587
    august = months[7]
    assert august.days == 31
    assert round(august.per_day("Pedestrians")) == 31_488


def test_month_without_data_is_an_error(data_dir: Path) -> None:
    with pytest.raises(NotFound) as raised:
        load_volumes(data_dir, "2504", "2023-01")
    assert raised.value.field == "month"
    assert "2022-07" in raised.value.message


@pytest.mark.parametrize("text", ["2019-13", "2019-8", "Aug 2019", "", "2019-00"])
def test_malformed_month_is_an_error(text: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_month(text)
    assert raised.value.field == "month"


@given(st.integers(1996, 2099), st.integers(1, 12))
def test_month_round_trip(year: int, month: int) -> None:
    assert parse_month(f"{year}-{month:02d}") == (year, month)


def test_wait_profile_matches_source_md(data_dir: Path) -> None:
    """SOURCE.md: overall means general 59, SENTRI 10, Ready 44, pedestrian 20 minutes."""
    months = [hourly_waits(data_dir, m) for m in range(1, 13)]
    overall = {
        lane: sum(sum(p[lane]) for p in months) / (12 * 24)
        for lane in (Lane.GENERAL, Lane.SENTRI, Lane.READY, Lane.PEDESTRIAN)
    }
    assert round(overall[Lane.GENERAL]) == 59
    assert round(overall[Lane.SENTRI]) == 10
    assert round(overall[Lane.READY]) == 44
    assert round(overall[Lane.PEDESTRIAN]) == 20
