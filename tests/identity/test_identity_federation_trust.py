"""The trust list comes from the federation: this node and its pinned peers, by node key.

Real Ed25519 node keys (``NodeKey``), the real federation repository and admin functions
on a migrated database; nothing is configured by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine

from borderflow.errors import InvalidInput
from borderflow.federation.admin import pin_peer, unpin_peer
from borderflow.federation.inbound import Peer
from borderflow.federation.keys import NodeKey
from borderflow.federation.repository import NodeIdentity, NodeRepository
from borderflow.identity import (
    CredentialRejected,
    KnownTravelerIssuer,
    StatusReference,
    TravelerClaims,
)
from borderflow.identity.jose import generate_key, public_jwk
from borderflow.identity.repository import TrustListRepository
from borderflow.identity.service import IdentityNode, port_audience
from borderflow.identity.status import CredentialStatus, StatusList, status_list_token
from borderflow.identity.statuses import StatusListRepository
from borderflow.identity.wallet import Wallet

pytestmark = pytest.mark.storage

NOW = dt.datetime(2026, 11, 29, 15, 30, tzinfo=dt.UTC)
PORT = "0901"
TRAVELER = TravelerClaims(
    family_name="TREMBLAY",
    given_name="LUC",
    birthdate=dt.date(1979, 7, 14),
    nationality="CAN",
    document_number="AB123456",
    document_expiry=dt.date(2030, 2, 1),
)


def _identity(key: NodeKey, url: str) -> IdentityNode:
    return IdentityNode.for_node(key.node_id, key.private.as_dict(private=True), url)


class Federation:
    """This node (US, the port) in its database, and a Canadian peer with its own key."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.me, self.peer = NodeKey.generate(), NodeKey.generate()
        self.port = _identity(self.me, "http://us.example")
        self.partner = _identity(self.peer, "http://ca.example")
        with engine.begin() as connection:
            NodeRepository(connection).create(
                NodeIdentity(self.me.node_id, "us-node", "US", self.me.public_key)
            )
            pin_peer(connection, self.peer_record(), actor="test")

    def peer_record(self) -> Peer:
        return Peer(self.peer.node_id, "ca-node", "CA", "http://ca.example", self.peer.public_key)

    def partner_list(self, uri: str) -> str:
        """The partner's status list as its node would serve it (all copies valid)."""
        return status_list_token(
            StatusList.empty(1 << 17, bits=2),
            uri=uri,
            issuer=self.partner.issuer_id,
            key=self.partner.key,
            now=NOW,
        )

    def cross(self, issuer: IdentityNode, wallet: Wallet) -> str:
        """Present the wallet's next copy at this node's port; returns the issuer seen."""
        with self.engine.begin() as connection:
            nonce = self.port.nonce(connection, PORT, now=NOW)
        _, text = wallet.present(
            ["nationality"], audience=port_audience(PORT), nonce=nonce, now=NOW
        )
        with self.engine.begin() as connection:
            _, verification = self.port.verify(
                connection,
                text,
                port=PORT,
                now=NOW,
                fetch_status=None if issuer is self.port else self.partner_list,
            )
        return verification.issuer


@pytest.fixture
def federation(engine: Engine) -> Federation:
    return Federation(engine)


def _wallet(tmp_path: Path, issuer: IdentityNode, name: str) -> Wallet:
    """A wallet with two copies from another node ``issuer`` (its database is not ours)."""
    wallet = Wallet(tmp_path / f"{name}.json")
    statuses = [StatusReference(issuer.status_uri, i) for i in (3, 4)]
    copies = KnownTravelerIssuer(issuer.issuer_id, issuer.key).issue_batch(
        TRAVELER, wallet.new_holder_keys(2), statuses, now=NOW
    )
    wallet.add(copies)
    return wallet


def test_the_trust_list_is_this_node_and_its_pinned_peers(federation: Federation) -> None:
    with federation.engine.connect() as connection:
        entries = TrustListRepository(connection).entries()
        trust = TrustListRepository(connection).load()
    assert [(e["issuer"], e["source"]) for e in entries] == [
        (f"urn:borderflow:node:{federation.me.node_id}", "federation:self"),
        (f"urn:borderflow:node:{federation.peer.node_id}", "federation:peer"),
    ]
    assert entries[1]["jwk"] == {"kty": "OKP", "crv": "Ed25519", "x": federation.peer.public_key}
    assert trust.issuers() == sorted([federation.port.issuer_id, federation.partner.issuer_id])


def test_a_pinned_peer_s_credential_is_accepted_until_the_peer_is_removed(
    federation: Federation, engine: Engine, tmp_path: Path
) -> None:
    wallet = _wallet(tmp_path, federation.partner, "partner")
    assert federation.cross(federation.partner, wallet) == federation.partner.issuer_id
    with engine.begin() as connection:
        unpin_peer(connection, federation.peer.node_id, actor="test")
    with pytest.raises(CredentialRejected) as error:
        federation.cross(federation.partner, wallet)
    assert error.value.field == "iss"
    assert "not a node this node's federation pins" in error.value.message


def test_a_key_the_federation_did_not_pin_is_refused(
    federation: Federation, tmp_path: Path
) -> None:
    impostor = IdentityNode(federation.partner.issuer_id, generate_key("EdDSA"))
    wallet = _wallet(tmp_path, impostor, "impostor")
    with pytest.raises(CredentialRejected) as error:
        federation.cross(federation.partner, wallet)
    assert error.value.field == "issuer_jwt.signature"
    stranger = _identity(NodeKey.generate(), "http://elsewhere.example")
    wallet = _wallet(tmp_path, stranger, "stranger")
    with pytest.raises(CredentialRejected, match="not a node this node's federation pins"):
        federation.cross(federation.partner, wallet)


def test_own_credentials_verify_with_the_node_key_and_revocation_counts_at_once(
    federation: Federation, engine: Engine, tmp_path: Path
) -> None:
    wallet = Wallet(tmp_path / "own.json")
    with engine.begin() as connection:
        federation.port.trust_self(connection, now=NOW)  # nothing to add: the node is trusted
        batch_id, copies = federation.port.issue_batch(
            connection, TRAVELER, wallet.new_holder_keys(2), now=NOW
        )
        assert TrustListRepository(connection).entries()[0]["source"] == "federation:self"
        assert len(TrustListRepository(connection).entries()) == 2
    wallet.add(copies)
    assert federation.cross(federation.port, wallet) == federation.port.issuer_id
    with engine.begin() as connection:
        StatusListRepository(connection).set_batch_status(
            batch_id, CredentialStatus.SUSPENDED, now=NOW
        )
    with pytest.raises(CredentialRejected, match="suspended"):
        federation.cross(federation.port, wallet)


def test_federation_issuers_cannot_be_added_by_hand(federation: Federation) -> None:
    with federation.engine.begin() as connection, pytest.raises(InvalidInput) as error:
        TrustListRepository(connection).add(
            federation.partner.issuer_id,
            public_jwk(generate_key("EdDSA")),
            source="user:1",
            now=NOW,
        )
    assert error.value.field == "issuer" and "pin the peer" in error.value.message


def test_a_peer_cannot_point_its_credentials_at_this_node_s_list(
    federation: Federation, engine: Engine, tmp_path: Path
) -> None:
    with engine.begin() as connection:  # this node's list exists once it has issued
        federation.port.issue_batch(connection, TRAVELER, [public_jwk(generate_key())], now=NOW)
    wallet = Wallet(tmp_path / "borrowed.json")
    [copy] = KnownTravelerIssuer(federation.partner.issuer_id, federation.partner.key).issue_batch(
        TRAVELER,
        wallet.new_holder_keys(1),
        [StatusReference(federation.port.status_uri, 9)],
        now=NOW,
    )
    wallet.add([copy])
    with engine.begin() as connection:
        nonce = federation.port.nonce(connection, PORT, now=NOW)
    _, text = wallet.present(["nationality"], audience=port_audience(PORT), nonce=nonce, now=NOW)
    with engine.begin() as connection, pytest.raises(CredentialRejected) as error:
        federation.port.verify(connection, text, port=PORT, now=NOW)
    assert error.value.field == "status.uri" and "this node's" in error.value.message
