"""``borderflow simulate``: a small port end to end, and every bad input as a clear error."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from borderflow.cli.simulate import app

runner = CliRunner()
# Alcan, Alaska: a few hundred crossings a day, so three replications take a second.
SMALL_PORT = ["--port", "Alcan", "--month", "2019-08"]


def test_compares_two_policies_and_writes_report_and_csv(tmp_path: Path) -> None:
    report = tmp_path / "out.html"
    result = runner.invoke(
        app,
        [
            *SMALL_PORT,
            "--policy",
            "cbm",
            "--vs",
            "legacy",
            "--replications",
            "3",
            "--workers",
            "1",
            "--report",
            str(report),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert set(summary["policies"]) == {"cbm", "legacy"}
    wait = summary["policies"]["legacy"]["general.wait_mean"]
    assert wait["low"] <= wait["mean"] <= wait["high"]
    page = report.read_text(encoding="utf-8")
    charts = re.findall(r"<svg.*?</svg>", page, re.DOTALL)
    assert len(charts) >= 2
    for chart in charts:
        ElementTree.fromstring(chart)  # well-formed, standalone SVG
    assert "interdiction against referral rate" in page
    assert not re.search(r"(src|href)=", page)  # nothing fetched from anywhere
    with (tmp_path / "out.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["policy"] for row in rows} == {"cbm", "legacy"}
    assert {row["replication"] for row in rows} == {"0", "1", "2"}


def test_same_seed_same_figures() -> None:
    args = [*SMALL_PORT, "--replications", "2", "--workers", "1", "--json", "--seed", "42"]
    first = runner.invoke(app, args)
    second = runner.invoke(app, args)
    assert first.exit_code == 0
    assert first.stdout == second.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--port", "Atlantis", "--month", "2019-08"], "port: unknown port 'Atlantis'"),
        (["--port", "Alcan", "--month", "2024-01"], "month: BTS has no crossings"),
        (["--port", "Alcan", "--month", "19-08"], "month: expected a month as YYYY-MM"),
        ([*SMALL_PORT, "--random-rate", "1.5"], "random_check_rate: must lie between 0 and 1"),
        ([*SMALL_PORT, "--contraband-share", "-0.1"], "contraband_share: must lie between"),
        ([*SMALL_PORT, "--booths", "general=-2"], "max_booths.general: must be at least 1"),
        ([*SMALL_PORT, "--booths", "express=2"], "booths: expected LANE=N"),
        ([*SMALL_PORT, "--secondary-bays", "-1"], "secondary_capacity: must be 0 or more"),
        ([*SMALL_PORT, "--replications", "0"], "replications: must be at least 1"),
        ([*SMALL_PORT, "--policy", "open"], "policy: unknown policy 'open'"),
        ([*SMALL_PORT, "--vs", "cbm"], "vs: compare two different policies"),
    ],
)
def test_bad_input_is_a_clear_error(args: list[str], expected: str) -> None:
    result = runner.invoke(app, [*args, "--workers", "1"])
    assert result.exit_code == 2
    assert f"error: {expected}" in result.stderr
