"""A port's inspection policy over HTTP: supervisors set it, officers and supervisors read it.

Every setting is a new version (never an update), in force from its ``effective_from``;
the decisions taken at the port record the version they were taken under. The random-check
rate is kept from every other role: random checks deter only while their rate is unknown
to travellers (docs/security.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, status
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from sqlalchemy import Connection

from borderflow.api.deps import Clock, DbConnection, NodeClock, NodeSettings, require_roles
from borderflow.inspection import Policy, PolicyVersion, policy_kind
from borderflow.inspection.policy_service import PolicyService
from borderflow.inspection.port_policy import status_of
from borderflow.settings import Settings
from borderflow.users import Principal, Role

__all__ = ["router"]

router = APIRouter(prefix="/ports", tags=["inspection"])

Supervisor = Annotated[Principal, Depends(require_roles(Role.SUPERVISOR))]
PortStaff = Annotated[Principal, Depends(require_roles(Role.OFFICER, Role.SUPERVISOR))]
Share = Annotated[float, Field(ge=0, le=1)]


class PolicyIn(BaseModel):
    """A port's policy from ``effective_from`` (default: now); thresholds default as shown."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["legacy", "cbm"]
    random_check_rate: Share = Field(description="Share of released arrivals checked at random")
    secondary_capacity: int = Field(ge=0, description="Secondary inspection bays")
    risk_threshold: Share | None = Field(default=None, description="Targeting score (0.99)")
    screening_refer_threshold: Share | None = Field(default=None, description="Refer (0.85)")
    screening_hold_threshold: Share | None = Field(default=None, description="Hold (0.97)")
    effective_from: AwareDatetime | None = Field(
        default=None, description="When it takes effect: now or later, with a UTC offset"
    )

    def policy(self) -> Policy:
        thresholds = {
            name: value
            for name in ("risk_threshold", "screening_refer_threshold", "screening_hold_threshold")
            if (value := getattr(self, name)) is not None
        }
        return Policy(
            policy_kind(self.kind, field="kind"),
            random_check_rate=self.random_check_rate,
            secondary_capacity=self.secondary_capacity,
            **thresholds,
        )


class PolicyOut(BaseModel):
    version: int = Field(description="The id each decision taken under it records")
    port: str
    kind: str
    random_check_rate: float
    secondary_capacity: int
    risk_threshold: float
    screening_refer_threshold: float
    screening_hold_threshold: float
    effective_from: dt.datetime
    set_by: str
    set_at: dt.datetime
    audit_seq: int
    status: str = Field(description="in_force, scheduled or superseded, now")


class OverviewOut(BaseModel):
    port: str
    port_name: str
    current: PolicyOut | None = Field(description="None: decisions at the port are refused")
    scheduled: list[PolicyOut]
    open_referrals: int = Field(
        description="Referred or held arrivals without a result, younger than the referral "
        "expiry: the secondary bays the next decision sees as occupied"
    )
    stale_referrals: int = Field(
        description="Older referrals whose result never came: still owed, no longer occupying"
    )


def _service(connection: Connection, settings: Settings, clock: Clock) -> PolicyService:
    skew = dt.timedelta(seconds=settings.clock_skew_seconds)
    expiry = dt.timedelta(minutes=settings.inspection_referral_expiry_minutes)
    return PolicyService(
        connection, country=settings.country, now=clock, clock_skew=skew, referral_expiry=expiry
    )


def _out(version: PolicyVersion, state: str) -> PolicyOut:
    return PolicyOut(
        version=version.version,
        port=version.port,
        **version.policy.fields(),
        effective_from=version.effective_from,
        set_by=version.set_by,
        set_at=version.set_at,
        audit_seq=version.audit_seq,
        status=state,
    )


@router.put(
    "/{port}/policy",
    status_code=status.HTTP_201_CREATED,
    summary="Set a port's inspection policy (a new version)",
)
def set_policy(
    port: str,
    body: PolicyIn,
    caller: Supervisor,
    connection: DbConnection,
    settings: NodeSettings,
    clock: NodeClock,
) -> PolicyOut:
    service = _service(connection, settings, clock)
    added = service.set(
        port, body.policy(), set_by=caller.actor, effective_from=body.effective_from
    )
    return _out(added, status_of(added, service.history(added.port), clock()))


@router.get("/{port}/policy", summary="A port's policy in force, those scheduled, its load")
def show_policy(
    port: str,
    _caller: PortStaff,
    connection: DbConnection,
    settings: NodeSettings,
    clock: NodeClock,
) -> OverviewOut:
    found = _service(connection, settings, clock).overview(port)
    return OverviewOut(
        port=found.port,
        port_name=found.port_name,
        current=None if found.current is None else _out(found.current, "in_force"),
        scheduled=[_out(v, "scheduled") for v in found.scheduled],
        open_referrals=found.open_referrals,
        stale_referrals=found.stale_referrals,
    )


@router.get("/{port}/policy/history", summary="Every version of a port's policy")
def policy_history(
    port: str,
    _caller: PortStaff,
    connection: DbConnection,
    settings: NodeSettings,
    clock: NodeClock,
) -> list[PolicyOut]:
    versions = _service(connection, settings, clock).history(port)
    now = clock()
    return [_out(v, status_of(v, versions, now)) for v in versions]
