"""Members, memberships, vetting, validations and partners in the node's database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Row, Select, and_, bindparam, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from borderflow.errors import Conflict, NotFound
from borderflow.programs.lifecycle import (
    Membership,
    ProgramStatus,
    StatusChange,
    Vetting,
    VettingResult,
)
from borderflow.programs.members import Member, MemberKind, MemberRef
from borderflow.programs.tables import (
    program_applications,
    program_member_users,
    program_members,
    program_memberships,
    program_partners,
    program_validation_findings,
    program_validations,
    program_vettings,
)
from borderflow.programs.validations import ValidationFinding, ValidationOutcome

__all__ = ["MembershipRepository"]

_m = program_memberships.c
_p = program_members.c
_MEMBER = (_p.id.label("member_pk"), _p.kind, _p.name, _p.country, _p.identifier)
_MEMBERSHIP = (
    _m.id.label("membership_id"),
    _m.member_id,
    _m.program,
    _m.tier,
    _m.status,
    _m.applied_at,
    _m.activated_at,
    _m.expires_at,
)


@lru_cache(maxsize=64)
def _standing_rows(count: int) -> Select[Any]:
    """Members named by ``count`` (country, identifier) pairs, with their memberships.

    Built once per count and reused, so the booth's hot path pays neither statement
    construction nor cache-key generation. An OR of equalities rather than a row-value
    ``IN``: SQLite only searches the unique index for the former.
    """
    pairs = [
        and_(_p.country == bindparam(f"c{i}"), _p.identifier == bindparam(f"i{i}"))
        for i in range(count)
    ]
    return (
        select(*_MEMBER, *_MEMBERSHIP)
        .outerjoin(program_memberships, _m.member_id == _p.id)
        .where(or_(*pairs))
        .order_by(_p.id, _m.id)
    )


class MembershipRepository:
    """SQL access for the programs context; every write joins the caller's transaction."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add_member(self, kind: MemberKind, name: str, ref: MemberRef, now: dt.datetime) -> Member:
        if self.member_by_ref(ref) is not None:
            raise Conflict(f"member {ref} is registered already", field="member")
        member_id = self.connection.execute(
            insert(program_members)
            .values(
                kind=kind.value,
                name=name,
                country=ref.country,
                identifier=ref.identifier,
                created_at=now,
            )
            .returning(program_members.c.id)
        ).scalar_one()
        return Member(int(member_id), kind, name, ref)

    def member(self, member_id: int) -> Member:
        row = self.connection.execute(select(*_MEMBER).where(_p.id == member_id)).first()
        if row is None:
            raise NotFound(f"no member {member_id}", field="member_id")
        return _member(row)

    def member_by_ref(self, ref: MemberRef) -> Member | None:
        row = self.connection.execute(
            select(*_MEMBER).where(
                _p.country == ref.country,
                _p.identifier == ref.identifier,
            )
        ).first()
        return None if row is None else _member(row)

    def add_application(self, member_id: int, now: dt.datetime, actor: str) -> int:
        return int(
            self.connection.execute(
                insert(program_applications)
                .values(member_id=member_id, submitted_at=now, submitted_by=actor)
                .returning(program_applications.c.id)
            ).scalar_one()
        )

    def add_membership(
        self, member_id: int, application_id: int, program: str, tier: str, now: dt.datetime
    ) -> Membership:
        status = ProgramStatus.APPLIED
        membership_id = self.connection.execute(
            insert(program_memberships)
            .values(
                member_id=member_id,
                application_id=application_id,
                program=program,
                tier=tier,
                status=status.value,
                applied_at=now,
                updated_at=now,
            )
            .returning(_m.id)
        ).scalar_one()
        return Membership(int(membership_id), member_id, program, tier, status, now)

    def membership(self, membership_id: int) -> Membership:
        row = self.connection.execute(select(*_MEMBERSHIP).where(_m.id == membership_id)).first()
        if row is None:
            raise NotFound(f"no membership {membership_id}", field="membership_id")
        vettings = self.connection.execute(
            select(program_vettings)
            .where(program_vettings.c.membership_id == membership_id)
            .order_by(program_vettings.c.recorded_at, program_vettings.c.country)
        )
        return _membership(row, tuple(_vetting(v) for v in vettings))

    def memberships_of(self, member_id: int) -> list[Membership]:
        """The member's memberships, oldest first, without their vetting details."""
        rows = self.connection.execute(
            select(*_MEMBERSHIP).where(_m.member_id == member_id).order_by(_m.id)
        )
        return [_membership(row) for row in rows]

    def standing_rows(self, ref: MemberRef) -> tuple[Member | None, list[Membership]]:
        """The member ``ref`` names and its memberships, in one query (the status look-up)."""
        found = self.standing_rows_many([ref])
        return found.get(ref, (None, []))

    def standing_rows_many(
        self, refs: Sequence[MemberRef]
    ) -> dict[MemberRef, tuple[Member, list[Membership]]]:
        """The members ``refs`` name (those registered) with their memberships, in one query."""
        unique = list(dict.fromkeys(refs))
        if not unique:
            return {}
        params = {f"c{i}": r.country for i, r in enumerate(unique)}
        params.update({f"i{i}": r.identifier for i, r in enumerate(unique)})
        rows = self.connection.execute(_standing_rows(len(unique)), params)
        found: dict[MemberRef, tuple[Member, list[Membership]]] = {}
        for row in rows:
            member = _member(row)
            _, memberships = found.setdefault(member.ref, (member, []))
            if row.membership_id is not None:
                memberships.append(_membership(row))
        return found

    def add_vetting(self, membership_id: int, vetting: Vetting, actor: str) -> None:
        self.connection.execute(
            insert(program_vettings).values(
                membership_id=membership_id,
                country=vetting.country,
                result=vetting.result.value,
                reference=vetting.reference,
                recorded_at=vetting.recorded_at,
                recorded_by=actor,
            )
        )

    def set_status(self, membership_id: int, change: StatusChange, now: dt.datetime) -> None:
        values: dict[str, Any] = {"status": change.status.value, "updated_at": now}
        if change.activated_at is not None:
            values["activated_at"] = change.activated_at
        if change.expires_at is not None:
            values["expires_at"] = change.expires_at
        self.connection.execute(
            update(program_memberships).where(_m.id == membership_id).values(**values)
        )

    def due_for_expiry(self, now: dt.datetime, limit: int) -> list[Membership]:
        rows = self.connection.execute(
            select(*_MEMBERSHIP)
            .where(
                _m.status.in_([ProgramStatus.ACTIVE.value, ProgramStatus.SUSPENDED.value]),
                _m.expires_at <= now,
            )
            .order_by(_m.id)
            .limit(limit)
        )
        return [_membership(row) for row in rows]

    def add_validation(
        self,
        membership_id: int,
        findings: Sequence[ValidationFinding],
        now: dt.datetime,
        actor: str,
    ) -> int:
        validation_id = int(
            self.connection.execute(
                insert(program_validations)
                .values(membership_id=membership_id, validated_on=now, recorded_by=actor)
                .returning(program_validations.c.id)
            ).scalar_one()
        )
        self.connection.execute(
            insert(program_validation_findings),
            [
                {
                    "validation_id": validation_id,
                    "country": f.country,
                    "validator": f.validator,
                    "findings": f.findings,
                    "outcome": f.outcome.value,
                }
                for f in findings
            ],
        )
        return validation_id

    def validation_findings(self, validation_id: int) -> list[ValidationFinding]:
        t = program_validation_findings.c
        rows = self.connection.execute(
            select(program_validation_findings)
            .where(t.validation_id == validation_id)
            .order_by(t.country)
        )
        return [
            ValidationFinding(r.country, r.validator, r.findings, ValidationOutcome(r.outcome))
            for r in rows
        ]

    def declare_partner(self, member_id: int, partner_id: int, now: dt.datetime) -> None:
        try:
            with self.connection.begin_nested():
                self.connection.execute(
                    insert(program_partners).values(
                        member_id=member_id, partner_id=partner_id, declared_at=now
                    )
                )
        except IntegrityError:
            raise Conflict(
                f"member {partner_id} is already declared as a partner", field="partner"
            ) from None

    def partners_of(self, member_id: int) -> list[Member]:
        rows = self.connection.execute(
            select(*_MEMBER)
            .join(program_partners, program_partners.c.partner_id == _p.id)
            .where(program_partners.c.member_id == member_id)
            .order_by(_p.name, _p.id)
        )
        return [_member(row) for row in rows]

    def link_user(self, user_id: int, member_id: int) -> None:
        existing = self.member_id_for_user(user_id)
        if existing is not None:
            raise Conflict(f"user {user_id} already acts for member {existing}", field="user_id")
        self.connection.execute(
            insert(program_member_users).values(user_id=user_id, member_id=member_id)
        )

    def member_id_for_user(self, user_id: int) -> int | None:
        found = self.connection.execute(
            select(program_member_users.c.member_id).where(
                program_member_users.c.user_id == user_id
            )
        ).scalar_one_or_none()
        return None if found is None else int(found)

    def registry(self, program: str) -> list[tuple[Member, Membership]]:
        """Every member of ``program`` that got past vetting, by name."""
        rows = self.connection.execute(
            select(*_MEMBER, *_MEMBERSHIP)
            .join(program_memberships, _m.member_id == _p.id)
            .where(
                _m.program == program,
                _m.status.not_in([ProgramStatus.APPLIED.value, ProgramStatus.DENIED.value]),
            )
            .order_by(_p.name, _m.id)
        )
        return [(_member(row), _membership(row)) for row in rows]


def _member(row: Row[*tuple[Any, ...]]) -> Member:
    return Member(
        int(row.member_pk), MemberKind(row.kind), row.name, MemberRef(row.country, row.identifier)
    )


def _membership(row: Row[*tuple[Any, ...]], vettings: tuple[Vetting, ...] = ()) -> Membership:
    return Membership(
        membership_id=int(row.membership_id),
        member_id=int(row.member_id),
        program=row.program,
        tier=row.tier,
        status=ProgramStatus(row.status),
        applied_at=row.applied_at,
        activated_at=row.activated_at,
        expires_at=row.expires_at,
        vettings=vettings,
    )


def _vetting(row: Row[*tuple[Any, ...]]) -> Vetting:
    return Vetting(row.country, VettingResult(row.result), row.reference, row.recorded_at)
