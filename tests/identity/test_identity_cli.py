"""``borderflow mrz`` and ``borderflow wallet`` through Typer's test runner."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from borderflow.cli.mrz import app as mrz_app
from borderflow.cli.wallet import app as wallet_app
from borderflow.identity import KnownTravelerIssuer, StatusReference, TravelerClaims
from borderflow.identity.jose import generate_key

runner = CliRunner()

TD3 = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
]
NOISY_TD3 = [
    "P<UT0ERIK55ON<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO740BIZZF12041S9ZE184226B<<<<<1O",
]


def test_mrz_json() -> None:
    result = runner.invoke(mrz_app, [*TD3, "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["format"] == "TD3" and body["fields"]["document_number"] == "L898902C3"


def test_mrz_bad_check_digit_exits_1_naming_the_field() -> None:
    bad = [TD3[0], TD3[1][:19] + "3" + TD3[1][20:]]
    result = runner.invoke(mrz_app, bad)
    assert result.exit_code == 1
    assert "birth_date: check digit does not match (expected 2, found 3)" in result.output


def test_mrz_repair_is_reported() -> None:
    assert runner.invoke(mrz_app, NOISY_TD3).exit_code == 1
    result = runner.invoke(mrz_app, [*NOISY_TD3, "--repair"])
    assert result.exit_code == 0
    assert "repaired birth_date: 740BIZ -> 740812" in result.output


def test_mrz_malformed_exits_2() -> None:
    result = runner.invoke(mrz_app, ["P<UTO", "L898"])
    assert result.exit_code == 2
    assert "error: mrz:" in result.output


def test_wallet_keys_add_present(tmp_path: Path) -> None:
    wallet = tmp_path / "w.json"
    keys = runner.invoke(wallet_app, ["keys", "--count", "2", "--wallet", str(wallet)])
    assert keys.exit_code == 0, keys.output
    jwks = json.loads(keys.stdout)
    issuer = KnownTravelerIssuer("urn:borderflow:node:MX", generate_key())
    traveler = TravelerClaims(
        "PEREZ", "LUIS", dt.date(1990, 1, 1), "MEX", "M1", dt.date(2030, 1, 1)
    )
    now = dt.datetime(2026, 11, 29, tzinfo=dt.UTC)
    copies = issuer.issue_batch(
        traveler, jwks, [StatusReference("u", 1), StatusReference("u", 2)], now=now
    )
    (tmp_path / "issued.json").write_text(json.dumps({"credentials": copies}))
    added = runner.invoke(
        wallet_app, ["add", str(tmp_path / "issued.json"), "--wallet", str(wallet)]
    )
    assert added.exit_code == 0 and "added 2" in added.output
    shown = runner.invoke(wallet_app, ["list", "--json", "--wallet", str(wallet)])
    assert [c["state"] for c in json.loads(shown.stdout)] == ["ready", "ready"]
    presented = runner.invoke(
        wallet_app,
        [
            "present",
            "--port",
            "2506",
            "--nonce",
            "abc",
            "--claim",
            "nationality",
            "--at",
            "2026-11-29T15:30:00+00:00",
            "--wallet",
            str(wallet),
        ],
    )
    assert presented.exit_code == 0, presented.output
    assert presented.stdout.count("~") == 2  # issuer JWT ~ one disclosure ~ KB-JWT
    states = json.loads(
        runner.invoke(wallet_app, ["list", "--json", "--wallet", str(wallet)]).stdout
    )
    assert sorted(c["state"] for c in states) == ["ready", "used"]
    as_json = runner.invoke(
        wallet_app,
        [
            "present",
            "--port",
            "2506",
            "--nonce",
            "def",
            "--claim",
            "given_name",
            "--json-serialization",
            "--at",
            "2026-11-29T15:31:00+00:00",
            "--wallet",
            str(wallet),
        ],
    )
    assert as_json.exit_code == 0, as_json.output
    body = json.loads(as_json.stdout)
    assert len(body["header"]["disclosures"]) == 1 and body["header"]["kb_jwt"].count(".") == 2
