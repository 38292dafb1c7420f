"""``borderflow screen`` through Typer's runner, on a migrated database."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from borderflow.cli import context
from borderflow.cli.screen import app

pytestmark = pytest.mark.storage

runner = CliRunner()


@pytest.fixture
def node(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("BORDERFLOW_DATABASE_URL", database_url)
    context.node_settings.cache_clear()
    context.node_engine.cache_clear()
    yield
    context.node_engine().dispose()
    context.node_settings.cache_clear()
    context.node_engine.cache_clear()


def test_load_then_screen_a_name_directly(node: None, watchlists: Path, tmp_path: Path) -> None:
    loaded = runner.invoke(
        app, ["load", "un", str(watchlists / "un" / "un_sc_consolidated_2026-02-27.xml"), "--json"]
    )
    assert loaded.exit_code == 0, loaded.output
    assert json.loads(loaded.output)["added"] == 1003
    found = runner.invoke(
        app, ["QUSAY SADDAM HUSSEIN AL-TIKRITI", "--dob", "1965", "--country", "IQ", "--json"]
    )
    assert found.exit_code == 0, found.output
    assert json.loads(found.output)[0]["entry_key"] == "un_sc:6908049"
    table = runner.invoke(app, ["Qusay Saddam Hussein al-Tikriti"])
    assert "un_sc:6908049" in table.output and "qusay" in table.output
    bad = runner.invoke(app, ["Qusay", "--dob", "nineteen"])
    assert bad.exit_code != 0


def test_the_nodes_threshold_setting_applies(
    node: None, watchlists: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A middle name dropped scores 0.56 against the UN list: shown at
    ``BORDERFLOW_SCREENING_THRESHOLD=0.5``, not at the default 0.80."""
    runner.invoke(app, ["load", "un", str(watchlists / "un" / "un_sc_consolidated_2026-02-27.xml")])
    default = runner.invoke(app, ["Qusay Hussein al-Tikriti", "--json"])
    assert default.exit_code == 0 and json.loads(default.output) == []
    monkeypatch.setenv("BORDERFLOW_SCREENING_THRESHOLD", "0.5")
    context.node_settings.cache_clear()
    lower = runner.invoke(app, ["Qusay Hussein al-Tikriti", "--json"])
    assert lower.exit_code == 0, lower.output
    assert json.loads(lower.output)[0]["entry_key"] == "un_sc:6908049"


def test_batch_writes_every_row_and_reports_bad_ones(
    node: None, watchlists: Path, tmp_path: Path
) -> None:
    runner.invoke(app, ["load", "un", str(watchlists / "un" / "un_sc_consolidated_2026-02-27.xml")])
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(
        "name,dob,country\nSADDAM HUSSEIN AL-TIKRITI,1937-04-28,IQ\n"
        "Maria Lopez Ortega,1990,MX\nAna,not a date,MX\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["batch", str(source), str(target)])
    assert result.exit_code == 0, result.output
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["alert"] for r in rows] == ["yes", "no", ""]
    assert rows[0]["entry_key"] == "un_sc:6908048"
    assert "dob" in rows[2]["error"]
    assert "3 rows screened, 1 alerts, 1 rejected" in result.output


def test_retro_screening_on_load(node: None, watchlists: Path, tmp_path: Path) -> None:
    yesterday = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).isoformat()
    crossings = tmp_path / "crossings.csv"
    crossings.write_text(
        "crossing_id,occurred_at,name,dob,nationality\n"
        f"x1,{yesterday},Saddam Hussein al-Tikriti,1937,IQ\n"
        "x2,2020-01-01T00:00:00+00:00,Saddam Hussein al-Tikriti,1937,IQ\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        [
            "load",
            "un",
            str(watchlists / "un" / "un_sc_consolidated_2026-02-27.xml"),
            "--retro-crossings",
            str(crossings),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)["retro_hits"]
    assert [(h["crossing_id"], h["entry_key"]) for h in hits] == [("x1", "un_sc:6908048")]
