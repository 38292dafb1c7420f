"""The port's short-lived store of verified claims: record, extend with a reason, purge."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from borderflow.audit import AuditLog
from borderflow.errors import InvalidInput, NotFound
from borderflow.identity.port import PortVerification
from borderflow.identity.retention import RetentionPolicy, RetentionReason
from borderflow.identity.tables import identity_crossing_claims

__all__ = ["CrossingClaimsRepository"]

_TABLE = identity_crossing_claims


class CrossingClaimsRepository:
    """Verified claims of crossings, kept until ``retain_until`` and then purged."""

    def __init__(self, connection: Connection, policy: RetentionPolicy | None = None) -> None:
        self.connection = connection
        self.policy = policy or RetentionPolicy()

    def record(
        self,
        verification: PortVerification,
        *,
        port: str,
        reason: RetentionReason | None = None,
        note: str | None = None,
    ) -> str:
        """Keep the disclosed claims of one verification; returns the record id."""
        _require_note(reason, note)
        record_id = str(uuid.uuid4())
        self.connection.execute(
            insert(_TABLE).values(
                id=record_id,
                port=port,
                copy_id=verification.copy_id,
                issuer=verification.issuer,
                claims=verification.claims,
                verified_at=verification.verified_at,
                retain_until=self.policy.retain_until(verification.verified_at, reason),
                retention_reason=reason.value if reason else None,
                reason_note=note,
            )
        )
        return record_id

    def extend(
        self, record_id: str, reason: RetentionReason, *, note: str, actor: str, now: dt.datetime
    ) -> dict[str, Any]:
        """Keep a record longer because of a referral or a watch-list hit (audited)."""
        _require_note(reason, note)
        record = self.get(record_id)
        until = max(record["retain_until"], self.policy.retain_until(record["verified_at"], reason))
        self.connection.execute(
            update(_TABLE)
            .where(_TABLE.c.id == record_id)
            .values(retain_until=until, retention_reason=reason.value, reason_note=note)
        )
        AuditLog(self.connection).append(
            action="identity.retention_extended",
            actor=actor,
            subject=f"identity_claims:{record_id}",
            details={"reason": reason.value, "note": note, "retain_until": until.isoformat()},
            at=now,
        )
        return self.get(record_id)

    def get(self, record_id: str) -> dict[str, Any]:
        row = self.connection.execute(select(_TABLE).where(_TABLE.c.id == record_id)).first()
        if row is None:
            raise NotFound(f"no verified claims {record_id} (purged or never recorded)", field="id")
        return dict(row._mapping)

    def for_copy(self, copy_id: str) -> list[dict[str, Any]]:
        """What this port recorded about the crossings made with one credential copy."""
        rows = self.connection.execute(
            select(_TABLE).where(_TABLE.c.copy_id == copy_id).order_by(_TABLE.c.verified_at)
        )
        return [dict(r._mapping) for r in rows]

    def purge(self, *, now: dt.datetime, actor: str) -> int:
        """Delete every record past its retention, with one audit entry naming them."""
        expired = [
            r.id
            for r in self.connection.execute(
                select(_TABLE.c.id).where(_TABLE.c.retain_until <= now).order_by(_TABLE.c.id)
            )
        ]
        if not expired:
            return 0
        self.connection.execute(delete(_TABLE).where(_TABLE.c.id.in_(expired)))
        AuditLog(self.connection).append(
            action="identity.claims_purged",
            actor=actor,
            subject="identity_crossing_claims",
            details={"count": len(expired), "records": expired, "before": now.isoformat()},
            at=now,
        )
        return len(expired)


def _require_note(reason: RetentionReason | None, note: str | None) -> None:
    if reason is not None and not (note and note.strip()):
        raise InvalidInput("keeping claims longer needs a note saying why", field="note")
