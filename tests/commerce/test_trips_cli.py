"""``borderflow trips`` on a real database."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from commerce_helpers import StepClock, enrol, filing_json
from typer.testing import CliRunner

from borderflow.cli.context import node_engine, node_settings
from borderflow.cli.trips import app
from borderflow.commerce import CardRevoked, CommerceService, LateFiling, parse_filing
from borderflow.programs import MemberKind, MemberRef, ProgramService

pytestmark = pytest.mark.storage


@pytest.fixture
def runner(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """A CLI runner on the test database (node country US) with a FAST driver, a C-TPAT
    carrier and a C-TPAT importer enrolled two hours ago."""
    monkeypatch.setenv("BORDERFLOW_DATABASE_URL", database_url)
    monkeypatch.setenv("BORDERFLOW_COUNTRY", "US")
    node_settings.cache_clear()
    node_engine.cache_clear()
    past = StepClock(dt.datetime.now(dt.UTC) - dt.timedelta(hours=2))
    with node_engine().begin() as connection:
        programs = ProgramService(connection, clock=past)
        enrol(programs, "US:D1234567", "Bo Driver", MemberKind.PERSON, FAST=None)
        enrol(programs, "US:CARRIER-1", "Lone Star Haulage", MemberKind.BUSINESS, CTPAT="2")
        enrol(programs, "US:IMPORTER-1", "Acme", MemberKind.BUSINESS, CTPAT="3")
    yield CliRunner()
    node_engine().dispose()
    node_settings.cache_clear()
    node_engine.cache_clear()


def test_issue_file_and_read(runner: CliRunner, tmp_path: Path) -> None:
    issued = runner.invoke(app, ["card-issue", "US:D1234567", "--json"])
    assert issued.exit_code == 0, issued.output
    card = json.loads(issued.output)["card_number"]
    late = tmp_path / "late.json"
    late.write_text(json.dumps(filing_json(card, arrival=dt.datetime.now(dt.UTC))))
    refused = runner.invoke(app, ["file", str(late)])
    assert isinstance(refused.exception, LateFiling)
    filing = tmp_path / "trip.json"
    arrival = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    filing.write_text(json.dumps(filing_json(card, arrival=arrival, hs_codes=("870899",))))
    filed = runner.invoke(app, ["file", str(filing), "--json"])
    assert filed.exit_code == 0, filed.output
    trip_id = json.loads(filed.output)["trip_id"]
    too_soon = runner.invoke(app, ["read", card, "--lane", "FAST", "--json"])
    assert isinstance(too_soon.exception, LateFiling)
    assert "filed only 0 minutes before this arrival" in str(too_soon.exception)
    status = runner.invoke(app, ["card-status", card, "--country", "MX", "--json"])
    assert json.loads(status.output)["benefits"] == ["fast_lane_driver"]
    general = runner.invoke(app, ["queue", f"{card}@2026-03-02T14:00:00Z", "--json"])
    assert json.loads(general.output)[0]["reopening_rank"] == 2
    assert trip_id.startswith("T")
    revoked = runner.invoke(app, ["card-revoke", card, "--reason", "lost"])
    assert revoked.exit_code == 0
    after = runner.invoke(app, ["read", card, "--lane", "FAST"])
    assert isinstance(after.exception, CardRevoked)


def test_a_read_shows_the_trip_and_why_the_lane_is_refused(runner: CliRunner) -> None:
    """The trip was filed two hours ago (through the library, at that time) for arrival now."""
    past = StepClock(dt.datetime.now(dt.UTC) - dt.timedelta(hours=2))
    with node_engine().begin() as connection:
        commerce = CommerceService(connection, clock=past)
        card = commerce.issue_card(MemberRef.parse("US:D1234567")).card_number
        raw = filing_json(
            card,
            arrival=past() + dt.timedelta(hours=2),
            country="CA",
            port="3801",
            hs_codes=("870899", "080510"),
        )
        commerce.file_trip(parse_filing(raw), actor="test")
    read = runner.invoke(app, ["read", card, "--lane", "FAST", "--country", "CA", "--json"])
    assert read.exit_code == 0, read.output
    body = json.loads(read.output)
    assert body["trip"]["port"] == "3801"
    assert [f["condition"] for f in body["eligibility"]["failed_conditions"]] == [
        "no_other_agency_goods"
    ]
    assert "HS 080510" in body["eligibility"]["failed_conditions"][0]["detail"]
