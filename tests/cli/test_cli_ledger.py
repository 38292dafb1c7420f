"""The CLI end to end on a real database: users, ports, import and the ledger queries."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from borderflow.cli import app
from borderflow.cli.context import node_engine, node_settings
from borderflow.ledger.rows import COLUMNS
from borderflow.store import create_db_engine, current_revision

pytestmark = pytest.mark.storage

ROWS = [
    {
        "id": "c1",
        "doc_type": "passport",
        "issuing_country": "MX",
        "document_number": "G123",
        "surname": "García",
        "given_names": "Ana",
        "date_of_birth": "1990-01-01",
        "nationality": "MX",
        "sex": "F",
        "mode": "pedestrian",
        "port": "2504",
        "from_country": "MX",
        "to_country": "US",
        "crossed_at": "2025-01-10T09:30:00-08:00",
        "admission_class": "B2",
        "admitted_until": "2025-02-10",
    },
    {
        "id": "c2",
        "doc_type": "passport",
        "issuing_country": "MX",
        "document_number": "G123",
        "surname": "García",
        "given_names": "Ana",
        "date_of_birth": "1990-01-01",
        "nationality": "MX",
        "sex": "F",
        "mode": "pedestrian",
        "port": "Atlantis",
        "from_country": "US",
        "to_country": "MX",
        "crossed_at": "2025-01-12T09:30:00-08:00",
        "admission_class": "",
        "admitted_until": "",
    },
]


@pytest.fixture
def runner(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """A CLI runner whose node database is the test database."""
    monkeypatch.setenv("BORDERFLOW_DATABASE_URL", database_url)
    node_settings.cache_clear()
    node_engine.cache_clear()
    yield CliRunner()
    node_engine().dispose()
    node_settings.cache_clear()
    node_engine.cache_clear()


@pytest.fixture
def crossings_csv(tmp_path: Path) -> Path:
    path = tmp_path / "crossings.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(ROWS)
    return path


def run(runner: CliRunner, *args: str, code: int = 0) -> str:
    """The command's output; tables and messages may wrap, so compare words, not lines."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    if "--json" in args:
        return result.output
    return " ".join(result.output.split())


def test_db_upgrade_and_current(runner: CliRunner, database_url: str) -> None:
    engine = create_db_engine(database_url)
    revisions = ", ".join(sorted(current_revision(engine)))
    engine.dispose()
    assert f"is at {revisions}" in run(runner, "db", "upgrade")
    assert run(runner, "db", "current") == revisions


def test_users_add_prints_a_token_once(runner: CliRunner) -> None:
    out = json.loads(
        run(runner, "users", "add", "ana", "--country", "MX", "--role", "officer", "--json")
    )
    assert out["token"].startswith("bf_")
    listed = json.loads(run(runner, "users", "list", "--json"))
    assert listed[0]["name"] == "ana" and "token" not in json.dumps(listed)


def test_ports_list_and_show(runner: CliRunner) -> None:
    ports = json.loads(run(runner, "ports", "list", "--border", "US-MX", "--json"))
    assert "2504" in {p["code"] for p in ports}
    shown = json.loads(run(runner, "ports", "show", "san ysidro", "--json"))
    assert shown["border"] == "US-MX" and shown["timezone"] == "America/Los_Angeles"
    assert "San Ysidro" in run(runner, "ports", "show", "2504")


def test_import_reports_rejects_and_exits_1(runner, crossings_csv: Path, tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.csv"
    out = run(
        runner, "ledger", "import", str(crossings_csv), "--rejects", str(rejects), "--json", code=1
    )
    report = json.loads(out)
    assert (report["created"], report["rows"]) == (1, 2)
    assert rejects.read_text().splitlines()[1].startswith("3,port,")
    again = json.loads(run(runner, "ledger", "import", str(crossings_csv), "--json", code=1))
    assert (again["created"], again["duplicates"]) == (0, 1)


def test_queries_in_tables_and_json(runner, crossings_csv: Path) -> None:
    run(runner, "ledger", "import", str(crossings_csv), code=1)
    history = json.loads(run(runner, "ledger", "history", "-c", "MX", "-d", "G123", "--json"))
    assert [c["id"] for c in history["crossings"]] == ["c1"]
    assert "García" in run(runner, "ledger", "history", "-c", "MX", "-d", "G123")
    presence = json.loads(run(runner, "ledger", "presence", "-c", "MX", "-d", "G123", "--json"))
    assert presence["country"] == "US" and presence["overstaying"] is True
    overstays = json.loads(run(runner, "ledger", "overstays", "--as-of", "2025-03-01", "--json"))
    assert [(o["crossing_id"], o["days_over"]) for o in overstays] == [("c1", 19)]
    stats = json.loads(run(runner, "ledger", "stats", "--port", "San Ysidro", "--json"))
    assert stats[0]["direction"] == "MX->US"
    assert "1 crossings" in run(runner, "ledger", "stats")


def test_generate_writes_importable_rows(runner, tmp_path: Path) -> None:
    out = tmp_path / "gen.csv"
    run(runner, "ledger", "generate", str(out), "--count", "200", "--seed", "3")
    report = json.loads(run(runner, "ledger", "import", str(out), "--json"))
    assert report["created"] == 200 and report["rejections"] == []


def test_errors_are_one_clear_line_with_exit_2(database_url: str, tmp_path: Path) -> None:
    env = {"BORDERFLOW_DATABASE_URL": database_url, "PATH": ""}
    result = subprocess.run(
        [sys.executable, "-m", "borderflow", "ports", "show", "Atlantis"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 2
    assert "error:" in result.stderr and "port" in result.stderr
    assert "Traceback" not in result.stderr
