"""``/targeting``: cargo declarations, risk scores with reasons, selection, outcomes, models.

Officers, supervisors and targeters score and select (declarations name traders, so
``observer`` and ``public`` do not); officers and supervisors record outcomes; targeters
and supervisors load declarations, rule sets and promote models; observers may read the
model registry and rule sets (no trader data in either).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field, model_validator

from borderflow.api.deps import DbConnection, require_roles
from borderflow.serialize import to_jsonable
from borderflow.targeting import Capacity, Declaration, Outcome, parse_rule_set, select
from borderflow.targeting.repository import TargetingRepository
from borderflow.users import Principal, Role

__all__ = ["router"]

router = APIRouter(prefix="/targeting", tags=["targeting"])

Scoring = Annotated[Principal, Depends(require_roles(Role.OFFICER, Role.SUPERVISOR, Role.TARGETER))]
Inspectors = Annotated[Principal, Depends(require_roles(Role.OFFICER, Role.SUPERVISOR))]
Targeters = Annotated[Principal, Depends(require_roles(Role.TARGETER, Role.SUPERVISOR))]
Readers = Annotated[
    Principal,
    Depends(require_roles(Role.OFFICER, Role.SUPERVISOR, Role.TARGETER, Role.OBSERVER)),
]
_MAX_BATCH = 10_000


class DeclarationBody(BaseModel):
    """An import declaration as filed (no inspection result)."""

    declaration_id: str = Field(min_length=1, max_length=64)
    date: dt.date
    office_id: str = Field(min_length=1, max_length=32)
    importer_id: str = Field(min_length=1, max_length=64)
    declarant_id: str = Field(min_length=1, max_length=64)
    hs_code: str = Field(pattern=r"^\d{6,10}$")
    origin_country: str = Field(pattern=r"^[A-Z]{2}$")
    departure_country: str = Field(pattern=r"^[A-Z]{2}$")
    transport_mode: str = Field(min_length=1, max_length=16)
    net_mass: float = Field(ge=0, allow_inf_nan=False)
    item_price: float = Field(ge=0, allow_inf_nan=False)
    tax_rate: float = Field(ge=0, le=1000, allow_inf_nan=False)
    tax_type: str = Field(min_length=1, max_length=16)
    seller_id: str | None = Field(default=None, max_length=64)
    courier_id: str | None = Field(default=None, max_length=64)
    process_type: str = Field(default="", max_length=16)
    import_type: str = Field(default="", max_length=16)
    import_use: str = Field(default="", max_length=16)
    payment_type: str = Field(default="", max_length=16)
    origin_indicator: str = Field(default="", max_length=16)

    def to_declaration(self) -> Declaration:
        return Declaration(**self.model_dump())


class Batch(BaseModel):
    declarations: list[DeclarationBody] = Field(min_length=1, max_length=_MAX_BATCH)


class ScoreRequest(BaseModel):
    """Declarations given inline, or the ids of stored ones; optionally a stored rule set."""

    declarations: list[DeclarationBody] = Field(default_factory=list, max_length=_MAX_BATCH)
    declaration_ids: list[str] = Field(default_factory=list, max_length=_MAX_BATCH)
    rule_set: str | None = None

    @model_validator(mode="after")
    def _something(self) -> ScoreRequest:
        if not self.declarations and not self.declaration_ids:
            raise ValueError("give declarations or declaration_ids")
        return self


class SelectRequest(ScoreRequest):
    rate: float | None = Field(default=None, ge=0, le=1)
    count: int | None = Field(default=None, ge=0)
    random_share: float = Field(default=0.10, ge=0, le=1)
    seed: int = 0


class OutcomeBody(BaseModel):
    declaration_id: str = Field(min_length=1, max_length=64)
    fraud: bool
    critical: bool = False
    inspected_on: dt.date | None = None
    note: str = Field(default="", max_length=512)


def _declarations(body: ScoreRequest, repository: TargetingRepository) -> list[Declaration]:
    inline = [d.to_declaration() for d in body.declarations]
    stored = [repository.declaration(i) for i in body.declaration_ids]
    return inline + stored


def _scores(body: ScoreRequest, connection: DbConnection, *, explain: bool) -> Any:
    # Loads LightGBM on the first score, not when the app starts.
    from borderflow.targeting.service import champion_scorer  # noqa: PLC0415

    repository = TargetingRepository(connection)
    rules = repository.rule_set(body.rule_set) if body.rule_set else None
    scorer = champion_scorer(connection, rules)
    return scorer.score_many(_declarations(body, repository), explain=explain)


@router.post("/declarations", status_code=201)
def add_declarations(body: Batch, _caller: Targeters, connection: DbConnection) -> dict[str, int]:
    """Store a batch of declarations, all or none."""
    declarations = [d.to_declaration() for d in body.declarations]
    stored = TargetingRepository(connection).add_declarations(declarations, source="api")
    return {"stored": stored}


@router.get("/declarations/{declaration_id}")
def get_declaration(declaration_id: str, _caller: Scoring, connection: DbConnection) -> Any:
    return to_jsonable(TargetingRepository(connection).declaration(declaration_id))


@router.post("/score")
def score(body: ScoreRequest, _caller: Scoring, connection: DbConnection) -> Any:
    """Risk score of each declaration with its reasons, from the champion model and rules."""
    return {"scores": to_jsonable(_scores(body, connection, explain=True))}


@router.post("/select")
def select_inspections(body: SelectRequest, _caller: Scoring, connection: DbConnection) -> Any:
    """What to inspect under the capacity (default 10%), with a random share."""
    capacity = Capacity(rate=body.rate, count=body.count)
    if body.rate is None and body.count is None:
        capacity = Capacity(rate=0.10)
    scores = _scores(body, connection, explain=False)
    picks = select(scores, capacity, random_share=body.random_share, seed=body.seed)
    return {"selections": to_jsonable(picks)}


@router.post("/outcomes", status_code=201)
def record_outcome(body: OutcomeBody, caller: Inspectors, connection: DbConnection) -> Any:
    """Record what an inspection found (audited); retraining learns from it."""
    outcome = Outcome(body.declaration_id, body.fraud, body.critical, body.inspected_on, body.note)
    TargetingRepository(connection).record_outcome(outcome, actor=caller.actor)
    return to_jsonable(outcome)


@router.get("/models")
def list_models(_caller: Readers, connection: DbConnection) -> Any:
    """The model registry with each model's card."""
    return {"models": to_jsonable(TargetingRepository(connection).models())}


@router.post("/models/{version}/promote")
def promote_model(version: str, caller: Targeters, connection: DbConnection) -> Any:
    entry = TargetingRepository(connection).promote(
        version, actor=caller.actor, reason={"by": "api"}
    )
    return to_jsonable(entry)


@router.post("/rule-sets", status_code=201)
def add_rule_set(document: dict[str, Any], _caller: Targeters, connection: DbConnection) -> Any:
    """Store a rule set version (the YAML document as JSON); versions are immutable."""
    rule_set = parse_rule_set(document)
    TargetingRepository(connection).save_rule_set(rule_set)
    return {"name": rule_set.name, "version": rule_set.version, "state": rule_set.state}


@router.get("/rule-sets")
def list_rule_sets(_caller: Readers, connection: DbConnection) -> Any:
    return {"rule_sets": TargetingRepository(connection).rule_sets()}
