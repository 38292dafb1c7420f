"""Purge of personal data received from partners once the agreement's retention ends.

A received crossing lives in the ledger (it is this node's exit record); other kinds keep
their payload in the inbox. At expiry the crossing is deleted from the ledger, with the
document and person rows no other crossing still uses, and the inbox row keeps only the
event id and sequence (so a replay is still recognised) with its payload gone. Each purge
is one audit entry listing the events purged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select, update

from borderflow.audit import AuditLog
from borderflow.federation.tables import federation_inbox
from borderflow.ledger.repository import LedgerRepository

__all__ = ["PurgeReport", "forget_received_crossings", "purge_expired"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class PurgeReport:
    events: int
    crossings: int


def purge_expired(
    connection: Connection, *, actor: str = "job:retention", now: Callable[[], dt.datetime] = _now
) -> PurgeReport:
    """Purge every received event whose retention has ended, in the caller's transaction."""
    at = now()
    inbox = federation_inbox
    rows = connection.execute(
        select(inbox.c.event_id, inbox.c.origin, inbox.c.kind, inbox.c.subject)
        .where(inbox.c.expires_at <= at, inbox.c.purged_at.is_(None))
        .order_by(inbox.c.origin, inbox.c.seq)
    ).all()
    if not rows:
        return PurgeReport(0, 0)
    subjects = [r.subject for r in rows if r.subject is not None]
    forgotten = forget_received_crossings(connection, subjects)
    ids = [r.event_id for r in rows]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        connection.execute(
            update(inbox)
            .where(inbox.c.event_id.in_(chunk))
            .values(payload=None, subject=None, purged_at=at)
        )
    AuditLog(connection).append(
        action="federation.purged",
        actor=actor,
        subject=f"{len(rows)} received events",
        details={
            "events": [[r.origin, r.event_id, r.kind] for r in rows],
            "ledger_crossings_deleted": forgotten,
        },
    )
    return PurgeReport(len(rows), forgotten)


def forget_received_crossings(connection: Connection, ids: Sequence[str]) -> int:
    """Delete received crossings (never the node's own) and what only they referred to."""
    return LedgerRepository(connection).forget_received(ids)
