"""Cross-deputations in the node's database; grants and revocations are audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update
from sqlalchemy.sql import Select

from borderflow.audit import AuditLog
from borderflow.errors import Conflict, InvalidInput, NotFound
from borderflow.reference import Catalog, default_catalog
from borderflow.users.deputations import Deputation, DeputationRequest, check_deputation
from borderflow.users.repository import UserRepository
from borderflow.users.tables import user_deputations, users

__all__ = ["DeputationRepository"]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class DeputationRepository:
    """Grants, lists and revokes deputations, and tells which hold at a given moment."""

    def __init__(
        self,
        connection: Connection,
        *,
        catalog: Catalog | None = None,
        now: Callable[[], dt.datetime] = _utc_now,
    ) -> None:
        self.connection = connection
        self.catalog = catalog or default_catalog()
        self.now = now

    def grant(self, user_name: str, request: DeputationRequest) -> Deputation:
        """Record that ``request.partner`` deputises ``user_name`` at ``request.port``."""
        officer = UserRepository(self.connection).named(user_name, field="user")
        partner, port = check_deputation(request, officer, self.catalog)
        deputation_id = self.connection.execute(
            insert(user_deputations)
            .values(
                user_id=officer.user_id,
                partner=partner,
                port=port,
                granted_by=request.granted_by.strip(),
                valid_from=request.valid_from,
                valid_until=request.valid_until,
                granted_at=self.now(),
            )
            .returning(user_deputations.c.id)
        ).scalar_one()
        granted = self.get(int(deputation_id))
        AuditLog(self.connection).append(
            action="users.deputation_granted",
            actor=granted.granted_by,
            subject=f"user:{officer.user_id}:{officer.name}",
            details=_details(granted),
        )
        return granted

    def revoke(self, deputation_id: int, *, revoked_by: str) -> Deputation:
        """End a deputation now; revoking one twice is a conflict."""
        if not revoked_by.strip():
            raise InvalidInput("name who revokes the deputation", field="revoked_by")
        current = self.get(deputation_id)
        if current.revoked_at is not None:
            raise Conflict(
                f"deputation {deputation_id} was revoked at {current.revoked_at.isoformat()}",
                field="deputation_id",
            )
        self.connection.execute(
            update(user_deputations)
            .where(user_deputations.c.id == deputation_id)
            .values(revoked_at=self.now(), revoked_by=revoked_by.strip())
        )
        revoked = self.get(deputation_id)
        AuditLog(self.connection).append(
            action="users.deputation_revoked",
            actor=revoked_by.strip(),
            subject=f"user:{revoked.user_id}:{revoked.user_name}",
            details=_details(revoked),
        )
        return revoked

    def get(self, deputation_id: int) -> Deputation:
        row = self.connection.execute(
            _query().where(user_deputations.c.id == deputation_id)
        ).first()
        if row is None:
            raise NotFound(f"no deputation with id {deputation_id}", field="deputation_id")
        return _deputation(row)

    def all(self, user_name: str | None = None) -> list[Deputation]:
        """Every deputation (revoked and expired ones too), of one user or of all."""
        query = _query()
        if user_name is not None:
            officer = UserRepository(self.connection).named(user_name, field="user")
            query = query.where(user_deputations.c.user_id == officer.user_id)
        return [_deputation(row) for row in self.connection.execute(query)]

    def active_for(self, user_id: int, at: dt.datetime) -> frozenset[tuple[str, str]]:
        """``(partner, port code)`` of the user's deputations in force at ``at``.

        Each is judged on its port's local calendar: a deputation valid until 31 March
        ends at midnight at that port.
        """
        rows = self.connection.execute(_query().where(user_deputations.c.user_id == user_id))
        active = set()
        for row in rows:
            deputation = _deputation(row)
            local_day = at.astimezone(self.catalog.port(deputation.port).zone).date()
            if deputation.active_at(at, local_day):
                active.add((deputation.partner, deputation.port))
        return frozenset(active)


def _query() -> Select[Any]:
    return (
        select(user_deputations, users.c.name.label("user_name"))
        .join(users, users.c.id == user_deputations.c.user_id)
        .order_by(user_deputations.c.id)
    )


def _deputation(row: Row[Any]) -> Deputation:
    return Deputation(
        deputation_id=row.id,
        user_id=row.user_id,
        user_name=row.user_name,
        partner=row.partner,
        port=row.port,
        granted_by=row.granted_by,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        granted_at=row.granted_at,
        revoked_at=row.revoked_at,
        revoked_by=row.revoked_by,
    )


def _details(deputation: Deputation) -> dict[str, Any]:
    return {
        "deputation_id": deputation.deputation_id,
        "partner": deputation.partner,
        "port": deputation.port,
        "valid_from": deputation.valid_from.isoformat(),
        "valid_until": deputation.valid_until.isoformat(),
    }
