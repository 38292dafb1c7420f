"""The federation commands, run through Typer's runner on real node homes."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
import typer
from sqlalchemy import text
from typer.testing import CliRunner

from borderflow.cli import federation as cli
from borderflow.errors import ConfigurationError, InvalidInput
from borderflow.federation.node import load_node
from borderflow.store import create_db_engine

runner = CliRunner()
app = typer.Typer()
app.command("init")(cli.init)
app.add_typer(cli.peers_app, name="peers")
app.add_typer(cli.agreements_app, name="agreements")
app.add_typer(cli.audit_app, name="audit")
app.add_typer(cli.node_app, name="node")
DATA = Path(cli.__file__).parents[1] / "federation" / "data"


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def us_home(tmp_path: Path) -> Path:
    home = tmp_path / "us"
    invoke("init", "--country", "US", "--name", "us-node", "--home", str(home))
    return home


def test_init_creates_a_private_key_never_shown(us_home: Path) -> None:
    key_file = us_home / "node.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    config, _key = load_node(us_home)
    pem_body = "".join(key_file.read_text().splitlines()[1:-1])
    assert pem_body not in (us_home / "node.toml").read_text()
    engine = create_db_engine(config.database_url)
    with engine.connect() as connection:
        dump = "\n".join(
            str(row)
            for table in ("federation_node", "audit_log")
            for row in connection.execute(text(f"SELECT * FROM {table}"))
        )
    engine.dispose()
    assert pem_body not in dump and config.node_id in dump
    with pytest.raises(ConfigurationError):
        invoke("init", "--country", "US", "--name", "again", "--home", str(us_home))


def test_init_output_names_the_node_but_not_its_secret(tmp_path: Path) -> None:
    home = tmp_path / "mx"
    out = invoke("init", "--country", "MX", "--name", "mx-node", "--home", str(home))
    config, _ = load_node(home)
    pem_body = "".join((home / "node.key").read_text().splitlines()[1:-1])
    assert config.node_id in out and config.public_key in out
    assert pem_body not in out.replace("\n", "")


def test_peers_agreements_and_status(us_home: Path, tmp_path: Path) -> None:
    ca_home = tmp_path / "ca"
    invoke("init", "--country", "CA", "--name", "ca-node", "--home", str(ca_home))
    ca, _ = load_node(ca_home)
    invoke(
        "peers",
        "add",
        "--home",
        str(us_home),
        "--url",
        ca.url,
        "--public-key",
        ca.public_key,
        "--offline",
        "--name",
        "ca-node",
        "--country",
        "CA",
    )
    listed = json.loads(invoke("peers", "list", "--home", str(us_home), "--json"))
    assert [(p["node_id"], p["country"]) for p in listed] == [(ca.node_id, "CA")]
    out = invoke("agreements", "load", "--home", str(us_home), str(DATA / "ca-us.toml"))
    assert "ca-us-entry-exit v1" in out
    held = json.loads(invoke("agreements", "list", "--home", str(us_home), "--json"))
    assert held[0]["id"] == "ca-us-entry-exit"
    status = json.loads(invoke("node", "status", "--home", str(us_home), "--json"))
    assert status == [
        {
            "peer": "ca-node",
            "country": "CA",
            "queued": 0,
            "acknowledged": 0,
            "pending": 0,
            "last_error": None,
        }
    ]
    with pytest.raises(InvalidInput) as error:
        invoke("agreements", "load", "--home", str(us_home), str(DATA / "ca-mx.toml"))
    assert error.value.field == "parties"
    invoke("peers", "remove", "--home", str(us_home), ca.node_id)
    assert json.loads(invoke("peers", "list", "--home", str(us_home), "--json")) == []
    invoke(
        "peers",
        "add",
        "--home",
        str(us_home),
        "--url",
        ca.url,
        "--public-key",
        ca.public_key,
        "--offline",
        "--name",
        "ca-node",
        "--country",
        "CA",
    )
    assert len(json.loads(invoke("peers", "list", "--home", str(us_home), "--json"))) == 1


def test_agreement_check_prints_the_hash_and_names_bad_fields(tmp_path: Path) -> None:
    assert "hash" in invoke("agreements", "check", str(DATA / "us-mx.toml"))
    bad = tmp_path / "bad.toml"
    bad.write_text(
        (DATA / "us-mx.toml").read_text().replace("retention_days = 365", "retention_days = -1", 1)
    )
    with pytest.raises(InvalidInput) as error:
        invoke("agreements", "check", str(bad))
    assert error.value.field == "flows.0.retention_days"


def add_entries(home: Path, count: int) -> None:
    config, _ = load_node(home)
    engine = create_db_engine(config.database_url)
    from borderflow.audit import AuditLog  # noqa: PLC0415

    with engine.begin() as connection:
        for i in range(count):
            AuditLog(connection).append(action="test", actor="t", subject=f"s{i}")
    engine.dispose()


def tamper(home: Path, sql: str) -> None:
    config, _ = load_node(home)
    engine = create_db_engine(config.database_url)
    with engine.begin() as connection:
        connection.execute(text(sql))
    engine.dispose()


@pytest.mark.parametrize(
    ("statements", "seq", "expected"),
    [
        (["UPDATE audit_log SET subject = 'other' WHERE seq = 3"], 3, "edited"),
        (["DELETE FROM audit_log WHERE seq = 3"], 4, "missing or reordered"),
        (  # entries 3 and 4 swap places
            [
                "UPDATE audit_log SET seq = seq + 1000 WHERE seq IN (3, 4)",
                "UPDATE audit_log SET seq = 3 WHERE seq = 1004",
                "UPDATE audit_log SET seq = 4 WHERE seq = 1003",
            ],
            3,
            "reordered",
        ),
    ],
    ids=["edited", "deleted", "reordered"],
)
def test_audit_verify_names_the_broken_entry(
    us_home: Path, statements: list[str], seq: int, expected: str
) -> None:
    add_entries(us_home, 4)
    assert "intact" in invoke("audit", "verify", "--home", str(us_home))
    for sql in statements:
        tamper(us_home, sql)
    result = runner.invoke(app, ["audit", "verify", "--home", str(us_home)])
    assert result.exit_code == 1
    assert f"entry {seq}:" in result.output and expected in result.output


def test_export_and_anchor_catch_a_deleted_tail(us_home: Path, tmp_path: Path) -> None:
    add_entries(us_home, 3)
    out, anchor = tmp_path / "audit.jsonl", tmp_path / "anchor.json"
    invoke("audit", "export", "--home", str(us_home), "--out", str(out), "--anchor", str(anchor))
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [e["seq"] for e in lines] == list(range(1, len(lines) + 1))
    assert json.loads(anchor.read_text()) == {"seq": lines[-1]["seq"], "hash": lines[-1]["hash"]}
    tamper(us_home, f"DELETE FROM audit_log WHERE seq >= {lines[-1]['seq'] - 1}")
    head_only = runner.invoke(app, ["audit", "verify", "--home", str(us_home)])
    assert head_only.exit_code == 1 and "deleted from the end" in " ".join(head_only.output.split())
    result = runner.invoke(
        app, ["audit", "verify", "--home", str(us_home), "--anchor", str(anchor)]
    )
    assert result.exit_code == 1 and "end of the log was deleted" in result.output
