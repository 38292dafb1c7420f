"""The decision at the port over HTTP: officers decide arrivals and report secondary outcomes.

An arrival is decided under its port's policy in force (set by a supervisor, see
:mod:`borderflow.api.routers.inspection_policies`), never one the request chooses, with
the port's open referrals as the secondary bays in use. A decision is recorded with its
policy version, its arrival's ledger crossing (sent whole or by id) and its audit entry in
the request's transaction; a secondary result of a truck's declaration becomes targeting's
label. The officer acts under their own country's authority or, where a partner deputised
them (``borderflow users deputize``), under the partner's. The random check uses the
operating system's generator: travellers must not predict it. Only officers and
supervisors call these endpoints; reads are audited like the ledger's.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Annotated

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.json_schema import SkipJsonSchema
from sqlalchemy import Connection

from borderflow.api.deps import Clock, DbConnection, NodeClock, NodeSettings, require_roles
from borderflow.api.routers import inspection_policies
from borderflow.audit import AuditLog
from borderflow.errors import InvalidInput
from borderflow.federation.outbox import federation_hook
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
    SecondaryOutcome,
)
from borderflow.inspection.records import DecisionRecord
from borderflow.inspection.service import InspectionService
from borderflow.ledger import CrossingInput, CrossingRules, LedgerService
from borderflow.reference import default_catalog
from borderflow.settings import Settings
from borderflow.users import DeputationRepository, Principal, Role

__all__ = ["router"]

router = APIRouter(prefix="/inspection", tags=["inspection"])
router.include_router(inspection_policies.router)

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
    policy: SkipJsonSchema[object] = None
    secondary_in_use: SkipJsonSchema[object] = None
    crossing: CrossingInput | None = Field(
        default=None, description="The arrival's crossing, recorded in the ledger with it"
    )
    crossing_id: str | None = Field(
        default=None, max_length=64, description="Or the id of a crossing recorded before"
    )
    declaration_id: str | None = Field(
        default=None, max_length=64, description="The cargo declaration targeting scored"
    )

    @field_validator("policy")
    @classmethod
    def _no_policy(cls, _value: object) -> object:
        raise ValueError(
            "the port's policy in force applies, a request cannot choose one; a supervisor "
            "sets it with PUT /inspection/ports/{port}/policy"
        )

    @field_validator("secondary_in_use")
    @classmethod
    def _no_occupancy(cls, _value: object) -> object:
        raise ValueError(
            "the node counts the port's open referrals itself; do not send secondary_in_use"
        )


class SecondaryOut(BaseModel):
    found: bool
    critical: bool
    what: str
    officer: str
    selected_by: str = Field(description="random, model (targeting) or port")
    reported_at: dt.datetime
    audit_seq: int


class DecisionOut(BaseModel):
    arrival_id: str
    outcome: str
    primary_interview: bool
    reasons: list[str]
    referred_by: list[str]
    officer: str
    authority: str
    policy: str
    policy_version: int | None = Field(description="The port policy version it was taken under")
    secondary_in_use: int | None = Field(description="Secondary bays counted occupied then")
    draw: float
    port: str
    entering: str = Field(description="The country the arrival entered")
    lane: str
    mode: str
    decided_at: dt.datetime
    local_day: dt.date
    crossing_id: str | None
    declaration_id: str | None
    audit_seq: int
    secondary: SecondaryOut | None = None


class OutcomeRequest(BaseModel):
    arrival_id: str = Field(min_length=1, max_length=64)
    found: bool
    what: str = Field(default="", max_length=512)
    critical: bool = False


class OutcomeOut(BaseModel):
    arrival_id: str
    selected_by: str
    declaration_id: str | None = Field(description="Labelled in targeting when present")
    audit_seq: int


class TravelerQuery(BaseModel):
    """Which traveler: a document they hold (personal data in the body, not the URL)."""

    model_config = ConfigDict(extra="forbid")

    issuing_country: str = Field(min_length=2, max_length=3)
    document_number: str = Field(min_length=1, max_length=24)
    doc_type: str | None = None


class TravelerOut(BaseModel):
    person_id: int
    decisions: list[DecisionOut]


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
        declaration_id=body.declaration_id,
    )


def _service(connection: Connection, settings: Settings, clock: Clock) -> InspectionService:
    skew = dt.timedelta(seconds=settings.clock_skew_seconds)
    ledger = LedgerService(
        connection,
        rules=CrossingRules(default_catalog(), now=clock, clock_skew=skew),
        on_recorded=[federation_hook],
        now=clock,
    )
    expiry = dt.timedelta(minutes=settings.inspection_referral_expiry_minutes)
    return InspectionService(connection, ledger=ledger, now=clock, referral_expiry=expiry)


def _officer(caller: Principal, connection: Connection, at: dt.datetime) -> Officer:
    """The caller as an officer, with the partners' deputations in force at ``at``."""
    deputations = DeputationRepository(connection).active_for(caller.user_id, at)
    return Officer(caller.actor, caller.country, deputations)


def _out(record: DecisionRecord) -> DecisionOut:
    secondary = record.secondary
    return DecisionOut(
        **record.fields(),
        secondary=None if secondary is None else SecondaryOut(**secondary.fields()),
    )


def _audit_read(connection: Connection, caller: Principal, what: str, subject: str) -> None:
    AuditLog(connection).append(
        action=f"inspection.read.{what}", actor=caller.actor, subject=subject
    )


@router.post("/decisions", status_code=status.HTTP_201_CREATED, summary="Decide one arrival")
def decide_arrival(
    body: DecisionRequest,
    caller: PortOfficer,
    connection: DbConnection,
    settings: NodeSettings,
    clock: NodeClock,
) -> DecisionOut:
    arrival = _arrival(body, settings.country, caller.actor)
    officer = _officer(caller, connection, clock())
    record = _service(connection, settings, clock).decide_at_port(
        arrival,
        officer,
        random.SystemRandom(),
        crossing=body.crossing,
        crossing_id=body.crossing_id,
    )
    return _out(record)


@router.post(
    "/outcomes",
    status_code=status.HTTP_201_CREATED,
    summary="Report what a secondary inspection found",
)
def report_outcome(
    body: OutcomeRequest,
    caller: PortOfficer,
    connection: DbConnection,
    settings: NodeSettings,
    clock: NodeClock,
) -> OutcomeOut:
    service = _service(connection, settings, clock)
    outcome = SecondaryOutcome(body.arrival_id, body.found, body.what, caller.actor, body.critical)
    secondary = service.secondary_outcome(outcome)
    declaration_id = service.decision(body.arrival_id).declaration_id
    return OutcomeOut(
        arrival_id=body.arrival_id,
        selected_by=secondary.selected_by,
        declaration_id=declaration_id,
        audit_seq=secondary.audit_seq,
    )


@router.get("/decisions", summary="The decisions at a port on one of its local days")
def port_day(
    port: str,
    day: dt.date,
    caller: PortOfficer,
    connection: DbConnection,
    settings: NodeSettings,
    clock: NodeClock,
) -> list[DecisionOut]:
    service = _service(connection, settings, clock)
    records = service.at_port(port, day)
    _audit_read(connection, caller, "port_day", f"port:{port}:{day.isoformat()}")
    return [_out(r) for r in records]


@router.get("/decisions/{arrival_id}", summary="One recorded decision, with its secondary result")
def show_decision(
    arrival_id: str,
    caller: PortOfficer,
    connection: DbConnection,
    settings: NodeSettings,
    clock: NodeClock,
) -> DecisionOut:
    record = _service(connection, settings, clock).decision(arrival_id)
    _audit_read(connection, caller, "decision", f"arrival:{arrival_id}")
    return _out(record)


@router.post("/history", summary="The decisions about a traveler, through the ledger")
def traveler_history(
    query: TravelerQuery,
    caller: PortOfficer,
    connection: DbConnection,
    settings: NodeSettings,
    clock: NodeClock,
) -> TravelerOut:
    found = _service(connection, settings, clock).traveler(
        query.issuing_country, query.document_number, query.doc_type
    )
    _audit_read(connection, caller, "history", f"person:{found.person_id}")
    return TravelerOut(person_id=found.person_id, decisions=[_out(r) for r in found.decisions])
