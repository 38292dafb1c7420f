"""``/screening``: screen a name, see the lists in force, run the shared TCO list.

Screening answers name listed persons, so only officers, supervisors and targeters may
screen or read nominations; observers and the public see only which list versions are in
force. Nominating is for officers and targeters, review, removal and redress decisions
for supervisors. TCO changes return the event the federation carries to partners.
"""

from __future__ import annotations

import threading
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import Connection

from borderflow.api.deps import DbConnection, require_roles
from borderflow.screening import EntryKind, NominationStatus, RedressOutcome, ScreeningService
from borderflow.screening.query import (
    amend_entry,
    birth_date_field,
    nationality_field,
    tco_entry,
)
from borderflow.screening.repository import ListRepository, TcoRepository
from borderflow.screening.views import match_view, nomination_view, redress_view
from borderflow.screening.workflow import (
    catch_up_tco,
    decide_redress_request,
    file_redress_request,
    load_service,
    nominate_person,
    remove_nomination,
    review_nomination,
)
from borderflow.users import Principal, Role

__all__ = ["router"]

router = APIRouter(prefix="/screening", tags=["screening"])

Screeners = Annotated[
    Principal, Depends(require_roles(Role.OFFICER, Role.SUPERVISOR, Role.TARGETER))
]
Nominators = Annotated[Principal, Depends(require_roles(Role.OFFICER, Role.TARGETER))]
Supervisors = Annotated[Principal, Depends(require_roles(Role.SUPERVISOR))]
Staff = Annotated[
    Principal,
    Depends(require_roles(Role.OFFICER, Role.SUPERVISOR, Role.TARGETER, Role.OBSERVER)),
]

_build_lock = threading.Lock()


def _service(request: Request, connection: DbConnection) -> ScreeningService:
    """The node's screening service (``app.state.screening``), built from the database once.

    Its TCO list is brought up to date first when the stored one changed meanwhile (a
    partner's change received by the federation, or another worker's): one small query.
    """
    service: ScreeningService | None = getattr(request.app.state, "screening", None)
    if service is None:
        with _build_lock:
            service = getattr(request.app.state, "screening", None)
            if service is None:
                threshold = request.app.state.settings.screening_threshold
                service = load_service(connection, threshold=threshold)
                request.app.state.screening = service
    with _build_lock:
        catch_up_tco(connection, service)
    return service


Service = Annotated[ScreeningService, Depends(_service)]


def _refresh_tco(connection: Connection, service: ScreeningService) -> None:
    """Put the TCO list as this transaction now sees it in force.

    Done inside the request (so the next screening sees the change); if the commit then
    failed, the next request finds the stored revision different and reloads the list.
    """
    with _build_lock:
        catch_up_tco(connection, service)


class ScreenRequest(BaseModel):
    name: str = Field(min_length=1, max_length=512)
    dob: str | None = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD")
    nationality: str | None = Field(default=None, description="ISO 3166 code or name")
    gender: Literal["male", "female"] | None = None
    identifiers: list[str] = Field(default_factory=list, max_length=20)
    kind: EntryKind | None = None
    limit: int = Field(default=10, ge=1, le=100)


@router.post("/screen")
def screen(body: ScreenRequest, caller: Screeners, service: Service) -> dict[str, Any]:
    """Matches at or above the node's threshold, best first, each with its explanation."""
    screener = service.screener
    matches = screener.screen(
        body.name,
        dob=birth_date_field(body.dob),
        nationality=nationality_field(body.nationality),
        gender=body.gender,
        identifiers=body.identifiers,
        kinds=frozenset({body.kind}) if body.kind else None,
        limit=body.limit,
    )
    return {
        "threshold": screener.threshold,
        "screened_by": caller.actor,
        "matches": [match_view(m) for m in matches],
    }


@router.get("/lists")
def lists(_caller: Staff, connection: DbConnection, service: Service) -> dict[str, Any]:
    """Stored list versions and the number of entries in force per source."""
    versions = ListRepository(connection).versions()
    for version in versions:
        version["loaded_at"] = version["loaded_at"].isoformat()
    return {"in_force": service.sources, "versions": versions}


class Nominate(BaseModel):
    names: list[str] = Field(min_length=1, max_length=20)
    dob: str | None = None
    nationality: str | None = None
    gender: Literal["male", "female"] | None = None
    identifiers: list[tuple[str, str]] = Field(default_factory=list, max_length=20)
    organization: str = Field(min_length=1, max_length=256)
    basis: str = Field(min_length=1, max_length=4000)


class Decision(BaseModel):
    reason: str = Field(min_length=1, max_length=4000)


class Review(Decision):
    accept: bool


class Redress(BaseModel):
    requester: str = Field(min_length=1, max_length=256)
    grounds: str = Field(min_length=1, max_length=4000)


class RedressDecision(Decision):
    outcome: Literal["delisted", "amended", "maintained"]
    names: list[str] | None = Field(default=None, description="corrected names (amended)")
    dob: str | None = None
    nationality: str | None = None


@router.post("/tco/nominations", status_code=201)
def nominate(body: Nominate, caller: Nominators, connection: DbConnection) -> dict[str, Any]:
    entry = tco_entry(
        body.names,
        dob=body.dob,
        nationality=body.nationality,
        gender=body.gender,
        identifiers=body.identifiers,
    )
    nomination, event = nominate_person(
        connection,
        entry,
        organization=body.organization,
        basis=body.basis,
        country=caller.country,
        officer=caller.actor,
    )
    return {"nomination": nomination_view(nomination), "event": event.to_dict()}


@router.get("/tco/nominations")
def nominations(
    _caller: Screeners,
    connection: DbConnection,
    status: Annotated[NominationStatus | None, Query()] = None,
) -> list[dict[str, Any]]:
    return [nomination_view(n) for n in TcoRepository(connection).all(status)]


@router.post("/tco/nominations/{nomination_id}/review")
def review(
    nomination_id: str,
    body: Review,
    caller: Supervisors,
    connection: DbConnection,
    service: Service,
) -> dict[str, Any]:
    reviewed, event = review_nomination(
        connection,
        nomination_id,
        accept=body.accept,
        reason=body.reason,
        officer=caller.actor,
        country=caller.country,
    )
    _refresh_tco(connection, service)
    return {"nomination": nomination_view(reviewed), "event": event.to_dict()}


@router.post("/tco/nominations/{nomination_id}/remove")
def remove(
    nomination_id: str,
    body: Decision,
    caller: Supervisors,
    connection: DbConnection,
    service: Service,
) -> dict[str, Any]:
    removed, event = remove_nomination(
        connection, nomination_id, reason=body.reason, officer=caller.actor, country=caller.country
    )
    _refresh_tco(connection, service)
    return {"nomination": nomination_view(removed), "event": event.to_dict()}


@router.post("/tco/nominations/{nomination_id}/redress", status_code=201)
def redress(
    nomination_id: str, body: Redress, caller: Screeners, connection: DbConnection
) -> dict[str, Any]:
    """Record a listed person's request for review (filed by staff on their behalf)."""
    filed = file_redress_request(
        connection,
        nomination_id,
        requester=body.requester,
        grounds=body.grounds,
        actor=caller.actor,
    )
    return redress_view(filed)


@router.post("/tco/redress/{request_id}/decision")
def decide(
    request_id: str,
    body: RedressDecision,
    caller: Supervisors,
    connection: DbConnection,
    service: Service,
) -> dict[str, Any]:
    amended = None
    if body.outcome == "amended":
        tco = TcoRepository(connection)
        current = tco.get(tco.get_redress(request_id).nomination_id).entry
        amended = amend_entry(current, names=body.names, dob=body.dob, nationality=body.nationality)
    decided, nomination, event = decide_redress_request(
        connection,
        request_id,
        outcome=RedressOutcome(body.outcome),
        reason=body.reason,
        officer=caller.actor,
        country=caller.country,
        amended=amended,
    )
    _refresh_tco(connection, service)
    return {
        "redress": redress_view(decided),
        "nomination": nomination_view(nomination),
        "event": event.to_dict(),
    }
