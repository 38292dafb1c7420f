"""The federation router: who may see what, and the signed node identity."""

from __future__ import annotations

import pytest
from federation_helpers import Node

from borderflow.federation.delivery import IDENTITY_TYP
from borderflow.federation.keys import public_key_from_text
from borderflow.federation.signing import verify
from borderflow.users import UserRepository


def token(node: Node, name: str, role: str) -> dict[str, str]:
    with node.engine.begin() as connection:
        value = UserRepository(connection).add(name, node.config.country, [role]).value
    return {"Authorization": f"Bearer {value}"}


def test_node_identity_is_signed_over_the_callers_challenge(nodes: dict[str, Node]) -> None:
    us = nodes["US"]
    body = us.client.get("/federation/node", params={"challenge": "c" * 16}).json()
    claims = verify(body["token"], public_key_from_text(us.config.public_key), typ=IDENTITY_TYP)
    assert claims["challenge"] == "c" * 16 and claims["node_id"] == us.config.node_id
    assert "private" not in str(body).lower() and "d" not in body


@pytest.mark.parametrize(("role", "status"), [("observer", 200), ("public", 403)])
def test_peer_list_is_for_staff_only(nodes: dict[str, Node], role: str, status: int) -> None:
    us = nodes["US"]
    response = us.client.get("/federation/peers", headers=token(us, "someone", role))
    assert response.status_code == status
    if status == 200:
        assert sorted(p["country"] for p in response.json()) == ["CA", "MX"]
    assert us.client.get("/federation/peers").status_code == 401


def test_audit_verification_needs_a_supervisor(nodes: dict[str, Node]) -> None:
    us = nodes["US"]
    assert (
        us.client.get(
            "/federation/audit/verify", headers=token(us, "officer", "officer")
        ).status_code
        == 403
    )
    body = us.client.get("/federation/audit/verify", headers=token(us, "boss", "supervisor")).json()
    assert body["intact"] is True and body["entries"] >= 1


def test_agreements_list_shows_versions_and_hashes(nodes: dict[str, Node]) -> None:
    us = nodes["US"]
    held = us.client.get("/federation/agreements", headers=token(us, "obs", "observer")).json()
    assert sorted(a["id"] for a in held) == ["ca-us-entry-exit", "us-mx-entry-exit"]
    assert all(len(a["hash"]) == 64 for a in held)


def test_a_malformed_batch_names_the_field(nodes: dict[str, Node]) -> None:
    response = nodes["US"].client.post("/federation/events", json={"events": "nope"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "events"
