"""The programs service: the lifecycle rules applied to stored memberships, with events.

Each method works inside the caller's transaction (one API request, one CLI command): the
status change and its ``ProgramStatusChanged`` event are committed together or not at all.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence

from sqlalchemy import Connection

from borderflow.errors import Forbidden, InvalidInput, NotFound
from borderflow.programs.catalog import default_catalog
from borderflow.programs.events import EventSink, ProgramStatusChanged
from borderflow.programs.lifecycle import (
    Action,
    Membership,
    ProgramStatus,
    StatusChange,
    Vetting,
    VettingResult,
    after_vetting,
    check_may_apply,
    standing_of,
    transition,
)
from borderflow.programs.members import Member, MemberKind, MemberRef, check_kind_fits
from borderflow.programs.model import ProgramCatalog, ProgramKind
from borderflow.programs.outbox import PartnerEventSink
from borderflow.programs.repository import MembershipRepository
from borderflow.programs.results import (
    ApplicationResult,
    PartnerStatus,
    ProgramRequest,
    PublicStatus,
    VettingRequest,
)
from borderflow.programs.standing import ProgramStanding, standing_in
from borderflow.programs.validations import (
    JointValidation,
    ValidationFinding,
    check_joint_validation,
)

__all__ = ["Clock", "ProgramService"]

Clock = Callable[[], dt.datetime]
_SEEN_BY_PARTNERS = frozenset(
    {ProgramStatus.ACTIVE, ProgramStatus.SUSPENDED, ProgramStatus.REVOKED, ProgramStatus.EXPIRED}
)


class ProgramService:
    """Applications, vetting, status changes, validations, partners and status look-ups."""

    def __init__(
        self,
        connection: Connection,
        *,
        clock: Clock,
        sink: EventSink | None = None,
        catalog: ProgramCatalog | None = None,
    ) -> None:
        self.connection = connection
        self.repository = MembershipRepository(connection)
        self.clock = clock
        self.sink: EventSink = sink or PartnerEventSink()
        self.catalog = catalog or default_catalog()

    def register_member(self, kind: MemberKind, name: str, ref: MemberRef) -> Member:
        if not name.strip():
            raise InvalidInput("a member needs a name", field="name")
        return self.repository.add_member(kind, name.strip(), ref, self.clock())

    def apply(
        self, member_id: int, requests: Sequence[ProgramRequest], *, actor: str, country: str
    ) -> ApplicationResult:
        """One application for several programs, fanned out to each operating country."""
        member = self.repository.member(member_id)
        if not requests:
            raise InvalidInput("an application names at least one program", field="programs")
        now = self.clock()
        existing = self.repository.memberships_of(member_id)
        chosen = [(self.catalog.program(r.program), r.tier) for r in requests]
        codes = [program.code for program, _ in chosen]
        if len(set(codes)) != len(codes):
            raise InvalidInput("a program is named twice in the application", field="programs")
        for program, tier in chosen:
            check_kind_fits(member, program)
            check_may_apply(program, existing, now)
            self.catalog.tier(program.code, tier)
        application_id = self.repository.add_application(member_id, now, actor)
        created: list[Membership] = []
        requests_out: list[VettingRequest] = []
        for program, tier in chosen:
            tier_name = self.catalog.tier(program.code, tier).tier
            membership = self.repository.add_membership(
                member_id, application_id, program.code, tier_name, now
            )
            self._emit(
                membership,
                None,
                StatusChange(ProgramStatus.APPLIED, "applied"),
                actor,
                country,
                now,
            )
            created.append(membership)
            requests_out.extend(
                VettingRequest(membership.membership_id, program.code, c)
                for c in sorted(program.operating_countries)
            )
        return ApplicationResult(application_id, member_id, tuple(created), tuple(requests_out))

    def record_vetting(
        self,
        membership_id: int,
        country: str,
        result: VettingResult,
        reference: str,
        *,
        actor: str,
    ) -> Membership:
        """``country``'s own background-check result; activates or denies when decisive."""
        if not reference.strip():
            raise InvalidInput("a vetting result needs the case reference", field="reference")
        membership = self.repository.membership(membership_id)
        program = self.catalog.program(membership.program)
        now = self.clock()
        vetting = Vetting(country.upper(), result, reference.strip(), now)
        change = after_vetting(membership, program, vetting, now)
        self.repository.add_vetting(membership_id, vetting, actor)
        if change is not None:
            self._apply_change(membership, change, actor, country.upper(), now)
        return self.repository.membership(membership_id)

    def change_status(
        self, membership_id: int, action: Action, reason: str, *, actor: str, country: str
    ) -> Membership:
        membership = self.repository.membership(membership_id)
        now = self.clock()
        self._apply_change(
            membership, transition(membership, action, reason, now), actor, country, now
        )
        return self.repository.membership(membership_id)

    def expire_due(self, *, actor: str, country: str, limit: int = 10_000) -> int:
        """Record the expiry of every membership past its end (a periodic job)."""
        now = self.clock()
        due = self.repository.due_for_expiry(now, limit)
        for membership in due:
            change = transition(membership, Action.EXPIRE, "validity period ended", now)
            self._apply_change(membership, change, actor, country, now)
        return len(due)

    def record_joint_validation(
        self, membership_id: int, findings: Sequence[ValidationFinding], *, actor: str
    ) -> JointValidation:
        membership = self.repository.membership(membership_id)
        program = self.catalog.program(membership.program)
        check_joint_validation(program, findings, self.catalog)
        validation_id = self.repository.add_validation(membership_id, findings, self.clock(), actor)
        stored = self.repository.validation_findings(validation_id)
        return JointValidation(validation_id, membership_id, program.code, tuple(stored))

    def declare_partner(self, member_id: int, partner: MemberRef) -> Member:
        declaring = self.repository.member(member_id)
        if declaring.kind is not MemberKind.BUSINESS:
            raise InvalidInput("only a business declares supply-chain partners", field="member")
        found = self.repository.member_by_ref(partner)
        if found is None:
            raise NotFound(f"no member {partner}", field="partner")
        if found.member_id == member_id:
            raise InvalidInput("a member cannot declare itself as its partner", field="partner")
        if found.kind is not MemberKind.BUSINESS:
            # Partner status is shown to the declaring trader: never a person's memberships.
            raise InvalidInput(
                f"{partner} is a person, not a supply-chain partner", field="partner"
            )
        self.repository.declare_partner(member_id, found.member_id, self.clock())
        return found

    def partner_statuses(self, member_id: int) -> list[PartnerStatus]:
        """The trader-program status of each partner ``member_id`` declared, and nothing else."""
        now = self.clock()
        return [
            PartnerStatus(str(p.ref), p.name, self._public_statuses(p.member_id, now))
            for p in self.repository.partners_of(member_id)
        ]

    def registry(self, program: str) -> list[PartnerStatus]:
        """The public registry of a trader program that publishes one."""
        found = self.catalog.program(program)
        if found.kind is not ProgramKind.TRADER or not found.publishes_registry:
            raise Forbidden(
                f"{found.code} does not publish a registry of its members", field="program"
            )
        now = self.clock()
        return [
            PartnerStatus(str(member.ref), member.name, (self._public(membership, now),))
            for member, membership in self.repository.registry(found.code)
        ]

    def status_for(self, ref: MemberRef, country: str) -> ProgramStanding:
        """The member's standing in ``country``; an unknown member is :class:`NotFound`."""
        standing = self.standing_or_none(ref, country)
        if standing is None:
            raise NotFound(f"no member {ref}", field="member")
        return standing

    def standing_or_none(self, ref: MemberRef, country: str) -> ProgramStanding | None:
        """The member's standing in ``country``, or ``None`` for a member not registered."""
        return self.standings([ref], country)[ref]

    def standings(
        self, refs: Sequence[MemberRef], country: str
    ) -> dict[MemberRef, ProgramStanding | None]:
        """The standing of each of ``refs`` in ``country`` (``None`` if not registered)."""
        found = self.repository.standing_rows_many(refs)
        now = self.clock()
        result: dict[MemberRef, ProgramStanding | None] = {}
        for ref in refs:
            member, memberships = found.get(ref, (None, []))
            result[ref] = (
                None
                if member is None
                else standing_in(country.upper(), member.member_id, memberships, self.catalog, now)
            )
        return result

    def _public_statuses(self, member_id: int, now: dt.datetime) -> tuple[PublicStatus, ...]:
        return tuple(
            self._public(m, now)
            for m in self.repository.memberships_of(member_id)
            if self.catalog.program(m.program).kind is ProgramKind.TRADER
            and m.effective_status(now) in _SEEN_BY_PARTNERS
        )

    @staticmethod
    def _public(membership: Membership, now: dt.datetime) -> PublicStatus:
        status = standing_of(membership.effective_status(now))
        return PublicStatus(membership.program, membership.tier, status)

    def _apply_change(
        self,
        membership: Membership,
        change: StatusChange,
        actor: str,
        country: str,
        now: dt.datetime,
    ) -> None:
        self.repository.set_status(membership.membership_id, change, now)
        self._emit(membership, membership.status.value, change, actor, country, now)

    def _emit(
        self,
        membership: Membership,
        previous: str | None,
        change: StatusChange,
        actor: str,
        country: str,
        now: dt.datetime,
    ) -> None:
        event = ProgramStatusChanged(
            event_id=str(uuid.uuid4()),
            membership_id=membership.membership_id,
            member_id=membership.member_id,
            program=membership.program,
            previous=previous,
            status=change.status.value,
            reason=change.reason,
            country=country,
            actor=actor,
            occurred_at=now,
        )
        self.sink.emit(self.connection, event)
