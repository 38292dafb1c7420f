"""The audit log in the node's database: append inside the caller's transaction, verify, export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from borderflow.audit.chain import GENESIS, AuditEntry, AuditProblem, chain_hash, find_problems
from borderflow.audit.tables import audit_head, audit_log

__all__ = ["AuditLog"]


class AuditLog:
    """Append-only, hash-chained log stored in ``audit_log``.

    Appends happen in the caller's transaction, so an audited fact and its audit entry
    are committed together or not at all. Each append first updates the one-row
    ``audit_head``, which takes the write lock (SQLite) or the row lock (PostgreSQL), so
    two writers cannot fork the chain.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def append(
        self,
        *,
        action: str,
        actor: str,
        subject: str,
        details: Mapping[str, Any] | None = None,
        at: dt.datetime | None = None,
    ) -> AuditEntry:
        """Add one entry after the last and return it."""
        head = self.connection.execute(
            update(audit_head)
            .where(audit_head.c.id == 1)
            .values(seq=audit_head.c.seq + 1)
            .returning(audit_head.c.seq, audit_head.c.hash)
        ).one()
        draft = AuditEntry(
            seq=head.seq,
            at=at or dt.datetime.now(dt.UTC),
            action=action,
            actor=actor,
            subject=subject,
            details=dict(details or {}),
            prev_hash=head.hash,
        )
        entry = AuditEntry(**{**draft.fields(), "hash": chain_hash(draft)})
        self.connection.execute(insert(audit_log).values(**entry.fields()))
        self.connection.execute(
            update(audit_head).where(audit_head.c.id == 1).values(hash=entry.hash)
        )
        return entry

    def entries(self, *, since: int = 0) -> Iterator[AuditEntry]:
        """Entries in stored order, from sequence number ``since`` on."""
        rows = self.connection.execute(
            select(audit_log).where(audit_log.c.seq >= since).order_by(audit_log.c.seq)
        )
        for row in rows:
            yield AuditEntry(**row._asdict())

    def head(self) -> tuple[int, str] | None:
        """(sequence number, hash) of the last entry, read from the head row; None if empty."""
        row = self.connection.execute(select(audit_head.c.seq, audit_head.c.hash)).first()
        if row is None or row.seq == 0:
            return None
        return int(row.seq), str(row.hash)

    def count(self) -> int:
        return int(
            self.connection.execute(select(func.count()).select_from(audit_log)).scalar_one()
        )

    def verify(self) -> list[AuditProblem]:
        """Every broken link in the stored chain (an empty list means intact), and entries
        missing from its end when the head records more than the log holds."""
        problems = find_problems(self.entries())
        head = self.connection.execute(select(audit_head.c.seq, audit_head.c.hash)).one()
        last = self.connection.execute(
            select(audit_log.c.seq, audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)
        ).first()
        last_seq, last_hash = (last.seq, last.hash) if last else (0, GENESIS)
        if (last_seq, last_hash) != (head.seq, head.hash):
            problems.append(
                AuditProblem(
                    last_seq + 1,
                    f"the head records entry {head.seq} as the last, the log ends at "
                    f"{last_seq}: entries deleted from the end, or the head was changed",
                )
            )
        return problems
