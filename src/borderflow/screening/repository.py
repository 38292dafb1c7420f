"""Watch lists and the shared TCO list in the node's database.

Writes happen in the caller's connection and transaction: a list version is stored whole
or not at all, and a TCO change is stored together with its audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select, update

from borderflow.errors import Conflict, NotFound
from borderflow.screening.codec import entry_from_dict, entry_to_dict
from borderflow.screening.loaders.common import LoadedList
from borderflow.screening.model import Entry
from borderflow.screening.tables import (
    screening_entries,
    screening_lists,
    screening_names,
    screening_nominations,
    screening_redress,
)
from borderflow.screening.tco import (
    Nomination,
    NominationStatus,
    RedressOutcome,
    RedressRequest,
)

__all__ = ["ListRepository", "TcoRepository"]

_CHUNK = 2000


def _chunks(rows: Sequence[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, _CHUNK)):
        yield chunk


class ListRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def save(self, loaded: LoadedList, *, at: dt.datetime) -> int:
        """Store one list version with its entries and names; returns the version's id."""
        exists = self.connection.execute(
            select(screening_lists.c.id).where(
                screening_lists.c.source == loaded.source,
                screening_lists.c.version == loaded.version,
            )
        ).first()
        if exists is not None:
            raise Conflict(
                f"{loaded.source} version {loaded.version} is stored already", field="version"
            )
        list_id = self.connection.execute(
            insert(screening_lists)
            .values(
                source=loaded.source,
                version=loaded.version,
                loaded_at=at,
                entry_count=len(loaded.entries),
                rejected_count=len(loaded.rejected),
            )
            .returning(screening_lists.c.id)
        ).scalar_one()
        rows = [
            {
                "list_id": list_id,
                "entry_key": e.key,
                "kind": e.kind.value,
                "payload": entry_to_dict(e),
            }
            for e in loaded.entries
        ]
        for chunk in _chunks(rows):
            self.connection.execute(insert(screening_entries), chunk)
        stored = self.connection.execute(
            select(screening_entries.c.entry_key, screening_entries.c.id).where(
                screening_entries.c.list_id == list_id
            )
        )
        ids = {row.entry_key: row.id for row in stored}
        names = [
            {"entry_row": ids[e.key], "name": n.name, "strength": n.strength.value}
            for e in loaded.entries
            for n in e.names
        ]
        for chunk in _chunks(names):
            self.connection.execute(insert(screening_names), chunk)
        return int(list_id)

    def versions(self) -> list[dict[str, Any]]:
        rows = self.connection.execute(
            select(screening_lists).order_by(screening_lists.c.source, screening_lists.c.id)
        ).mappings()
        return [dict(r) for r in rows]

    def latest_entries(self, source: str) -> list[Entry]:
        """The entries of the newest stored version of ``source`` (empty if none)."""
        latest = (
            select(func.max(screening_lists.c.id))
            .where(screening_lists.c.source == source)
            .scalar_subquery()
        )
        rows = self.connection.execute(
            select(screening_entries.c.payload)
            .where(screening_entries.c.list_id == latest)
            .order_by(screening_entries.c.id)
        ).scalars()
        return [entry_from_dict(p) for p in rows]

    def sources(self) -> list[str]:
        return list(
            self.connection.execute(
                select(screening_lists.c.source).distinct().order_by(screening_lists.c.source)
            ).scalars()
        )


class TcoRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, nomination: Nomination) -> None:
        self.connection.execute(insert(screening_nominations).values(_nomination_row(nomination)))

    def save(self, nomination: Nomination) -> None:
        row = _nomination_row(nomination)
        self.connection.execute(
            update(screening_nominations)
            .where(screening_nominations.c.nomination_id == row.pop("nomination_id"))
            .values({**row, "revision": screening_nominations.c.revision + 1})
        )

    def put(self, nomination: Nomination) -> None:
        """Insert or overwrite ``nomination`` (a partner's, mirrored here)."""
        if self.find(nomination.nomination_id) is None:
            self.add(nomination)
        else:
            self.save(nomination)

    def find(self, nomination_id: str) -> Nomination | None:
        row = self.connection.execute(
            select(screening_nominations).where(
                screening_nominations.c.nomination_id == nomination_id
            )
        ).first()
        return None if row is None else _nomination(row)

    def get(self, nomination_id: str) -> Nomination:
        nomination = self.find(nomination_id)
        if nomination is None:
            raise NotFound(f"no nomination {nomination_id}", field="nomination_id")
        return nomination

    def revision(self) -> tuple[int, int]:
        """Changes whenever a nomination is added or saved: tells a stale index apart."""
        count, total = self.connection.execute(
            select(
                func.count(), func.coalesce(func.sum(screening_nominations.c.revision), 0)
            ).select_from(screening_nominations)
        ).one()
        return int(count), int(total)

    def all(self, status: NominationStatus | None = None) -> list[Nomination]:
        query = select(screening_nominations).order_by(screening_nominations.c.nominated_at)
        if status is not None:
            query = query.where(screening_nominations.c.status == status.value)
        return [_nomination(r) for r in self.connection.execute(query)]

    def listed_entries(self) -> list[Entry]:
        """The entries of accepted nominations: the shared TCO list in force."""
        return [n.entry for n in self.all(NominationStatus.ACCEPTED)]

    def add_redress(self, request: RedressRequest) -> None:
        self.get(request.nomination_id)
        self.connection.execute(insert(screening_redress).values(_redress_row(request)))

    def save_redress(self, request: RedressRequest) -> None:
        row = _redress_row(request)
        self.connection.execute(
            update(screening_redress)
            .where(screening_redress.c.request_id == row.pop("request_id"))
            .values(row)
        )

    def get_redress(self, request_id: str) -> RedressRequest:
        row = self.connection.execute(
            select(screening_redress).where(screening_redress.c.request_id == request_id)
        ).first()
        if row is None:
            raise NotFound(f"no redress request {request_id}", field="request_id")
        return RedressRequest(
            row.request_id,
            row.nomination_id,
            row.requester,
            row.grounds,
            row.received_at,
            RedressOutcome(row.outcome),
            row.decided_by,
            row.decided_at,
            row.reason,
        )


def _nomination_row(n: Nomination) -> dict[str, Any]:
    return {
        "nomination_id": n.nomination_id,
        "entry_key": n.entry.key,
        "organization": n.organization,
        "basis": n.basis,
        "country": n.country,
        "nominated_by": n.nominated_by,
        "nominated_at": n.nominated_at,
        "status": n.status.value,
        "decided_by": n.decided_by,
        "decided_at": n.decided_at,
        "reason": n.reason,
        "entry": entry_to_dict(n.entry),
        "origin": n.origin,
    }


def _nomination(row: Row[Any]) -> Nomination:
    return Nomination(
        row.nomination_id,
        entry_from_dict(row.entry),
        row.organization,
        row.basis,
        row.country,
        row.nominated_by,
        row.nominated_at,
        NominationStatus(row.status),
        row.decided_by,
        row.decided_at,
        row.reason,
        row.origin,
    )


def _redress_row(r: RedressRequest) -> dict[str, Any]:
    return {
        "request_id": r.request_id,
        "nomination_id": r.nomination_id,
        "requester": r.requester,
        "grounds": r.grounds,
        "received_at": r.received_at,
        "outcome": r.outcome.value,
        "decided_by": r.decided_by,
        "decided_at": r.decided_at,
        "reason": r.reason,
    }
