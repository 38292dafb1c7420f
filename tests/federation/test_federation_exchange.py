"""Three real nodes (key files, SQLite databases, FastAPI apps) exchanging events in-process.

The delivery worker's HTTP client reaches the partners' apps through ``InProcessNetwork``,
which can also take a node "down" (connection refused) to test catch-up.
"""

from __future__ import annotations

import datetime as dt
import logging

import httpx
import pytest
from federation_helpers import InProcessNetwork, Node, crossing
from sqlalchemy import Engine, select, update

from borderflow.audit import AuditLog
from borderflow.errors import InvalidInput
from borderflow.federation.admin import discover_peer, install_agreement
from borderflow.federation.agreements import parse_agreement
from borderflow.federation.delivery import Deliverer, stream_status
from borderflow.federation.events import ProgramStatusChanged, TravelDocument
from borderflow.federation.keys import NodeKey
from borderflow.federation.network import bundled_agreements
from borderflow.federation.outbox import Outbox, federation_hook
from borderflow.federation.tables import federation_inbox, federation_peers, federation_streams
from borderflow.ledger import CrossingInput, LedgerService
from borderflow.ledger.tables import crossings


def record(node: Node, item: CrossingInput) -> None:
    with node.engine.begin() as connection:
        LedgerService(connection, on_recorded=[federation_hook]).record(item, recorded_by="t")


def deliver(node: Node, client: httpx.Client) -> int:
    """Deliver until nothing more is acknowledged; the total acknowledged."""
    deliverer = Deliverer(node.engine, node.key, client, batch_size=50)
    total = 0
    while (done := deliverer.deliver_all()) > 0:
        total += done
    return total


def ledger(engine: Engine) -> list[tuple[str, str, str | None, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                crossings.c.from_country,
                crossings.c.to_country,
                crossings.c.admission_class,
                crossings.c.source,
            ).order_by(crossings.c.crossed_at)
        )
        return [
            (r.from_country, r.to_country, r.admission_class, r.source.split(":")[0]) for r in rows
        ]


def test_walk_mexico_us_canada_gives_each_node_its_entries_and_exits(
    nodes: dict[str, Node], network_client: httpx.Client
) -> None:
    record(
        nodes["US"],
        crossing(
            "San Ysidro",
            "MX",
            "US",
            hours_ago=72,
            admission_class="B2",
            admitted_until="2027-06-01",
        ),
    )
    assert deliver(nodes["US"], network_client) == 1
    record(nodes["CA"], crossing("Blaine", "US", "CA"))
    assert deliver(nodes["CA"], network_client) == 1
    assert ledger(nodes["US"].engine) == [("MX", "US", "B2", "local"), ("US", "CA", None, "peer")]
    assert ledger(nodes["CA"].engine) == [("US", "CA", None, "local")]
    # Mexico gets its exit record without the US admission class (outside the agreement).
    assert ledger(nodes["MX"].engine) == [("MX", "US", None, "peer")]
    for node in nodes.values():
        with node.engine.connect() as connection:
            assert AuditLog(connection).verify() == []


def status_change(holder: bool) -> ProgramStatusChanged:
    document = TravelDocument(
        doc_type="passport",
        issuing_country="CA",
        number="AB123456",
        surname="Tremblay",
        given_names="Luc",
        date_of_birth=dt.date(1980, 5, 6),
        nationality="CA",
    )
    return ProgramStatusChanged(
        membership_id="NX-42",
        program="NEXUS",
        status="suspended",
        previous_status="active",
        changed_at=dt.datetime.now(dt.UTC),
        reason="lost card",
        holder=document if holder else None,
    )


def test_mexico_never_receives_what_its_agreement_with_canada_excludes(
    nodes: dict[str, Node], network_client: httpx.Client
) -> None:
    record(nodes["CA"], crossing("Blaine", "US", "CA"))
    with nodes["CA"].engine.begin() as connection:
        queued = Outbox(connection).emit(status_change(holder=True))
    assert sorted(e.destination for e in queued) == sorted(
        [nodes["US"].config.node_id, nodes["MX"].config.node_id]
    )
    deliver(nodes["CA"], network_client)
    with nodes["MX"].engine.connect() as connection:
        rows = connection.execute(select(federation_inbox.c.kind, federation_inbox.c.payload)).all()
    assert [r.kind for r in rows] == ["ProgramStatusChanged"]  # and no crossing
    assert set(rows[0].payload) == {"membership_id", "program", "status", "changed_at"}
    assert ledger(nodes["MX"].engine) == []
    with nodes["US"].engine.connect() as connection:
        us_payloads = connection.execute(
            select(federation_inbox.c.payload).where(
                federation_inbox.c.kind == "ProgramStatusChanged"
            )
        )
        assert us_payloads.one().payload["holder"]["surname"] == "Tremblay"


def test_a_partner_down_catches_up_without_loss_or_duplicates(
    nodes: dict[str, Node], network: InProcessNetwork, network_client: httpx.Client
) -> None:
    network.down.add(nodes["MX"].config.port)
    for i in range(120):
        record(nodes["US"], crossing("San Ysidro", "MX", "US", number=f"G{i:08d}"))
    deliverer = Deliverer(nodes["US"].engine, nodes["US"].key, network_client)
    assert deliverer.deliver_all() == 0 and nodes["MX"].config.node_id in deliverer.failures
    down = {s.peer.country: s for s in stream_status(nodes["US"].engine)}["MX"]
    assert (down.last_seq, down.acked_seq) == (120, 0) and "unreachable" in (down.last_error or "")
    network.down.clear()
    assert deliver(nodes["US"], network_client) == 120
    # The acknowledgement of the last batch is "lost": everything is sent again.
    with nodes["US"].engine.begin() as connection:
        connection.execute(update(federation_streams).values(acked_seq=0))
    assert deliver(nodes["US"], network_client) == 120
    with nodes["MX"].engine.connect() as connection:
        seqs = connection.execute(select(federation_inbox.c.seq).order_by(federation_inbox.c.seq))
        assert [r.seq for r in seqs] == list(range(1, 121))
    assert len(ledger(nodes["MX"].engine)) == 120


def test_different_agreement_versions_stop_the_flow_and_both_sides_say_why(
    nodes: dict[str, Node], network_client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    current = next(a for a in bundled_agreements() if set(a.parties) == {"US", "MX"})
    newer = parse_agreement(
        "\n".join(
            [
                "id = 'us-mx-entry-exit'",
                "version = 2",
                "parties = ['US', 'MX']",
                "purpose = 'pilot'",
                "[[flows]]",
                "from = 'US'",
                "to = 'MX'",
                "kind = 'CrossingRecorded'",
                "retention_days = 30",
                f"fields = {list(current.flows[0].fields)!r}",
            ]
        )
    )
    with nodes["MX"].engine.begin() as connection:
        install_agreement(connection, newer, actor="test")
    record(nodes["US"], crossing("San Ysidro", "MX", "US"))
    with caplog.at_level(logging.WARNING, logger="borderflow.api.routers.federation"):
        assert deliver(nodes["US"], network_client) == 0
    # The sender names both versions and sends nothing ...
    sender = {s.peer.country: s for s in stream_status(nodes["US"].engine)}["MX"]
    assert "agreement mismatch" in (sender.last_error or "")
    assert "us-mx-entry-exit v1" in (sender.last_error or "")
    assert "us-mx-entry-exit v2" in (sender.last_error or "")
    with nodes["US"].engine.connect() as connection:
        assert not [e for e in AuditLog(connection).entries() if e.action == "federation.sent"]
    # ... and the receiver says why it would refuse.
    assert "nothing will flow" in caplog.text and "us-mx-entry-exit v2" in caplog.text
    assert ledger(nodes["MX"].engine) == []


def test_a_peer_presenting_another_key_is_refused(
    nodes: dict[str, Node], network_client: httpx.Client
) -> None:
    mx = nodes["MX"].config
    with pytest.raises(InvalidInput) as refused:
        discover_peer(network_client, mx.url, NodeKey.generate().public_key)
    assert refused.value.field == "public_key"
    found = discover_peer(network_client, mx.url, mx.public_key)
    assert (found.node_id, found.country) == (mx.node_id, "MX")
    # US's pinned key for MX's address is replaced: the node there cannot prove it.
    impostor_key = NodeKey.generate().public_key
    with nodes["US"].engine.begin() as connection:
        connection.execute(
            update(federation_peers)
            .where(federation_peers.c.country == "MX")
            .values(public_key=impostor_key)
        )
    record(nodes["US"], crossing("San Ysidro", "MX", "US"))
    deliverer = Deliverer(nodes["US"].engine, nodes["US"].key, network_client)
    assert deliverer.deliver_all() == 0
    assert "does not hold the pinned key" in deliverer.failures[mx.node_id]
    assert ledger(nodes["MX"].engine) == []
