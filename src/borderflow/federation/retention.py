"""Purge of personal data received from partners once the agreement's retention ends.

A received crossing lives in the ledger (it is this node's exit record); other kinds keep
their payload in the inbox. At expiry the crossing is deleted from the ledger, with the
document and person rows no other crossing still uses; a kind that a receiving context
applied (a partner's watch-list nomination) is forgotten there too, unless an event still
retained carries it; and the inbox row keeps only the event id and sequence (so a replay
is still recognised) with its payload gone. Each purge is one audit entry listing the
events purged and what was dropped.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, update

from borderflow.audit import AuditLog
from borderflow.errors import ConfigurationError
from borderflow.federation.appliers import default_appliers
from borderflow.federation.events import EventModel, event_kind
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
        select(inbox.c.event_id, inbox.c.origin, inbox.c.kind, inbox.c.subject, inbox.c.payload)
        .where(inbox.c.expires_at <= at, inbox.c.purged_at.is_(None))
        .order_by(inbox.c.origin, inbox.c.seq)
    ).all()
    if not rows:
        return PurgeReport(0, 0)
    subjects = [r.subject for r in rows if r.subject is not None]
    forgotten = forget_received_crossings(connection, subjects)
    applied = _forget_applied(connection, [(r.origin, r.kind, r.payload) for r in rows], at)
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
            **applied,
        },
    )
    return PurgeReport(len(rows), forgotten)


def forget_received_crossings(connection: Connection, ids: Sequence[str]) -> int:
    """Delete received crossings (never the node's own) and what only they referred to."""
    return LedgerRepository(connection).forget_received(ids)


def _forget_applied(
    connection: Connection,
    rows: Sequence[tuple[str, str, Mapping[str, Any] | None]],
    at: dt.datetime,
) -> dict[str, list[str]]:
    """What the receiving contexts dropped for the expired events they applied (a partner's
    watch-list nomination loses its person), by event kind."""
    appliers = default_appliers()
    expired: dict[tuple[str, str], list[EventModel]] = defaultdict(list)
    for origin, kind, payload in rows:
        if kind in appliers and payload is not None:
            expired[(origin, kind)].append(_event(kind, payload))
    dropped: dict[str, list[str]] = defaultdict(list)
    for (origin, kind), events in expired.items():
        kept = connection.execute(
            select(federation_inbox.c.payload).where(
                federation_inbox.c.origin == origin,
                federation_inbox.c.kind == kind,
                federation_inbox.c.expires_at > at,
                federation_inbox.c.purged_at.is_(None),
            )
        ).scalars()
        retained = [_event(kind, payload) for payload in kept if payload is not None]
        dropped[kind].extend(appliers[kind].forget(connection, origin, events, retained))
    return {f"{kind}_forgotten": ids for kind, ids in dropped.items() if ids}


def _event(kind: str, payload: Mapping[str, Any]) -> EventModel:
    known = event_kind(kind)
    if known is None:  # only kinds with an applier get here, and each has a model
        raise ConfigurationError(f"no event model for applied kind {kind!r}")
    return known.parse(payload)
