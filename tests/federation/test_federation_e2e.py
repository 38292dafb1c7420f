"""End to end: three real node processes (US, CA, MX) on loopback, each with its SQLite file.

Officers' recordings are made the way the ledger's own API makes them (a ``LedgerService``
with the federation hook, on the node's database); everything between nodes goes over HTTP
between the processes, driven by each node's own delivery worker.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from federation_helpers import crossing
from sqlalchemy import select

from borderflow.audit import AuditLog
from borderflow.federation.envelope import EVENT_TYP, Envelope
from borderflow.federation.events import ProgramStatusChanged, TravelDocument, WatchlistNomination
from borderflow.federation.keys import NodeKey
from borderflow.federation.network import create_network, start_node, wait_until_up
from borderflow.federation.node import NodeConfig, load_node
from borderflow.federation.outbox import Outbox, federation_hook
from borderflow.federation.signing import sign
from borderflow.federation.tables import federation_inbox, federation_streams
from borderflow.ledger import CrossingInput, LedgerService
from borderflow.ledger.tables import crossings
from borderflow.screening.query import tco_entry
from borderflow.screening.repository import TcoRepository
from borderflow.screening.workflow import nominate_person
from borderflow.store import create_db_engine

pytestmark = pytest.mark.e2e


class Network:
    def __init__(self, base: Path) -> None:
        self.base = base
        self.configs: dict[str, NodeConfig] = create_network(base)
        self.engines = {c: create_db_engine(cfg.database_url) for c, cfg in self.configs.items()}
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, country: str) -> None:
        name = self.configs[country].name
        self.processes[country] = start_node(self.base / name, self.base / f"{name}.log")

    def stop(self, country: str) -> None:
        process = self.processes.pop(country)
        process.terminate()
        process.wait(timeout=15)

    def record(self, country: str, item: CrossingInput) -> None:
        with self.engines[country].begin() as connection:
            LedgerService(connection, on_recorded=[federation_hook]).record(
                item, recorded_by="officer"
            )

    def emit(self, country: str, *events: ProgramStatusChanged | WatchlistNomination) -> None:
        with self.engines[country].begin() as connection:
            for event in events:
                Outbox(connection).emit(event)

    def ledger(self, country: str) -> list[tuple[str, str]]:
        with self.engines[country].connect() as connection:
            rows = connection.execute(
                select(crossings.c.from_country, crossings.c.to_country).order_by(
                    crossings.c.crossed_at
                )
            )
            return [(r.from_country, r.to_country) for r in rows]

    def acked_everything(self, country: str) -> bool:
        with self.engines[country].connect() as connection:
            rows = connection.execute(select(federation_streams)).all()
        return all(r.acked_seq == r.last_seq for r in rows)

    def log_tail(self) -> str:
        return "\n".join(p.read_text()[-2000:] for p in sorted(self.base.glob("*.log")))


def eventually(check: Callable[[], bool], network: Network, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    pytest.fail(f"condition not met within {timeout} s; node logs:\n{network.log_tail()}")


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    net = Network(tmp_path_factory.mktemp("federation-e2e"))
    for country in net.configs:
        net.start(country)
    try:
        for config in net.configs.values():
            wait_until_up(config.url, timeout=45)
        yield net
    finally:
        for country in list(net.processes):
            net.stop(country)
        for engine in net.engines.values():
            engine.dispose()


def holder() -> TravelDocument:
    return TravelDocument(
        doc_type="passport",
        issuing_country="CA",
        number="AB123456",
        surname="Tremblay",
        given_names="Luc",
        date_of_birth=dt.date(1980, 5, 6),
        nationality="CA",
    )


def test_traveler_walk_and_what_each_partner_may_see(network: Network) -> None:
    network.record("US", crossing("San Ysidro", "MX", "US", hours_ago=72))
    eventually(lambda: network.ledger("MX") == [("MX", "US")], network)
    network.record("CA", crossing("Blaine", "US", "CA"))
    eventually(lambda: len(network.ledger("US")) == 2, network)
    assert network.ledger("US") == [("MX", "US"), ("US", "CA")]  # entry, then exit
    assert network.ledger("CA") == [("US", "CA")]
    now = dt.datetime.now(dt.UTC)
    network.emit(
        "CA",
        ProgramStatusChanged(
            membership_id="NX-1", program="NEXUS", status="revoked", changed_at=now, holder=holder()
        ),
        WatchlistNomination(
            nomination_id="W-1",
            list_name="joint",
            full_name="Luc Tremblay",
            grounds="fraud",
            nominated_at=now,
        ),
    )
    with network.engines["CA"].begin() as connection:  # the shared TCO list: CA and US only
        nominate_person(
            connection,
            tco_entry(["Luc Tremblay"]),
            organization="Hells Angels",
            basis="conviction",
            country="CA",
            officer="user:1:ana",
        )
    eventually(lambda: network.acked_everything("CA"), network)
    with network.engines["MX"].connect() as connection:
        got = connection.execute(
            select(federation_inbox.c.kind, federation_inbox.c.payload).order_by(
                federation_inbox.c.received_at
            )
        ).all()
    # MX: its exit record from the US, and from Canada only the holder-less status change.
    assert [r.kind for r in got] == ["CrossingRecorded", "ProgramStatusChanged"]
    assert "holder" not in got[1].payload
    assert network.ledger("MX") == [("MX", "US")]
    with network.engines["US"].connect() as connection:
        kinds = connection.execute(select(federation_inbox.c.kind)).scalars().all()
    assert sorted(kinds) == [
        "CrossingRecorded",
        "ProgramStatusChanged",
        "WatchlistChanged",
        "WatchlistNomination",
    ]
    with network.engines["US"].connect() as connection:
        [mirrored] = TcoRepository(connection).all()
    assert (mirrored.country, mirrored.status.value) == ("CA", "proposed")
    with network.engines["MX"].connect() as connection:
        assert TcoRepository(connection).all() == []


def test_a_node_stopped_and_restarted_loses_nothing_and_duplicates_nothing(
    network: Network,
) -> None:
    before = len(network.ledger("MX"))
    network.stop("MX")
    for i in range(25):
        network.record("US", crossing("San Ysidro", "MX", "US", number=f"R{i:07d}"))
    time.sleep(1.0)  # the US worker keeps trying while Mexico is down
    assert not network.acked_everything("US")
    network.start("MX")
    eventually(lambda: network.acked_everything("US"), network, timeout=30)
    assert len(network.ledger("MX")) == before + 25
    with network.engines["MX"].connect() as connection:
        seqs = connection.execute(
            select(federation_inbox.c.seq)
            .order_by(federation_inbox.c.seq)
            .where(federation_inbox.c.kind == "CrossingRecorded")
        ).scalars()
        assert list(seqs) == list(range(1, before + 26))


def forged_tokens(network: Network) -> list[str]:
    us, mx = network.configs["US"], network.configs["MX"]
    _config, mx_key = load_node(network.base / mx.name)
    item = crossing("San Ysidro", "US", "MX").model_dump(mode="json")
    item["id"] = "forged-crossing"
    envelope = Envelope(
        event_id="forged-1",
        origin=mx.node_id,
        destination=us.node_id,
        seq=1000,
        kind="CrossingRecorded",
        version=1,
        issued_at=dt.datetime.now(dt.UTC),
        agreement_id="x",
        agreement_version=1,
        agreement_hash="0" * 64,
        payload=item,
    ).to_dict()
    stranger = NodeKey.generate()
    genuine = sign(envelope, mx_key.private, kid=mx.node_id, typ=EVENT_TYP)
    header, _body, signature = genuine.split(".")
    changed = {**envelope, "payload": {**item, "port": "Otay Mesa"}}
    tampered_body = base64.urlsafe_b64encode(json.dumps(changed).encode()).rstrip(b"=").decode()
    return [
        sign(envelope, stranger.private, kid=mx.node_id, typ=EVENT_TYP),  # bad signature
        sign(envelope, stranger.private, kid=stranger.node_id, typ=EVENT_TYP),  # unknown key
        f"{header}.{tampered_body}.{signature}",  # a field changed after signing
    ]


def test_forged_events_are_rejected_and_audited(network: Network) -> None:
    us = network.configs["US"]
    before = len(network.ledger("US"))
    response = httpx.post(
        f"{us.url}/federation/events", json={"events": forged_tokens(network)}, timeout=10
    )
    assert response.status_code == 200
    body = response.json()
    assert body["applied"] == 0 and len(body["rejected"]) == 3
    reasons = [r["reason"] for r in body["rejected"]]
    assert "signature does not verify" in reasons[0]
    assert "unknown key" in reasons[1]
    assert "signature does not verify" in reasons[2]
    assert len(network.ledger("US")) == before
    with network.engines["US"].connect() as connection:
        refused = [e for e in AuditLog(connection).entries() if e.action == "federation.rejected"]
        assert [e.details["reason"] for e in refused[-3:]] == reasons
    for engine in network.engines.values():
        with engine.connect() as connection:
            assert AuditLog(connection).verify() == []
