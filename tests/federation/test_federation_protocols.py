"""Delivery between real in-process nodes: the protocol a partner announces is the one used.

A partner announcing protocol 2 gets one signature per batch; one that does not (a node of
an earlier version) gets a signature per event. Either way the sender's disclosure entry
and the receiver's receipt entry name the same events with the same hashes.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from federation_helpers import InProcessNetwork, Node, crossing
from sqlalchemy import select

from borderflow.audit import AuditLog
from borderflow.federation.delivery import IDENTITY_TYP, Deliverer
from borderflow.federation.outbox import federation_hook
from borderflow.federation.signing import sign
from borderflow.federation.tables import federation_inbox, federation_outbox
from borderflow.ledger import LedgerService


class Recording(httpx.BaseTransport):
    """The in-process network, keeping each POST body; ``legacy`` nodes answer the
    handshake as a node of protocol 1 only would (signed with their own key)."""

    def __init__(self, network: InProcessNetwork, nodes: dict[str, Node], legacy: set[int]):
        self.network = network
        self.keys = {n.config.port: n.key for n in nodes.values()}
        self.legacy = legacy
        self.posted: list[dict[str, Any]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            self.posted.append(json.loads(request.read()))
        response = self.network.handle_request(request)
        port = request.url.port
        if request.url.path != "/federation/node" or port not in self.legacy:
            return response
        claims = {k: v for k, v in response.json().items() if k not in {"token", "protocols"}}
        key = self.keys[port]
        token = sign(claims, key.private, kid=key.node_id, typ=IDENTITY_TYP)
        return httpx.Response(200, json={**claims, "token": token}, request=request)


def record_crossings(node: Node, count: int) -> None:
    with node.engine.begin() as connection:
        ledger = LedgerService(connection, on_recorded=[federation_hook])
        items = [crossing("San Ysidro", "MX", "US", number=f"P{i:08d}") for i in range(count)]
        ledger.record_validated([ledger.rules.validate(i) for i in items], recorded_by="t")


def last_entry(node: Node, action: str) -> Any:
    with node.engine.connect() as connection:
        return [e for e in AuditLog(connection).entries() if e.action == action][-1]


@pytest.mark.parametrize("legacy", [False, True], ids=["protocol-2", "protocol-1"])
def test_the_partners_protocol_is_used_and_both_logs_name_the_same_hashes(
    nodes: dict[str, Node], network: InProcessNetwork, legacy: bool
) -> None:
    us, mx = nodes["US"], nodes["MX"]
    transport = Recording(network, nodes, {mx.config.port} if legacy else set())
    record_crossings(us, 3)
    with httpx.Client(transport=transport) as client:
        assert Deliverer(us.engine, us.key, client).deliver_all() == 3
    [body] = transport.posted
    if legacy:
        assert set(body) == {"events"} and len(body["events"]) == 3
    else:
        assert set(body) == {"batch", "envelopes"} and len(body["envelopes"]) == 3
    sent = last_entry(us, "federation.sent").details["events"]
    received = last_entry(mx, "federation.received").details["events"]
    assert sent == received and [e[0] for e in sent] == [1, 2, 3]
    assert all(len(e[3]) == 64 for e in sent)


def test_the_outbox_numbers_a_recorded_batch_in_one_go_in_order(nodes: dict[str, Node]) -> None:
    us = nodes["US"]
    record_crossings(us, 4)
    record_crossings(us, 0)
    with us.engine.begin() as connection:
        ledger = LedgerService(connection, on_recorded=[federation_hook])
        ledger.record(crossing("San Ysidro", "MX", "US", number="Q00000001"), recorded_by="t")
    with us.engine.connect() as connection:
        rows = connection.execute(
            select(federation_outbox.c.seq, federation_outbox.c.envelope).order_by(
                federation_outbox.c.seq
            )
        ).all()
    assert [r.seq for r in rows] == [1, 2, 3, 4, 5]
    numbers = [r.envelope["payload"]["document"]["number"] for r in rows]
    assert numbers == [f"P{i:08d}" for i in range(4)] + ["Q00000001"]


def test_envelopes_without_the_batch_signature_are_refused(nodes: dict[str, Node]) -> None:
    response = nodes["US"].client.post("/federation/events", json={"envelopes": ["{}"]})
    assert response.status_code == 422 and response.json()["error"]["field"] == "batch"


class FailingFirstWrite(Deliverer):
    """A deliverer whose first answer cannot be stored (a full disk, say)."""

    failed = False

    def _record(self, *args: Any) -> None:
        if not self.failed:
            self.failed = True
            raise OSError("no space left on device")
        super()._record(*args)


def test_a_disclosure_whose_entry_was_not_written_is_sent_again_and_audited(
    nodes: dict[str, Node], network_client: httpx.Client
) -> None:
    us, mx = nodes["US"], nodes["MX"]
    record_crossings(us, 3)
    deliverer = FailingFirstWrite(us.engine, us.key, network_client)
    with pytest.raises(OSError):
        deliverer.deliver_all()
    assert deliverer.deliver_all() == 3  # from the stored point: MX answers "duplicate"
    assert [e[0] for e in last_entry(us, "federation.sent").details["events"]] == [1, 2, 3]
    with mx.engine.connect() as connection:
        assert len(connection.execute(select(federation_inbox.c.seq)).all()) == 3
