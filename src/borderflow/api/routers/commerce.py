"""``/commerce``: border-crossing cards, trip filing, the booth's card read and the
reopening queue.

``program_admin`` issues and revokes cards; a user acting for a carrier (linked with
``POST /programs/members/{id}/users``) files that carrier's trips; officers and
supervisors read cards at the booth (the answer names the driver: personal data) and
order the reopening queue.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends
from pydantic import AwareDatetime, BaseModel, Field

from borderflow.api.deps import AnyCaller, DbConnection, NodeClock, NodeSettings, require_roles
from borderflow.commerce import CommerceService, parse_filing
from borderflow.commerce.model import normalise_card_number
from borderflow.commerce.views import card_read_view, card_view, queue_view, trip_view
from borderflow.errors import Forbidden
from borderflow.programs import MemberRef
from borderflow.programs.views import standing_view
from borderflow.users import Principal, Role

__all__ = ["router"]

router = APIRouter(prefix="/commerce", tags=["commerce"])

Admin = Annotated[Principal, Depends(require_roles(Role.PROGRAM_ADMIN))]
Booth = Annotated[Principal, Depends(require_roles(Role.OFFICER, Role.SUPERVISOR))]


def _service(connection: DbConnection, clock: NodeClock) -> CommerceService:
    return CommerceService(connection, clock=clock)


Commerce = Annotated[CommerceService, Depends(_service)]


class NewCard(BaseModel):
    driver: str = Field(description="CC:IDENTIFIER of the driver (a program member)")


class Revocation(BaseModel):
    reason: str = Field(min_length=1, max_length=256)


class CardReadBody(BaseModel):
    card_number: str
    lane: str = Field(min_length=1, max_length=16)
    trip_id: str | None = Field(default=None, description="Trip number shown with the card")


class WaitingTruckBody(BaseModel):
    card_number: str
    arrived_at: AwareDatetime


class ReopeningBody(BaseModel):
    trucks: list[WaitingTruckBody]


@router.post("/cards", status_code=201)
def issue_card(body: NewCard, _caller: Admin, service: Commerce) -> dict[str, Any]:
    card = service.issue_card(MemberRef.parse(body.driver, field="driver"))
    return card_view(card)


@router.post("/cards/{card_number}/revoke")
def revoke_card(
    card_number: str, body: Revocation, _caller: Admin, service: Commerce
) -> dict[str, Any]:
    card = service.revoke_card(normalise_card_number(card_number), body.reason)
    return card_view(card)


@router.post("/trips", status_code=201)
def file_trip(
    filing: Annotated[dict[str, Any], Body(description="The trip filing (see docs/commerce.md)")],
    caller: AnyCaller,
    service: Commerce,
) -> dict[str, Any]:
    """File a trip for the carrier the caller acts for, before the country's window."""
    repository = service.programs.repository
    member_id = repository.member_id_for_user(caller.user_id)
    if member_id is None:
        raise Forbidden("only a user acting for a carrier may file trips")
    filer = repository.member(member_id).ref
    trip = service.file_trip(parse_filing(filing), actor=caller.actor, filer=filer)
    return trip_view(trip)


@router.post("/reads")
def read_card(
    body: CardReadBody, _caller: Booth, service: Commerce, settings: NodeSettings
) -> dict[str, Any]:
    """One card read at a booth of this node's country: the trip and its lane eligibility."""
    read = service.read_card(
        normalise_card_number(body.card_number),
        lane=body.lane,
        country=settings.country,
        trip_id=body.trip_id,
    )
    return card_read_view(read)


@router.get("/cards/{card_number}/standing")
def card_standing(
    card_number: str, _caller: Booth, service: Commerce, settings: NodeSettings
) -> dict[str, Any]:
    """The programs standing, in this node's country, of the driver a card is linked to."""
    standing = service.status_for_card(normalise_card_number(card_number), settings.country)
    return standing_view(standing)


@router.post("/reopening-queue")
def reopening_queue(
    body: ReopeningBody, _caller: Booth, service: Commerce, settings: NodeSettings
) -> list[dict[str, Any]]:
    """The order in which trucks waiting at a closed port go when it reopens."""
    waiting = [(normalise_card_number(t.card_number), t.arrived_at) for t in body.trucks]
    return queue_view(service.queue_for_reopening(settings.country, waiting))
