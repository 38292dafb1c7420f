"""Status lists the node publishes for the copies it issued, and revocation by batch."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from borderflow.errors import Conflict, InvalidInput, NotFound
from borderflow.identity.credential import StatusReference
from borderflow.identity.jose import PrivateKey
from borderflow.identity.status import CredentialStatus, StatusList, status_list_token
from borderflow.identity.tables import identity_issued_copies, identity_status_lists

__all__ = ["StatusListRepository"]


class StatusListRepository:
    """Status lists in the database; indexes are handed out at random, never reused."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def create(self, uri: str, *, size: int, now: dt.datetime, bits: int = 1) -> None:
        if self.find(uri, must_exist=False) is not None:
            raise Conflict(f"status list {uri} exists", field="uri")
        status_list = StatusList.empty(size, bits)
        self.connection.execute(
            insert(identity_status_lists).values(
                uri=uri, bits=bits, data=bytes(status_list.data), updated_at=now
            )
        )

    def load(self, uri: str) -> StatusList:
        row = self.find(uri)
        assert row is not None
        return StatusList(int(row.bits), bytearray(row.data))

    def allocate(
        self, uri: str, count: int, *, now: dt.datetime
    ) -> tuple[str, list[StatusReference]]:
        """``count`` unused random indexes of ``uri`` for one batch; (batch id, references)."""
        size = self.load(uri).size
        taken = {
            r.idx
            for r in self.connection.execute(
                select(identity_issued_copies.c.idx).where(identity_issued_copies.c.uri == uri)
            )
        }
        if size - len(taken) < count:
            raise Conflict(
                f"status list {uri} has only {size - len(taken)} free entries", field="uri"
            )
        chosen: set[int] = set()
        while len(chosen) < count:
            index = secrets.randbelow(size)
            if index not in taken:
                chosen.add(index)
        batch_id = uuid.uuid4().hex
        self.connection.execute(
            insert(identity_issued_copies),
            [{"uri": uri, "idx": i, "batch_id": batch_id, "issued_at": now} for i in chosen],
        )
        order = list(chosen)
        secrets.SystemRandom().shuffle(order)
        return batch_id, [StatusReference(uri, i) for i in order]

    def set_batch_status(self, batch_id: str, status: CredentialStatus, *, now: dt.datetime) -> int:
        """Revoke (or suspend, or reinstate) every copy of a batch; returns how many."""
        rows = list(
            self.connection.execute(
                select(identity_issued_copies).where(identity_issued_copies.c.batch_id == batch_id)
            )
        )
        if not rows:
            raise NotFound(f"no batch {batch_id}", field="batch_id")
        for uri in {r.uri for r in rows}:
            status_list = self.load(uri)
            if status >= (1 << status_list.bits):
                raise InvalidInput(f"{status.name} needs a 2-bit status list", field="status")
            for row in rows:
                if row.uri == uri:
                    status_list.set(row.idx, int(status))
            self.connection.execute(
                update(identity_status_lists)
                .where(identity_status_lists.c.uri == uri)
                .values(data=bytes(status_list.data), updated_at=now)
            )
        return len(rows)

    def token(self, uri: str, *, issuer: str, key: PrivateKey, now: dt.datetime) -> str:
        return status_list_token(self.load(uri), uri=uri, issuer=issuer, key=key, now=now)

    def find(self, uri: str, *, must_exist: bool = True) -> Row[Any] | None:
        row = self.connection.execute(
            select(identity_status_lists).where(identity_status_lists.c.uri == uri)
        ).first()
        if row is None and must_exist:
            raise NotFound(f"no status list {uri}", field="uri")
        return row
