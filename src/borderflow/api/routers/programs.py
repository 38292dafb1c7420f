"""``/programs``: the catalog, members, applications, vetting, status changes, joint
validations, partner status, the public registry and status look-ups.

Who may do what: ``program_admin`` runs the programs (and records vetting only for its own
country); officers, supervisors and targeters look up a member's status; a user linked to
a member sees that member's declared partners and nothing else; anyone (``public``
included) reads the catalog and the registries that programs publish.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from borderflow.api.deps import AnyCaller, DbConnection, NodeClock, NodeSettings, require_roles
from borderflow.errors import Forbidden
from borderflow.programs import (
    Action,
    MemberKind,
    MemberRef,
    ProgramRequest,
    ProgramService,
    ValidationFinding,
    ValidationOutcome,
    VettingResult,
    default_catalog,
)
from borderflow.programs.views import (
    application_view,
    catalog_view,
    member_view,
    membership_view,
    partner_view,
    standing_view,
    validation_view,
)
from borderflow.users import Principal, Role

__all__ = ["router"]

router = APIRouter(prefix="/programs", tags=["programs"])

Admin = Annotated[Principal, Depends(require_roles(Role.PROGRAM_ADMIN))]
StatusReader = Annotated[
    Principal,
    Depends(require_roles(Role.OFFICER, Role.SUPERVISOR, Role.TARGETER, Role.PROGRAM_ADMIN)),
]


def _service(connection: DbConnection, clock: NodeClock) -> ProgramService:
    return ProgramService(connection, clock=clock)


Programs = Annotated[ProgramService, Depends(_service)]


class NewMember(BaseModel):
    kind: MemberKind
    name: str = Field(min_length=1, max_length=256)
    member: str = Field(description="CC:IDENTIFIER, e.g. US:12-3456789")


class ProgramChoice(BaseModel):
    program: str
    tier: str | None = None


class NewApplication(BaseModel):
    member_id: int
    programs: list[ProgramChoice] = Field(min_length=1)


class VettingBody(BaseModel):
    result: VettingResult
    reference: str = Field(min_length=1, max_length=128)


class StatusBody(BaseModel):
    action: Action
    reason: str = Field(min_length=1, max_length=512)


class FindingBody(BaseModel):
    country: str = Field(min_length=2, max_length=2)
    validator: str
    findings: str
    outcome: ValidationOutcome


class ValidationBody(BaseModel):
    findings: list[FindingBody]


class PartnerBody(BaseModel):
    partner: str = Field(description="CC:IDENTIFIER of the declared partner")


class UserLink(BaseModel):
    user_id: int


@router.get("/catalog")
def catalog(_caller: AnyCaller) -> dict[str, Any]:
    """Programs, tiers and benefits, and the mutual recognition arrangements."""
    return catalog_view(default_catalog())


@router.post("/members", status_code=201)
def add_member(body: NewMember, _caller: Admin, service: Programs) -> dict[str, Any]:
    ref = MemberRef.parse(body.member)
    return member_view(service.register_member(body.kind, body.name, ref))


@router.post("/applications", status_code=201)
def apply(body: NewApplication, caller: Admin, service: Programs) -> dict[str, Any]:
    """One application for several programs; answers with each country's vetting to do."""
    requests = [ProgramRequest(p.program, p.tier) for p in body.programs]
    result = service.apply(body.member_id, requests, actor=caller.actor, country=caller.country)
    return application_view(result)


@router.get("/memberships/{membership_id}")
def membership(membership_id: int, _caller: StatusReader, service: Programs) -> dict[str, Any]:
    return membership_view(service.repository.membership(membership_id))


@router.post("/memberships/{membership_id}/vetting")
def record_vetting(
    membership_id: int, body: VettingBody, caller: Admin, service: Programs
) -> dict[str, Any]:
    """The caller's own country's background-check result (never another country's)."""
    updated = service.record_vetting(
        membership_id, caller.country, body.result, body.reference, actor=caller.actor
    )
    return membership_view(updated)


@router.post("/memberships/{membership_id}/status")
def change_status(
    membership_id: int, body: StatusBody, caller: Admin, service: Programs
) -> dict[str, Any]:
    """Suspend, reinstate, revoke (or record the expiry of) a membership."""
    updated = service.change_status(
        membership_id, body.action, body.reason, actor=caller.actor, country=caller.country
    )
    return membership_view(updated)


@router.post("/memberships/{membership_id}/joint-validations", status_code=201)
def joint_validation(
    membership_id: int, body: ValidationBody, caller: Admin, service: Programs
) -> dict[str, Any]:
    findings = [
        ValidationFinding(f.country.upper(), f.validator, f.findings, f.outcome)
        for f in body.findings
    ]
    recorded = service.record_joint_validation(membership_id, findings, actor=caller.actor)
    return validation_view(recorded)


@router.post("/expiry")
def expire_due(caller: Admin, service: Programs) -> dict[str, int]:
    """Record the expiry of every membership past its end."""
    done = service.expire_due(actor=caller.actor, country=caller.country)
    return {"expired": done}


@router.get("/status")
def status(
    member: Annotated[str, Query(description="CC:IDENTIFIER of the member")],
    _caller: StatusReader,
    service: Programs,
    settings: NodeSettings,
) -> dict[str, Any]:
    """The member's standing in this node's country, mutual recognition applied."""
    standing = service.status_for(MemberRef.parse(member), settings.country)
    return standing_view(standing)


@router.post("/members/{member_id}/users", status_code=204)
def link_user(member_id: int, body: UserLink, _caller: Admin, service: Programs) -> None:
    """Let a user act for a member (a trader or carrier): see its partners, file its trips."""
    service.repository.member(member_id)
    service.repository.link_user(body.user_id, member_id)


def _own_member_id(caller: Principal, service: ProgramService) -> int:
    found = service.repository.member_id_for_user(caller.user_id)
    if found is None:
        raise Forbidden("this user does not act for any program member")
    return found


@router.post("/partners", status_code=201)
def declare_partner(body: PartnerBody, caller: AnyCaller, service: Programs) -> dict[str, Any]:
    """Declare a supply-chain partner of the member the caller acts for."""
    member_id = _own_member_id(caller, service)
    partner = service.declare_partner(member_id, MemberRef.parse(body.partner, field="partner"))
    return member_view(partner)


@router.get("/partners")
def partners(caller: AnyCaller, service: Programs) -> list[dict[str, Any]]:
    """The status of each partner the caller's member declared, and of nobody else."""
    member_id = _own_member_id(caller, service)
    return [partner_view(p) for p in service.partner_statuses(member_id)]


@router.get("/registry/{program}")
def registry(program: str, _caller: AnyCaller, service: Programs) -> list[dict[str, Any]]:
    """The public registry of a trader program that publishes one (403 otherwise)."""
    return [partner_view(p) for p in service.registry(program)]
