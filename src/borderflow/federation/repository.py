"""The node's identity, its pinned peers and the agreements it holds, in its database."""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, Text, cast, delete, insert, select, update

from borderflow.errors import ConfigurationError, Conflict, InvalidInput, NotFound
from borderflow.federation.agreements import Agreement, agreement_from_mapping
from borderflow.federation.inbound import Peer
from borderflow.federation.tables import (
    federation_agreements,
    federation_node,
    federation_peers,
    federation_streams,
)

__all__ = ["AgreementRepository", "NodeIdentity", "NodeRepository", "PeerRepository"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class NodeIdentity:
    """This node as its partners know it (no private key here, ever)."""

    node_id: str
    name: str
    country: str
    public_key: str


class NodeRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def create(self, identity: NodeIdentity) -> None:
        if self.find() is not None:
            raise Conflict("this database belongs to a node already", field="database_url")
        self.connection.execute(
            insert(federation_node).values(
                node_id=identity.node_id,
                name=identity.name,
                country=identity.country,
                public_key=identity.public_key,
                created_at=_now(),
            )
        )

    def find(self) -> NodeIdentity | None:
        row = self.connection.execute(select(federation_node)).first()
        if row is None:
            return None
        return NodeIdentity(row.node_id, row.name, row.country, row.public_key)

    def get(self) -> NodeIdentity:
        found = self.find()
        if found is None:
            raise ConfigurationError(
                "this database has no node: run 'borderflow init'", field="database_url"
            )
        return found


class PeerRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, peer: Peer) -> None:
        """Pin a peer; its country or id pinned already to another key is a conflict."""
        for existing in self.all():
            if existing.node_id == peer.node_id or existing.country == peer.country:
                raise Conflict(
                    f"a peer for {existing.country} is pinned already "
                    f"({existing.node_id}); remove it first",
                    field="public_key",
                )
        self.connection.execute(
            insert(federation_peers).values(
                node_id=peer.node_id,
                name=peer.name,
                country=peer.country,
                url=peer.url,
                public_key=peer.public_key,
                added_at=_now(),
            )
        )
        known = self.connection.execute(
            select(federation_streams.c.destination).where(
                federation_streams.c.destination == peer.node_id
            )
        ).first()
        if known is None:  # a re-pinned peer continues its stream where it was
            self.connection.execute(
                insert(federation_streams).values(destination=peer.node_id, last_seq=0, acked_seq=0)
            )

    def remove(self, node_id: str) -> None:
        done = self.connection.execute(
            delete(federation_peers).where(federation_peers.c.node_id == node_id)
        )
        if done.rowcount == 0:
            raise NotFound(f"no peer {node_id}", field="node_id")

    def set_url(self, node_id: str, url: str) -> None:
        self.connection.execute(
            update(federation_peers).where(federation_peers.c.node_id == node_id).values(url=url)
        )

    def all(self) -> list[Peer]:
        rows = self.connection.execute(select(federation_peers).order_by(federation_peers.c.name))
        return [_peer(row) for row in rows]

    def get(self, node_id: str) -> Peer | None:
        row = self.connection.execute(
            select(federation_peers).where(federation_peers.c.node_id == node_id)
        ).first()
        return None if row is None else _peer(row)


def _peer(row: Row[Any]) -> Peer:
    return Peer(
        node_id=row.node_id,
        name=row.name,
        country=row.country,
        url=row.url,
        public_key=row.public_key,
    )


class AgreementRepository:
    """One agreement in force per partner country; a new version replaces the old one."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def load(self, agreement: Agreement, my_country: str) -> None:
        if my_country not in agreement.parties:
            raise InvalidInput(
                f"agreement {agreement.id} is between {' and '.join(agreement.parties)}"
                f", not with this node's country {my_country}",
                field="parties",
            )
        partner = agreement.partner_of(my_country)
        held = self.for_partner(partner)
        if held is not None and held.version == agreement.version and held.hash != agreement.hash:
            raise Conflict(
                f"version {held.version} of {held.id} is held already with other "
                "content: give the changed agreement a new version",
                field="version",
            )
        if held is not None and held.version > agreement.version:
            raise Conflict(
                f"version {held.version} of {held.id} is newer than {agreement.version}",
                field="version",
            )
        values = {
            "agreement_id": agreement.id,
            "version": agreement.version,
            "hash": agreement.hash,
            "loaded_at": _now(),
            "body": agreement.model_dump(mode="json", by_alias=True),
        }
        table = federation_agreements
        if held is None:
            self.connection.execute(insert(table).values(partner_country=partner, **values))
        else:
            self.connection.execute(
                update(table).where(table.c.partner_country == partner).values(**values)
            )

    def for_partner(self, country: str) -> Agreement | None:
        text = self.connection.execute(
            select(_BODY_TEXT).where(federation_agreements.c.partner_country == country)
        ).scalar()
        return None if text is None else _agreement(text)

    def all(self) -> list[Agreement]:
        texts = self.connection.execute(
            select(_BODY_TEXT).order_by(federation_agreements.c.partner_country)
        ).scalars()
        return [_agreement(text) for text in texts]


#: The stored agreement as text: parsed and validated once per distinct text (below).
_BODY_TEXT = cast(federation_agreements.c.body, Text)


@functools.lru_cache(maxsize=32)
def _agreement(text: str) -> Agreement:
    """The agreement stored as ``text``; validating it is the costly part of every outbox
    write and receipt, and the same text always gives the same agreement."""
    return agreement_from_mapping(json.loads(text))
