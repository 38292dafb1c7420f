"""``borderflow programs`` on a real database, through the commands a program office runs."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from borderflow.cli.context import node_engine, node_settings
from borderflow.cli.programs import app
from borderflow.errors import Conflict, InvalidInput

pytestmark = pytest.mark.storage


@pytest.fixture
def runner(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """A CLI runner whose node (country US) database is the test database."""
    monkeypatch.setenv("BORDERFLOW_DATABASE_URL", database_url)
    monkeypatch.setenv("BORDERFLOW_COUNTRY", "US")
    node_settings.cache_clear()
    node_engine.cache_clear()
    yield CliRunner()
    node_engine().dispose()
    node_settings.cache_clear()
    node_engine.cache_clear()


def run_json(runner: CliRunner, *args: str) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_apply_vet_suspend_and_look_up(runner: CliRunner) -> None:
    member = run_json(runner, "member-add", "CA:AB123456", "--name", "Ada Tremblay")
    assert member == {
        "member_id": 1,
        "kind": "person",
        "name": "Ada Tremblay",
        "member": "CA:AB123456",
    }
    application = run_json(runner, "apply", "1", "NEXUS", "GLOBAL_ENTRY")
    assert [(r["program"], r["country"]) for r in application["vetting_requests"]] == [
        ("NEXUS", "CA"),
        ("NEXUS", "US"),
        ("GLOBAL_ENTRY", "US"),
    ]
    run_json(runner, "vet", "1", "--result", "cleared", "--reference", "CBP-1")
    active = run_json(
        runner, "vet", "1", "--result", "cleared", "--reference", "CBSA-1", "--country", "CA"
    )
    assert active["status"] == "active"
    suspended = run_json(runner, "suspend", "1", "--reason", "inquiry")
    assert suspended["status"] == "suspended"
    again = runner.invoke(app, ["apply", "1", "NEXUS"])
    assert isinstance(again.exception, Conflict)
    standing = run_json(runner, "status", "CA:AB123456")
    assert [m["status"] for m in standing["memberships"]] == ["suspended", "applied"]
    assert standing["benefits"] == []
    events = run_json(runner, "events", "--membership", "1")
    assert [e["status"] for e in events] == ["applied", "active", "suspended"]


def test_joint_validation_partners_and_registry(runner: CliRunner) -> None:
    run_json(runner, "member-add", "US:12-3456789", "--name", "Acme", "--kind", "business")
    run_json(runner, "member-add", "MX:OEA-001", "--name", "Exportadora", "--kind", "business")
    run_json(runner, "apply", "1", "CTPAT:3")
    run_json(runner, "vet", "1", "--result", "cleared", "--reference", "CBP-7")
    run_json(runner, "apply", "2", "OEA")
    run_json(runner, "vet", "2", "--result", "cleared", "--reference", "SAT-7", "--country", "MX")
    validation = run_json(
        runner,
        "validate",
        "1",
        "--finding",
        "US|CBP J. Smith|passed|seals adequate",
        "--finding",
        "MX|SAT M. López|action_required|lighting",
    )
    assert {f["country"] for f in validation["findings"]} == {"US", "MX"}
    bad = runner.invoke(app, ["validate", "1", "--finding", "US|only three|passed"])
    assert isinstance(bad.exception, InvalidInput)
    assert bad.exception.field == "findings[0]"
    result = runner.invoke(app, ["partner-add", "US:12-3456789", "MX:OEA-001"])
    assert result.exit_code == 0, result.output
    partners = run_json(runner, "partners", "US:12-3456789")
    assert partners[0]["programs"] == [
        {"program": "OEA", "tier": "member", "standing": "in_good_standing"}
    ]
    registry = run_json(runner, "registry", "oea")
    assert [r["member"] for r in registry] == ["MX:OEA-001"]
    table = runner.invoke(app, ["registry", "OEA"])
    assert "Exportadora" in table.output


def test_catalog_lists_programs_and_arrangements(runner: CliRunner) -> None:
    catalog = run_json(runner, "catalog")
    assert {"country": "US", "recognizes": "PIP"}.items() <= catalog["arrangements"][0].items()
    table = runner.invoke(app, ["catalog"])
    assert table.exit_code == 0
    assert "SENTRI" in table.output
