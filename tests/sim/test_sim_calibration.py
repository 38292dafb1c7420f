"""Validation against San Ysidro 2019 (issue 8, point 4); figures in docs/calibration.md.

Sources: BTS monthly volumes (crossings/SOURCE.md file 1) and the CBP wait file
(file 5), averaged over its seven day indices for the month. The legacy policy is the
one in force when the waits were observed. Four replications are averaged, because a
saturated lane's queue wanders from day to day like a random walk.
"""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from borderflow.errors import InvalidInput, NotFound
from borderflow.inspection import Lane, policy_named
from borderflow.sim import Comparison, build_port_model, load_volumes, replicate

CALIBRATED = (Lane.GENERAL, Lane.SENTRI, Lane.READY, Lane.PEDESTRIAN)
PEAKED = (Lane.GENERAL, Lane.READY, Lane.PEDESTRIAN)  # SENTRI's profile is flat: see docs
# December's Ready Lane maximum is a lone spike at 11:00 (65 min, against 63 at 14-15:00
# around it): no smooth profile reproduces a one-hour outlier, so its peak is not checked.
ISOLATED_SPIKES = {("2019-12", Lane.READY)}
REPLICATIONS = 4


def calibrate(data_dir: Path, month: str) -> Comparison:
    model = build_port_model(data_dir, "San Ysidro", month)
    return replicate(model, [policy_named("legacy")], REPLICATIONS, "calibration", workers=2)


@pytest.fixture(scope="module")
def august(data_dir: Path) -> Comparison:
    return calibrate(data_dir, "2019-08")


def mean_of(comparison: Comparison, metric: str) -> float:
    """The mean of a figure over the replications of the comparison's first policy."""
    runs = comparison.runs[comparison.policies[0].name]
    return statistics.fmean(run[metric] for run in runs)


def hourly(comparison: Comparison, lane: Lane) -> list[float]:
    return [mean_of(comparison, f"{lane.value}.hour{h:02d}.wait_mean") for h in range(24)]


def check_month(comparison: Comparison, data_dir: Path) -> None:
    model = comparison.model
    bts = load_volumes(data_dir, model.port_code, model.month)
    days = bts.days
    cars = sum(mean_of(comparison, f"{lane}.throughput") for lane in ("general", "ready", "sentri"))
    for simulated, measure in (
        (cars, "Personal Vehicles"),
        (mean_of(comparison, "pedestrian.throughput"), "Pedestrians"),
        (mean_of(comparison, "bus.throughput"), "Buses"),
    ):
        assert simulated * days == pytest.approx(bts.counts[measure], rel=0.02), measure
    daily = {}
    for lane in CALIBRATED:
        observed = model.lane(lane).target_waits
        assert observed is not None
        simulated_hours = hourly(comparison, lane)
        daily[lane] = statistics.fmean(simulated_hours)
        assert daily[lane] == pytest.approx(statistics.fmean(observed), rel=0.15), lane
        mape = statistics.fmean(
            abs(s - o) / o for s, o in zip(simulated_hours, observed, strict=True)
        )
        assert mape <= 0.25, (lane, mape)
        if lane in PEAKED and (model.month, lane) not in ISOLATED_SPIKES:
            gap = abs(simulated_hours.index(max(simulated_hours)) - observed.index(max(observed)))
            assert min(gap, 24 - gap) <= 1, lane
    assert daily[Lane.SENTRI] < daily[Lane.READY] < daily[Lane.GENERAL]


def test_san_ysidro_august_2019_matches_bts_and_the_wait_file(
    august: Comparison, data_dir: Path
) -> None:
    check_month(august, data_dir)


def test_cbm_shortens_waits_and_costs_interdiction(august: Comparison) -> None:
    """The comparison the issue asks for, on the same travellers as the legacy runs."""
    cbm = replicate(august.model, [policy_named("cbm")], 1, "calibration")
    assert mean_of(cbm, "general.wait_mean") < mean_of(august, "general.wait_mean") / 4
    assert [r["carried"] for r in cbm.runs["cbm"]] == [
        r["carried"] for r in august.runs["legacy"][:1]
    ]
    assert mean_of(cbm, "caught") < mean_of(august, "caught")


@pytest.mark.slow
@pytest.mark.parametrize("month", [f"2019-{m:02d}" for m in range(1, 13)])
def test_every_month_of_2019(month: str, data_dir: Path) -> None:
    check_month(calibrate(data_dir, month), data_dir)


def test_any_bts_port_can_be_simulated(data_dir: Path) -> None:
    """Detroit (Ambassador Bridge and tunnel): cars, trucks split FAST/commercial, buses."""
    model = build_port_model(data_dir, "Detroit", "2019-06")
    assert {s.lane for s in model.lanes} >= {Lane.FAST, Lane.COMMERCIAL, Lane.GENERAL}
    run = replicate(model, [policy_named("cbm")], 1, "detroit").runs["cbm"][0]
    bts = load_volumes(data_dir, "3801", "2019-06")
    trucks = (run["fast.throughput"] + run["commercial.throughput"]) * bts.days
    assert trucks == pytest.approx(bts.counts["Trucks"], rel=0.02)


def test_unknown_port_comes_from_the_reference_catalog(data_dir: Path) -> None:
    with pytest.raises(NotFound) as raised:
        build_port_model(data_dir, "Atlantis", "2019-08")
    assert raised.value.field == "port"
    with pytest.raises(InvalidInput) as ambiguous:
        build_port_model(data_dir, "Eastport", "2019-08")
    assert ambiguous.value.field == "port"
