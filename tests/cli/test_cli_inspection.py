"""The CLI's deputations (``users``) and recorded decisions (``inspection``) on a real database."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from arrivals import FLAGGED, crossing_body
from borderflow.cli import app
from borderflow.cli.context import node_engine, node_settings
from borderflow.inspection import (
    Officer,
    policy_named,
)
from borderflow.inspection.service import InspectionService
from borderflow.ledger import CrossingInput

pytestmark = pytest.mark.storage


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


def run(runner: CliRunner, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.output if "--json" in args else " ".join(result.output.split())


def test_deputize_list_and_revoke(runner: CliRunner) -> None:
    run(runner, "users", "add", "luis", "--country", "MX", "--role", "officer")
    granted = json.loads(
        run(
            runner,
            "users",
            "deputize",
            "luis",
            "--partner",
            "US",
            "--port",
            "San Ysidro",
            "--granted-by",
            "cbp:port-director",
            "--from",
            "2025-03-01",
            "--until",
            "2025-03-31",
            "--json",
        )
    )
    assert (granted["partner"], granted["port"], granted["valid_until"]) == (
        "US",
        "2504",
        "2025-03-31",
    )
    listed = json.loads(run(runner, "users", "deputations", "--user", "luis", "--json"))
    assert [d["deputation_id"] for d in listed] == [granted["deputation_id"]]
    assert listed[0]["revoked_at"] is None
    number = str(granted["deputation_id"])
    run(runner, "users", "revoke-deputation", number, "--revoked-by", "cbp:port-director")
    listed = json.loads(run(runner, "users", "deputations", "--json"))
    assert listed[0]["revoked_by"] == "cbp:port-director"
    table = run(runner, "users", "deputations")
    assert "luis" in table and "2504" in table


def test_bad_deputations_are_clear_errors(runner: CliRunner) -> None:
    run(runner, "users", "add", "luis", "--country", "MX", "--role", "officer")
    base = ("users", "deputize", "--partner", "US", "--granted-by", "cbp", "--until", "2025-03-31")
    result = runner.invoke(app, [*base, "nobody", "--port", "2504"])
    assert result.exit_code != 0 and isinstance(result.exception, Exception)
    assert "nobody" in str(result.exception)
    blaine = runner.invoke(app, [*base, "luis", "--port", "Blaine", "--from", "2025-03-01"])
    assert "US-CA border" in str(blaine.exception)


def test_decisions_by_port_day_and_traveler_and_an_outcome(
    runner: CliRunner, engine: Engine
) -> None:
    now = dt.datetime(2025, 3, 10, 18, 0, tzinfo=dt.UTC)
    crossing = CrossingInput.model_validate(crossing_body())
    with engine.begin() as connection:
        InspectionService(connection, now=lambda: now).decide_and_record(
            FLAGGED,
            Officer("user:1:ana", "US"),
            policy_named("cbm", random_check_rate=0.0),
            random.Random(1),
            crossing=crossing,
        )
    day = json.loads(
        run(
            runner,
            "inspection",
            "decisions",
            "--port",
            "San Ysidro",
            "--day",
            "2025-03-10",
            "--json",
        )
    )
    assert [r["decision"]["arrival_id"] for r in day] == ["a-1"]
    assert day[0]["decision"]["referred_by"] == ["targeting"]
    table = run(runner, "inspection", "decisions", "--port", "2504", "--day", "2025-03-10")
    assert "a-1" in table and "refer" in table
    assert "recorded for a-1 (model)" in run(
        runner, "inspection", "outcome", "a-1", "--found", "--what", "cash"
    )
    traveler = json.loads(
        run(runner, "inspection", "traveler", "--country", "MX", "--document", "G123", "--json")
    )
    assert traveler[0]["secondary"]["found"] is True
    assert traveler[0]["crossing_id"] == "c-1"


def test_a_supervisor_sets_a_port_policy_shown_with_its_history(runner: CliRunner) -> None:
    run(runner, "users", "add", "sue", "--country", "US", "--role", "supervisor")
    run(runner, "users", "add", "ana", "--country", "US", "--role", "officer")
    base = ("inspection", "policy", "set", "San Ysidro", "--kind", "cbm", "--set-by")
    rates = ("--random-rate", "0.02", "--capacity", "12")
    first = json.loads(run(runner, *base, "sue", *rates, "--json"))
    assert (first["port"], first["policy"]["kind"], first["policy"]["secondary_capacity"]) == (
        "2504",
        "cbm",
        12,
    )
    assert first["set_by"].endswith(":sue")
    later = run(
        runner, *base, "sue", "--random-rate", "0.01", "--capacity", "8", "--from", "2099-01-01"
    )
    assert "from 2099-01-01T08:00+00:00" in later
    shown = run(runner, "inspection", "policy", "show", "2504")
    assert (
        "in_force" in shown and "scheduled" in shown and "open referrals (bays in use): 0" in shown
    )
    history = json.loads(run(runner, "inspection", "policy", "history", "2504", "--json"))
    assert [v["policy"]["random_check_rate"] for v in history] == [0.02, 0.01]
    refused = runner.invoke(app, [*base, "ana", *rates])
    assert refused.exit_code != 0 and "ana is not a supervisor" in str(refused.exception)
    impossible = runner.invoke(app, [*base, "sue", "--random-rate", "1.5", "--capacity", "1"])
    assert "random_check_rate" in str(impossible.exception)
    nowhere = runner.invoke(app, ["inspection", "policy", "show", "Atlantis"])
    assert "Atlantis" in str(nowhere.exception)
    empty = run(runner, "inspection", "policy", "show", "Otay Mesa")
    assert "has no policy: decisions are refused" in empty
