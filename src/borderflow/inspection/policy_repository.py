"""The ports' policy versions in the node's database (caller's transaction); add-only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Row, insert, select

from borderflow.errors import NotFound
from borderflow.inspection.policy import Policy, PolicyKind
from borderflow.inspection.port_policy import PolicyVersion
from borderflow.inspection.tables import inspection_policies

__all__ = ["PolicyRepository"]


class PolicyRepository:
    """Adds versions and reads them back; no version is ever updated or deleted."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(
        self,
        port: str,
        policy: Policy,
        *,
        effective_from: dt.datetime,
        set_by: str,
        set_at: dt.datetime,
        audit_seq: int,
    ) -> PolicyVersion:
        version = self.connection.execute(
            insert(inspection_policies)
            .values(
                port=port,
                **policy.fields(),
                effective_from=effective_from,
                set_by=set_by,
                set_at=set_at,
                audit_seq=audit_seq,
            )
            .returning(inspection_policies.c.version)
        ).scalar_one()
        return self.get(int(version))

    def get(self, version: int) -> PolicyVersion:
        row = self.connection.execute(
            select(inspection_policies).where(inspection_policies.c.version == version)
        ).first()
        if row is None:
            raise NotFound(f"no policy version {version}", field="policy_version")
        return _version(row)

    def for_port(self, port: str) -> list[PolicyVersion]:
        """Every version set for ``port`` (code), in the order they take effect."""
        table = inspection_policies
        query = (
            select(table)
            .where(table.c.port == port)
            .order_by(table.c.effective_from, table.c.version)
        )
        return [_version(row) for row in self.connection.execute(query)]


def _version(row: Row[Any]) -> PolicyVersion:
    policy = Policy(
        PolicyKind(row.kind),
        random_check_rate=row.random_check_rate,
        risk_threshold=row.risk_threshold,
        screening_refer_threshold=row.screening_refer_threshold,
        screening_hold_threshold=row.screening_hold_threshold,
        secondary_capacity=row.secondary_capacity,
    )
    return PolicyVersion(
        version=row.version,
        port=row.port,
        policy=policy,
        effective_from=row.effective_from,
        set_by=row.set_by,
        set_at=row.set_at,
        audit_seq=row.audit_seq,
    )
