"""HTTP face of federation: node identity, event receipt, and read-only status for staff.

``POST /federation/events`` is called by partner nodes, not users: it authenticates each
event by its signature against the pinned key of its origin, so it takes no API token.
Everything else needs a user token with a staff role.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from borderflow.api.deps import DbConnection, NodeSettings, get_engine, require_roles
from borderflow.audit import AuditLog
from borderflow.errors import ConfigurationError, InvalidInput
from borderflow.federation.delivery import IDENTITY_TYP
from borderflow.federation.envelope import PROTOCOLS
from borderflow.federation.inbox import Inbox
from borderflow.federation.keys import NodeKey
from borderflow.federation.repository import AgreementRepository, NodeRepository, PeerRepository
from borderflow.federation.signing import sign
from borderflow.federation.tables import federation_streams
from borderflow.users import Principal, Role

__all__ = ["router"]

router = APIRouter(prefix="/federation", tags=["federation"])
log = logging.getLogger(__name__)

_STAFF = (Role.OFFICER, Role.SUPERVISOR, Role.TARGETER, Role.PROGRAM_ADMIN, Role.OBSERVER)
Staff = Annotated[Principal, Depends(require_roles(*_STAFF))]
Supervisor = Annotated[Principal, Depends(require_roles(Role.SUPERVISOR))]


class EventBatch(BaseModel):
    """Protocol 1: ``events``, a JWS each. Protocol 2: ``batch``, one JWS over the hashes of
    ``envelopes`` (docs/federation.md, "Delivery")."""

    events: list[str] = Field(
        default_factory=list, max_length=5000, description="Protocol 1: compact JWS events."
    )
    batch: str | None = Field(
        default=None, max_length=600_000, description="Protocol 2: the batch's compact JWS."
    )
    envelopes: list[str] = Field(
        default_factory=list,
        max_length=5000,
        description="Protocol 2: each envelope's JSON text, in order.",
    )


def _node_key(request: Request) -> NodeKey:
    key: NodeKey | None = getattr(request.app.state, "node_key", None)
    if key is None:
        raise ConfigurationError(
            "this service runs without its node key: start it with "
            "'borderflow node run --home DIR'",
            field="home",
        )
    return key


@router.get("/node")
def node_identity(
    request: Request,
    connection: DbConnection,
    challenge: Annotated[str, Query(min_length=8, max_length=128)],
    partner: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
    agreement_hash: Annotated[str | None, Query(max_length=64)] = None,
) -> dict[str, Any]:
    """This node's public identity, signed together with the caller's challenge.

    With ``partner`` (a country), the claims also name the agreement held with it, so a
    sender can check that both hold the same version before anything leaves it.
    """
    me = NodeRepository(connection).get()
    claims: dict[str, Any] = {
        "node_id": me.node_id,
        "name": me.name,
        "country": me.country,
        "public_key": me.public_key,
        "challenge": challenge,
        "protocols": list(PROTOCOLS),
    }
    if partner is not None:
        held = AgreementRepository(connection).for_partner(partner.upper())
        claims["agreement"] = (
            None if held is None else {"id": held.id, "version": held.version, "hash": held.hash}
        )
        if agreement_hash is not None and (held is None or held.hash != agreement_hash):
            log.warning(
                "partner %s offers agreement hash %s; this node holds %s: nothing will flow",
                partner.upper(),
                agreement_hash[:12] or "(none)",
                f"{held.id} v{held.version} (hash {held.hash[:12]})" if held else "no agreement",
            )
    token = sign(claims, _node_key(request).private, kid=me.node_id, typ=IDENTITY_TYP)
    return {**claims, "token": token}


@router.post("/events")
def receive_events(
    batch: EventBatch,
    engine: Annotated[Engine, Depends(get_engine)],
    settings: NodeSettings,
) -> dict[str, Any]:
    """Verify, check and apply signed events from partner nodes (authenticated by signature).

    The transaction is committed before the answer leaves: an acknowledgement always
    means the events are stored (a request-scoped connection would commit after the
    response is sent, and a failed commit would lose acknowledged events).
    """
    skew = dt.timedelta(seconds=settings.clock_skew_seconds)
    if batch.batch is None and batch.envelopes:
        raise InvalidInput("envelopes come with the batch signature", field="batch")
    if batch.batch is not None and batch.events:
        raise InvalidInput("a signed batch carries envelopes, not events", field="events")
    with engine.begin() as connection:
        inbox = Inbox(connection, NodeRepository(connection).get(), skew=skew)
        if batch.batch is None:
            result = inbox.receive(batch.events)
        else:
            result = inbox.receive_batch(batch.batch, batch.envelopes)
    return {
        "acked": result.acked,
        "applied": result.applied,
        "duplicates": result.duplicates,
        "rejected": [
            {"index": r.index, "event_id": r.event_id, "seq": r.seq, "reason": r.reason}
            for r in result.rejected
        ],
        "audit_head": result.audit_head,
    }


@router.get("/peers")
def list_peers(_caller: Staff, connection: DbConnection) -> list[dict[str, Any]]:
    """Pinned partners with their delivery state (no personal data)."""
    streams = {r.destination: r for r in connection.execute(federation_streams.select())}
    out = []
    for peer in PeerRepository(connection).all():
        stream = streams.get(peer.node_id)
        out.append(
            {
                "node_id": peer.node_id,
                "name": peer.name,
                "country": peer.country,
                "url": peer.url,
                "public_key": peer.public_key,
                "queued": int(stream.last_seq) if stream else 0,
                "acknowledged": int(stream.acked_seq) if stream else 0,
                "last_error": stream.last_error if stream else None,
            }
        )
    return out


@router.get("/agreements")
def list_agreements(_caller: Staff, connection: DbConnection) -> list[dict[str, Any]]:
    return [
        {
            "id": a.id,
            "version": a.version,
            "hash": a.hash,
            "parties": list(a.parties),
            "purpose": a.purpose,
        }
        for a in AgreementRepository(connection).all()
    ]


@router.get("/audit/verify")
def verify_audit(_caller: Supervisor, connection: DbConnection) -> dict[str, Any]:
    log = AuditLog(connection)
    problems = log.verify()
    return {
        "entries": log.count(),
        "intact": not problems,
        "problems": [{"seq": p.seq, "problem": p.problem} for p in problems],
    }
