"""The decision at the port over HTTP: officers decide arrivals and report secondary outcomes.

Each decision and each outcome is written to the audit log in the request's transaction
(the ledger and targeting will take them from there once their adapters are wired). The
random check uses the operating system's generator: travellers must not predict it.
"""

from __future__ import annotations

import random
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel, Field

from borderflow.api.deps import DbConnection, NodeSettings, require_roles
from borderflow.audit import AuditLog
from borderflow.errors import InvalidInput
from borderflow.inspection import (
    Arrival,
    IdentityResult,
    Lane,
    Mode,
    Officer,
    OfficerReferral,
    ProgramStatus,
    RiskScore,
    ScreeningHit,
    ScreeningResult,
    decide,
    policy_named,
)
from borderflow.reference import default_catalog
from borderflow.users import Principal, Role

__all__ = ["router"]

router = APIRouter(prefix="/inspection", tags=["inspection"])

PortOfficer = Annotated[Principal, Depends(require_roles(Role.OFFICER, Role.SUPERVISOR))]
Score = Annotated[float, Field(ge=0, le=1)]


class IdentityIn(BaseModel):
    verified: bool
    nationality: str = Field(min_length=2, max_length=3, description="ISO 3166-1 alpha-2")
    document: str = "unknown"


class HitIn(BaseModel):
    list_name: str
    score: Score


class ProgramIn(BaseModel):
    program: str
    status: str
    recognized_by: list[str] = Field(default_factory=list)


class RiskIn(BaseModel):
    score: Score
    reasons: list[str] = Field(default_factory=list)


class DecisionRequest(BaseModel):
    """One arrival at a booth of this node's country, with what the other contexts found."""

    arrival_id: str = Field(min_length=1, max_length=64)
    port: str = Field(description="Port code or name")
    mode: Mode
    lane: Lane
    identity: IdentityIn
    screening_hits: list[HitIn] = Field(default_factory=list)
    program: ProgramIn | None = None
    risk: RiskIn | None = None
    officer_referral: str | None = Field(default=None, description="The officer's own reason")
    secondary_in_use: int = Field(default=0, ge=0)
    policy: Literal["legacy", "cbm"] = "cbm"


class DecisionOut(BaseModel):
    arrival_id: str
    outcome: str
    primary_interview: bool
    reasons: list[str]
    officer: str
    authority: str
    policy: str
    audit_seq: int


class OutcomeRequest(BaseModel):
    arrival_id: str = Field(min_length=1, max_length=64)
    found: bool
    what: str = ""


class OutcomeOut(BaseModel):
    arrival_id: str
    audit_seq: int


def _arrival(body: DecisionRequest, entering: str, officer: str) -> Arrival:
    port = default_catalog().port(body.port)
    if entering not in port.countries:
        raise InvalidInput(f"port {port.name} is not a port of {entering}", field="port")
    return Arrival(
        arrival_id=body.arrival_id,
        port_code=port.code,
        entering=entering,
        mode=body.mode,
        lane=body.lane,
        identity=IdentityResult(
            body.identity.verified, body.identity.nationality.upper(), body.identity.document
        ),
        screening=ScreeningResult(
            tuple(ScreeningHit(h.list_name, h.score) for h in body.screening_hits)
        ),
        program=None
        if body.program is None
        else ProgramStatus(
            body.program.program,
            body.program.status,
            frozenset(c.upper() for c in body.program.recognized_by),
        ),
        risk=None if body.risk is None else RiskScore(body.risk.score, tuple(body.risk.reasons)),
        officer_referral=None
        if body.officer_referral is None
        else OfficerReferral(officer, body.officer_referral),
        secondary_in_use=body.secondary_in_use,
    )


@router.post("/decisions", status_code=status.HTTP_201_CREATED, summary="Decide one arrival")
def decide_arrival(
    body: DecisionRequest, caller: PortOfficer, connection: DbConnection, settings: NodeSettings
) -> DecisionOut:
    arrival = _arrival(body, settings.country, caller.actor)
    officer = Officer(caller.actor, caller.country)
    decision = decide(arrival, officer, policy_named(body.policy), random.SystemRandom())
    entry = AuditLog(connection).append(
        action="inspection.decision",
        actor=caller.actor,
        subject=f"arrival:{arrival.arrival_id}",
        details={
            "port": arrival.port_code,
            "lane": arrival.lane.value,
            "outcome": decision.outcome.value,
            "primary_interview": decision.primary_interview,
            "reasons": list(decision.reasons),
            "authority": decision.authority,
            "policy": decision.policy,
        },
    )
    return DecisionOut(
        arrival_id=decision.arrival_id,
        outcome=decision.outcome.value,
        primary_interview=decision.primary_interview,
        reasons=list(decision.reasons),
        officer=decision.officer_id,
        authority=decision.authority,
        policy=decision.policy,
        audit_seq=entry.seq,
    )


@router.post(
    "/outcomes",
    status_code=status.HTTP_201_CREATED,
    summary="Report what a secondary inspection found",
)
def report_outcome(
    body: OutcomeRequest, caller: PortOfficer, connection: DbConnection
) -> OutcomeOut:
    entry = AuditLog(connection).append(
        action="inspection.secondary_outcome",
        actor=caller.actor,
        subject=f"arrival:{body.arrival_id}",
        details={"found": body.found, "what": body.what},
    )
    return OutcomeOut(arrival_id=body.arrival_id, audit_seq=entry.seq)
