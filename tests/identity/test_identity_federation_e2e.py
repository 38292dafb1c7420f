"""Two real node processes (US issues, CA verifies) on loopback, nothing configured by hand.

The US node issues with its node key; the CA port trusts it because the federation pins
that key, fetches the US status list over HTTP from the URI in the credential, and stops
trusting the US as soon as the peer is removed.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from borderflow.federation.admin import unpin_peer
from borderflow.federation.network import create_network, start_node, wait_until_up
from borderflow.federation.node import NodeConfig
from borderflow.identity.sdjwt import SdJwt
from borderflow.identity.wallet import Wallet
from borderflow.store import create_db_engine
from borderflow.users import UserRepository

pytestmark = pytest.mark.e2e

COUNTRIES = ("US", "CA")


@dataclass
class Nodes:
    base: Path
    configs: dict[str, NodeConfig]
    tokens: dict[str, dict[str, str]]

    def call(self, country: str, role: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.tokens[country][role]}"}
        url = self.configs[country].url + path
        return httpx.request(kwargs.pop("method", "POST"), url, headers=headers, **kwargs)

    def cross(self, country: str, wallet: Wallet) -> httpx.Response:
        """Present the wallet's next copy at port 0901 of ``country``'s node."""
        nonce = self.call(country, "officer", "/identity/nonces", json={"port": "0901"}).json()
        _, text = wallet.present(
            ["nationality"], audience=nonce["aud"], nonce=nonce["nonce"], now=_now()
        )
        body = {"port": "0901", "presentation": text}
        return self.call(country, "officer", "/identity/presentations", json=body)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _add_users(config: NodeConfig) -> dict[str, str]:
    engine = create_db_engine(config.database_url)
    try:
        with engine.begin() as connection:
            users = UserRepository(connection)
            return {
                role: users.add(f"{role}-{config.country}", config.country, [role]).value
                for role in ("officer", "program_admin")
            }
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nodes]:
    base = tmp_path_factory.mktemp("identity-e2e")
    configs = create_network(base)
    running = Nodes(base, configs, {c: _add_users(configs[c]) for c in COUNTRIES})
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for country in COUNTRIES:
            name = configs[country].name
            processes.append(start_node(base / name, base / f"{name}.log"))
        for country in COUNTRIES:
            wait_until_up(configs[country].url, timeout=45)
        yield running
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=15)


def test_a_credential_from_a_pinned_peer_is_verified_until_the_peer_is_removed(
    nodes: Nodes, tmp_path: Path
) -> None:
    us, ca = nodes.configs["US"], nodes.configs["CA"]
    wallet = Wallet(tmp_path / "wallet.json")
    batch = nodes.call(
        "US",
        "program_admin",
        "/identity/batches",
        json={
            "family_name": "SMITH",
            "given_name": "JO",
            "birthdate": "1990-01-02",
            "nationality": "USA",
            "document_number": "X1234567",
            "document_expiry": "2032-01-01",
            "holder_keys": wallet.new_holder_keys(4),
        },
    )
    assert batch.status_code == 200, batch.text
    wallet.add(batch.json()["credentials"])
    payload = SdJwt.parse(batch.json()["credentials"][0]).unverified_payload()
    assert payload["iss"] == f"urn:borderflow:node:{us.node_id}"
    assert payload["status"]["status_list"]["uri"] == f"{us.url}/identity/status-lists/1"

    verified = nodes.cross("CA", wallet)  # CA fetches the US list over HTTP
    assert verified.status_code == 200, verified.text
    assert verified.json()["issuer"] == payload["iss"]
    assert verified.json()["claims"] == {"nationality": "USA"}
    trusted = nodes.call("CA", "officer", "/identity/trust", method="GET").json()
    assert {(t["issuer"], t["source"]) for t in trusted} >= {(payload["iss"], "federation:peer")}

    revoked = nodes.call(
        "US",
        "program_admin",
        f"/identity/batches/{batch.json()['batch_id']}/status",
        params={"status": "invalid"},
    )
    assert revoked.json() == {"copies": 4}
    at_home = nodes.cross("US", wallet)  # the issuer's own port reads its list fresh
    assert at_home.status_code == 422
    assert at_home.json()["error"]["field"] == "status"

    engine = create_db_engine(ca.database_url)
    try:
        with engine.begin() as connection:
            unpin_peer(connection, us.node_id, actor="test")
    finally:
        engine.dispose()
    refused = nodes.cross("CA", wallet)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["field"] == "iss" and "not a node this node's federation pins" in error["message"]
