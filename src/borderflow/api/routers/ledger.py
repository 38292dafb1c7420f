"""The ledger over HTTP: record crossings, import files, ask about travelers, count flows.

Reads of personal data are written to the audit log with the caller's identity.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from borderflow.api.deps import DbConnection, NodeSettings, require_roles
from borderflow.errors import InvalidInput, NotFound, Problem
from borderflow.federation.outbox import federation_hook
from borderflow.ledger import CrossingInput, CrossingRules, LedgerService, TravelHistory
from borderflow.ledger.importer import ImportReport, import_file
from borderflow.ledger.repository import OverstayRow, StatRow
from borderflow.ledger.travel import Anomaly, CrossingRecord, Presence
from borderflow.reference import default_catalog
from borderflow.users import PERSONAL_DATA_ROLES, Principal, Role

__all__ = ["router"]

router = APIRouter(prefix="/ledger", tags=["ledger"])

Recorder = Annotated[Principal, Depends(require_roles(Role.OFFICER, Role.SUPERVISOR))]
PersonalReader = Annotated[Principal, Depends(require_roles(*PERSONAL_DATA_ROLES))]
AnyRole = Annotated[Principal, Depends(require_roles(*Role))]


class DocumentQuery(BaseModel):
    """Which traveler: a document they hold (personal data travels in the body, not the URL)."""

    model_config = ConfigDict(extra="forbid")

    issuing_country: str = Field(min_length=2, max_length=3)
    document_number: str = Field(min_length=1, max_length=24)
    doc_type: str | None = None
    as_of: dt.datetime | None = Field(default=None, description="For presence; default now")


class RecordReply(BaseModel):
    id: str
    created: bool


def _service(connection: DbConnection, settings: NodeSettings) -> LedgerService:
    skew = dt.timedelta(seconds=settings.clock_skew_seconds)
    return LedgerService(
        connection,
        rules=CrossingRules(default_catalog(), clock_skew=skew),
        on_recorded=[federation_hook],
    )


Ledger = Annotated[LedgerService, Depends(_service)]


@router.post(
    "/crossings",
    summary="Record one crossing (entry into `to`, exit from `from`)",
    status_code=status.HTTP_201_CREATED,
)
def record_crossing(
    item: CrossingInput, caller: Recorder, ledger: Ledger, response: Response
) -> RecordReply:
    result = ledger.record(item, recorded_by=caller.actor)
    if not result.created:
        response.status_code = status.HTTP_200_OK
    return RecordReply(id=result.crossing.id, created=result.created)


@router.post("/crossings/batch", summary="Record crossings all together or not at all")
def record_batch(items: list[CrossingInput], caller: Recorder, ledger: Ledger) -> dict[str, Any]:
    validated, problems = [], []
    for index, item in enumerate(items):
        try:
            validated.append(ledger.rules.validate(item))
        except InvalidInput as error:
            problems += [Problem(f"{index}.{p.field}", p.message) for p in error.problems]
    if problems:
        raise InvalidInput.of(problems)
    result = ledger.record_validated(validated, recorded_by=caller.actor)
    return {"created": [c.id for c in result.created], "duplicates": result.duplicates}


@router.post("/imports", summary="Import a CSV or JSON Lines file sent as the request body")
async def import_crossings(
    request: Request,
    caller: Recorder,
    settings: NodeSettings,
    format: Annotated[str, Query(pattern="^(csv|jsonl)$")] = "csv",  # noqa: A002
) -> ImportReport:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload.{format}"
        with path.open("wb") as handle:
            async for chunk in request.stream():
                handle.write(chunk)
        return await run_in_threadpool(
            import_file,
            request.app.state.engine,
            path,
            recorded_by=caller.actor,
            rules=CrossingRules(default_catalog()),
            batch_size=settings.import_batch_size,
            hooks=[federation_hook],
        )


@router.get("/crossings/{crossing_id}", summary="One recorded crossing")
def show_crossing(crossing_id: str, caller: PersonalReader, ledger: Ledger) -> CrossingRecord:
    record = ledger.repository.crossing(crossing_id)
    if record is None:
        raise NotFound(f"no crossing with id {crossing_id}", field="crossing_id")
    ledger.audit_read(caller.actor, "crossing", f"crossing:{crossing_id}")
    return record


@router.post("/history", summary="A traveler's crossings across renewed documents")
def history(query: DocumentQuery, caller: PersonalReader, ledger: Ledger) -> TravelHistory:
    person_id = ledger.person_for(query.issuing_country, query.document_number, query.doc_type)
    ledger.audit_read(caller.actor, "history", f"person:{person_id}")
    return ledger.history(person_id)


@router.post("/presence", summary="Where the records place a traveler")
def presence(query: DocumentQuery, caller: PersonalReader, ledger: Ledger) -> Presence:
    person_id = ledger.person_for(query.issuing_country, query.document_number, query.doc_type)
    ledger.audit_read(caller.actor, "presence", f"person:{person_id}")
    return ledger.presence(person_id, query.as_of)


@router.get("/overstays", summary="Admissions that ran out with no exit, as of a date")
def overstays(
    caller: PersonalReader,
    ledger: Ledger,
    settings: NodeSettings,
    country: str | None = None,
    as_of: dt.date | None = None,
    include_departed: bool = False,
) -> list[OverstayRow]:
    where = country or settings.country
    ledger.audit_read(caller.actor, "overstays", f"country:{where}")
    return ledger.overstays(
        where, as_of or dt.datetime.now(dt.UTC).date(), include_departed=include_departed
    )


@router.get("/anomalies", summary="Entries without exits and exits without entries")
def anomalies(
    caller: PersonalReader, ledger: Ledger, limit: Annotated[int, Query(ge=1, le=10_000)] = 100
) -> list[Anomaly]:
    ledger.audit_read(caller.actor, "anomalies", "ledger")
    return ledger.anomalies(limit)


@router.get("/stats", summary="Crossings per port, day, mode and direction (no personal data)")
def stats(
    _caller: AnyRole,
    ledger: Ledger,
    port: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    mode: str | None = None,
    from_country: str | None = None,
    to_country: str | None = None,
) -> list[StatRow]:
    return ledger.stats(
        ledger.stat_filter(
            port=port,
            since=since,
            until=until,
            mode=mode,
            from_country=from_country,
            to_country=to_country,
        )
    )
