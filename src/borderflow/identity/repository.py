"""The trust list and the port's nonces in the node's database.

The trust list has two sources: federation (this node and its pinned peers, each trusted
for ``urn:borderflow:node:<node id>`` with its pinned Ed25519 key, read live from the
federation tables so that removing a peer stops trusting it at once) and the
``identity_trusted_keys`` table (the node's own file key when it runs without a
federation identity, and program authorities outside the federation).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, select, update

from borderflow.errors import InvalidInput, NotFound
from borderflow.federation.keys import node_id_for
from borderflow.federation.repository import NodeRepository, PeerRepository
from borderflow.identity.errors import CredentialRejected
from borderflow.identity.jose import public_key_from_jwk, thumbprint
from borderflow.identity.tables import identity_nonces, identity_trusted_keys
from borderflow.identity.trust import (
    FEDERATION_ISSUER_PREFIX,
    TrustedKey,
    TrustList,
    federation_issuer,
)

__all__ = ["NonceRepository", "TrustListRepository", "federation_trust"]

_PUBLIC_MEMBERS = ("kty", "crv", "x", "y", "kid")


class TrustListRepository:
    """Issuer keys this node accepts: filled locally or from federation's published keys."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, issuer: str, jwk: Mapping[str, Any], *, source: str, now: dt.datetime) -> str:
        """Trust ``jwk`` for ``issuer`` (idempotent); returns the key's thumbprint."""
        if issuer.startswith(FEDERATION_ISSUER_PREFIX):
            raise InvalidInput(
                "federation nodes are trusted through their pinned keys: pin the peer"
                " (borderflow peers add) instead of adding its key here",
                field="issuer",
            )
        public_key_from_jwk(jwk, field="jwk")
        if "d" in jwk:
            raise CredentialRejected("a trust list holds public keys only", field="jwk.d")
        public = {k: jwk[k] for k in _PUBLIC_MEMBERS if k in jwk}
        print_ = thumbprint(public)
        exists = self.connection.execute(
            select(identity_trusted_keys.c.id).where(
                identity_trusted_keys.c.issuer == issuer,
                identity_trusted_keys.c.thumbprint == print_,
            )
        ).first()
        if exists is None:
            self.connection.execute(
                insert(identity_trusted_keys).values(
                    issuer=issuer, thumbprint=print_, jwk=public, source=source, added_at=now
                )
            )
        return print_

    def remove(self, issuer: str, key_thumbprint: str) -> None:
        removed = self.connection.execute(
            delete(identity_trusted_keys).where(
                identity_trusted_keys.c.issuer == issuer,
                identity_trusted_keys.c.thumbprint == key_thumbprint,
            )
        )
        if removed.rowcount == 0:
            raise NotFound(f"issuer {issuer!r} has no trusted key {key_thumbprint}", field="issuer")

    def entries(self) -> list[dict[str, Any]]:
        """Every trusted key: federation's first, then the table's."""
        rows = self.connection.execute(
            select(identity_trusted_keys).order_by(
                identity_trusted_keys.c.issuer, identity_trusted_keys.c.id
            )
        )
        table = [
            {"issuer": r.issuer, "thumbprint": r.thumbprint, "jwk": r.jwk, "source": r.source}
            for r in rows
        ]
        return federation_trust(self.connection) + table

    def load(self) -> TrustList:
        return TrustList.of(TrustedKey(e["issuer"], e["jwk"]) for e in self.entries())


def federation_trust(connection: Connection) -> list[dict[str, Any]]:
    """This node and its pinned peers as trust-list entries (none before ``init``)."""
    me = NodeRepository(connection).find()
    if me is None:
        return []
    nodes = [("federation:self", me.public_key)]
    nodes += [("federation:peer", p.public_key) for p in PeerRepository(connection).all()]
    entries = []
    for source, public_key in nodes:
        jwk = {"kty": "OKP", "crv": "Ed25519", "x": public_key}
        issuer = federation_issuer(node_id_for(public_key))
        entries.append(
            {"issuer": issuer, "thumbprint": thumbprint(jwk), "jwk": jwk, "source": source}
        )
    return entries


class NonceRepository:
    """Nonces handed out by one port (``audience``); each can be consumed once."""

    def __init__(self, connection: Connection, audience: str) -> None:
        self.connection = connection
        self.audience = audience

    def issue(self, *, now: dt.datetime, ttl: dt.timedelta = dt.timedelta(minutes=5)) -> str:
        nonce = secrets.token_urlsafe(24)
        self.connection.execute(
            insert(identity_nonces).values(
                nonce=nonce, audience=self.audience, issued_at=now, expires_at=now + ttl
            )
        )
        return nonce

    def consume(self, nonce: str, *, now: dt.datetime) -> None:
        """Mark ``nonce`` used; an unknown, foreign, expired or used nonce is refused."""
        table = identity_nonces
        used = self.connection.execute(
            update(table)
            .where(
                and_(
                    table.c.nonce == nonce,
                    table.c.audience == self.audience,
                    table.c.used_at.is_(None),
                    table.c.expires_at > now,
                )
            )
            .values(used_at=now)
        )
        if used.rowcount == 1:
            return
        row = self.connection.execute(select(table).where(table.c.nonce == nonce)).first()
        if row is None or row.audience != self.audience:
            reason = "nonce was not issued by this port"
        elif row.used_at is not None:
            reason = "nonce already used: the presentation is a replay"
        else:
            reason = "nonce expired: ask the port for a new one"
        raise CredentialRejected(reason, field="kb_jwt.nonce")

    def purge_expired(self, *, now: dt.datetime) -> int:
        """Forget nonces past their expiry (used or not)."""
        gone = self.connection.execute(
            delete(identity_nonces).where(identity_nonces.c.expires_at <= now)
        )
        return int(gone.rowcount)
