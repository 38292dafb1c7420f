"""Administrative acts on a node's federation: pin or drop a peer, install an agreement.

Each act is audited in the same transaction.
"""

from __future__ import annotations

import secrets

import httpx
from sqlalchemy import Connection

from borderflow.audit import AuditLog
from borderflow.errors import InvalidInput
from borderflow.federation.agreements import Agreement
from borderflow.federation.delivery import IDENTITY_TYP
from borderflow.federation.inbound import Peer
from borderflow.federation.keys import node_id_for, public_key_from_text
from borderflow.federation.repository import AgreementRepository, NodeRepository, PeerRepository
from borderflow.federation.signing import BadSignatureError, verify

__all__ = ["discover_peer", "install_agreement", "pin_peer", "unpin_peer"]


def discover_peer(client: httpx.Client, url: str, public_key: str) -> Peer:
    """The peer at ``url``, after it proved it holds ``public_key`` by signing a challenge.

    A node presenting another key is refused: the pinned key is the one given here, never
    the one the network offers.
    """
    key = public_key_from_text(public_key)
    challenge = secrets.token_urlsafe(16)
    base = url.rstrip("/")
    try:
        response = client.get(f"{base}/federation/node", params={"challenge": challenge})
        body = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise InvalidInput(f"no BorderFlow node answers at {base}: {exc}", field="url") from exc
    try:
        claims = verify(str(body.get("token", "")), key, typ=IDENTITY_TYP)
    except BadSignatureError as exc:
        raise InvalidInput(
            f"the node at {base} presents another key than the one given "
            f"(it offers {body.get('public_key')!r}); refused",
            field="public_key",
        ) from exc
    if claims.get("challenge") != challenge or claims.get("node_id") != node_id_for(public_key):
        raise InvalidInput(f"the node at {base} answered a different challenge or id", field="url")
    return Peer(
        node_id=node_id_for(public_key),
        name=str(claims["name"]),
        country=str(claims["country"]),
        url=base,
        public_key=public_key.strip(),
    )


def pin_peer(connection: Connection, peer: Peer, *, actor: str) -> None:
    public_key_from_text(peer.public_key)
    if peer.node_id != node_id_for(peer.public_key):
        raise InvalidInput("the node id does not belong to this public key", field="node_id")
    me = NodeRepository(connection).get()
    if peer.node_id == me.node_id or peer.country == me.country:
        raise InvalidInput("a node does not pin itself or its own country", field="public_key")
    PeerRepository(connection).add(peer)
    AuditLog(connection).append(
        action="federation.peer_pinned",
        actor=actor,
        subject=f"peer:{peer.node_id}",
        details={
            "name": peer.name,
            "country": peer.country,
            "url": peer.url,
            "public_key": peer.public_key,
        },
    )


def unpin_peer(connection: Connection, node_id: str, *, actor: str) -> None:
    PeerRepository(connection).remove(node_id)
    AuditLog(connection).append(
        action="federation.peer_removed", actor=actor, subject=f"peer:{node_id}"
    )


def install_agreement(connection: Connection, agreement: Agreement, *, actor: str) -> None:
    me = NodeRepository(connection).get()
    AgreementRepository(connection).load(agreement, me.country)
    AuditLog(connection).append(
        action="federation.agreement_loaded",
        actor=actor,
        subject=f"agreement:{agreement.id}",
        details={
            "version": agreement.version,
            "hash": agreement.hash,
            "partner": agreement.partner_of(me.country),
        },
    )
