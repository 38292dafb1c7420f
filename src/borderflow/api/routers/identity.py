"""Identity over HTTP: MRZ reads, credential batches, presentations at the port, records.

Personal data (MRZ contents, verified claims) goes only to officers and supervisors; a
traveler reads their own crossing records by proving possession of the credential copy
they used, which is the authorisation (any authenticated caller, e.g. a public kiosk).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from borderflow.api.deps import DbConnection, NodeSettings, require_roles
from borderflow.errors import InvalidInput
from borderflow.identity import ProgramMembership, TravelerClaims
from borderflow.identity.mrz import mrz_result_to_dict, parse_mrz, parse_with_repair
from borderflow.identity.records import CrossingClaimsRepository
from borderflow.identity.repository import TrustListRepository
from borderflow.identity.retention import RetentionPolicy
from borderflow.identity.service import IdentityNode, port_audience
from borderflow.identity.status import CredentialStatus
from borderflow.identity.status_http import STATUS_LIST_MEDIA_TYPE
from borderflow.identity.statuses import StatusListRepository
from borderflow.users import Principal, Role

__all__ = ["current_time", "router"]

router = APIRouter(prefix="/identity", tags=["identity"])

Officer = Annotated[Principal, Depends(require_roles(Role.OFFICER, Role.SUPERVISOR))]
Supervisor = Annotated[Principal, Depends(require_roles(Role.SUPERVISOR))]
ProgramAdmin = Annotated[Principal, Depends(require_roles(Role.PROGRAM_ADMIN))]
TrustReader = Annotated[
    Principal,
    Depends(require_roles(Role.OFFICER, Role.SUPERVISOR, Role.PROGRAM_ADMIN, Role.OBSERVER)),
]
TrustAdmin = Annotated[Principal, Depends(require_roles(Role.SUPERVISOR, Role.PROGRAM_ADMIN))]
AnyRole = Annotated[Principal, Depends(require_roles(*Role))]


def current_time() -> dt.datetime:
    """The request's clock (tests override this dependency to pin time)."""
    return dt.datetime.now(dt.UTC)


Now = Annotated[dt.datetime, Depends(current_time)]


def identity_node(request: Request, settings: NodeSettings) -> IdentityNode:
    """The node's issuer identity, loaded once (its key file is created at first use)."""
    node: IdentityNode | None = getattr(request.app.state, "identity_node", None)
    if node is None:
        node = IdentityNode.from_settings(settings)
        request.app.state.identity_node = node
    return node


Node = Annotated[IdentityNode, Depends(identity_node)]


class MrzRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lines: list[str] = Field(min_length=2, max_length=3)
    repair: bool = False


class NonceRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    port: str = Field(min_length=1, max_length=16)


class PresentationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    port: str = Field(min_length=1, max_length=16)
    presentation: str = Field(min_length=1, max_length=64_000)
    requested: list[str] | None = None
    reason: str | None = None
    note: str | None = Field(default=None, max_length=512)


class RetentionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str
    note: str = Field(min_length=1, max_length=512)


class ProgramInput(BaseModel):
    program: str = Field(min_length=1, max_length=32)
    status: str = Field(min_length=1, max_length=32)
    valid_until: dt.date | None = None


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    family_name: str = Field(max_length=128)
    given_name: str = Field(max_length=128)
    birthdate: dt.date
    nationality: str = Field(min_length=3, max_length=3)
    document_number: str = Field(min_length=1, max_length=24)
    document_expiry: dt.date
    programs: list[ProgramInput] = []
    photo_ref: str | None = None
    holder_keys: list[dict[str, Any]] = Field(min_length=1, max_length=100)


class TrustRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    issuer: str = Field(min_length=1, max_length=256)
    jwk: dict[str, Any]


@router.post("/mrz", summary="Parse and check a machine-readable zone")
def read_mrz(body: MrzRequest, caller: Officer) -> dict[str, Any]:
    _ = caller
    result = parse_with_repair(body.lines) if body.repair else parse_mrz(body.lines)
    return mrz_result_to_dict(result)


@router.post("/nonces", summary="A fresh nonce for one presentation at a port")
def new_nonce(
    body: NonceRequest, caller: AnyRole, connection: DbConnection, node: Node, now: Now
) -> dict[str, str]:
    _ = caller
    return {"nonce": node.nonce(connection, body.port, now=now), "aud": port_audience(body.port)}


@router.post("/presentations", summary="Verify a presentation at a port and keep its claims")
def verify_presentation(
    body: PresentationRequest, caller: Officer, connection: DbConnection, node: Node, now: Now
) -> dict[str, Any]:
    _ = caller
    reason = RetentionPolicy.reason(body.reason) if body.reason else None
    record_id, verification = node.verify(
        connection,
        body.presentation,
        port=body.port,
        now=now,
        requested=body.requested,
        reason=reason,
        note=body.note,
    )
    record = CrossingClaimsRepository(connection, node.policy).get(record_id)
    return {
        "record_id": record_id,
        "issuer": verification.issuer,
        "claims": verification.claims,
        "retain_until": record["retain_until"],
    }


@router.get("/records/{record_id}", summary="Verified claims of one crossing (until purged)")
def get_record(record_id: str, caller: Officer, connection: DbConnection) -> dict[str, Any]:
    _ = caller
    return CrossingClaimsRepository(connection).get(record_id)


@router.post("/records/{record_id}/retention", summary="Keep claims longer, saying why")
def extend_record(
    record_id: str,
    body: RetentionRequest,
    caller: Officer,
    connection: DbConnection,
    node: Node,
    now: Now,
) -> dict[str, Any]:
    return CrossingClaimsRepository(connection, node.policy).extend(
        record_id,
        RetentionPolicy.reason(body.reason),
        note=body.note,
        actor=caller.actor,
        now=now,
    )


@router.post("/purge", summary="Purge verified claims past their retention (audited)")
def purge(caller: Supervisor, connection: DbConnection, now: Now) -> dict[str, int]:
    return {"purged": CrossingClaimsRepository(connection).purge(now=now, actor=caller.actor)}


class ProofRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    port: str = Field(min_length=1, max_length=16)
    proof: str = Field(min_length=1, max_length=64_000)


@router.post("/my-records", summary="A traveler's own records, by proof of the copy used")
def my_records(
    body: ProofRequest, caller: AnyRole, connection: DbConnection, node: Node, now: Now
) -> list[dict[str, Any]]:
    _ = caller
    return node.traveler_records(connection, body.proof, port=body.port, now=now)


@router.post("/batches", summary="Issue a batch of single-use known-traveler credentials")
def issue_batch(
    body: BatchRequest, caller: ProgramAdmin, connection: DbConnection, node: Node, now: Now
) -> dict[str, Any]:
    _ = caller
    traveler = TravelerClaims(
        family_name=body.family_name,
        given_name=body.given_name,
        birthdate=body.birthdate,
        nationality=body.nationality,
        document_number=body.document_number,
        document_expiry=body.document_expiry,
        programs=tuple(
            ProgramMembership(p.program, p.status, p.valid_until) for p in body.programs
        ),
        photo_ref=body.photo_ref,
    )
    node.trust_self(connection, now=now)
    batch_id, credentials = node.issue_batch(connection, traveler, body.holder_keys, now=now)
    return {"batch_id": batch_id, "credentials": credentials}


@router.post("/batches/{batch_id}/status", summary="Revoke, suspend or reinstate a batch")
def set_batch_status(
    batch_id: str, status: str, caller: ProgramAdmin, connection: DbConnection, now: Now
) -> dict[str, int]:
    _ = caller
    code = {s.name.lower(): s for s in CredentialStatus}.get(status.lower())
    if code is None:
        raise InvalidInput("status is valid, invalid or suspended", field="status")
    changed = StatusListRepository(connection).set_batch_status(batch_id, code, now=now)
    return {"copies": changed}


@router.get("/status-list", summary="The signed Token Status List of this node")
def status_list(
    uri: str, caller: AnyRole, connection: DbConnection, node: Node, now: Now
) -> dict[str, str]:
    _ = caller
    token = StatusListRepository(connection).token(
        uri, issuer=node.issuer_id, key=node.key, now=now
    )
    return {"status_list_token": token}


@router.get(
    "/status-lists/{list_id}",
    summary="A Token Status List of this node (public: it names no one)",
    response_class=Response,
    responses={200: {"content": {STATUS_LIST_MEDIA_TYPE: {}}}},
)
def published_status_list(
    list_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$")],
    connection: DbConnection,
    node: Node,
    now: Now,
) -> Response:
    """The signed list at the URI written in this node's credentials, for any port to
    fetch without credentials: it is bits at random indexes, linked to no traveler."""
    token = node.status_list_token(connection, node.status_uri_for(list_id), now=now)
    return Response(
        token,
        media_type=STATUS_LIST_MEDIA_TYPE,
        headers={"Cache-Control": "public, max-age=300"},
    )


@router.get("/trust", summary="Issuer keys this node accepts")
def trust_list(caller: TrustReader, connection: DbConnection) -> list[dict[str, Any]]:
    _ = caller
    return TrustListRepository(connection).entries()


@router.post("/trust", summary="Trust an issuer key (or load one published by federation)")
def add_trust(
    body: TrustRequest, caller: TrustAdmin, connection: DbConnection, now: Now
) -> dict[str, str]:
    thumb = TrustListRepository(connection).add(body.issuer, body.jwk, source=caller.actor, now=now)
    return {"issuer": body.issuer, "thumbprint": thumb}
