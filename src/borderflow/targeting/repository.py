"""Declarations, outcomes, models and rule sets in the node's database.

Every method works in the caller's transaction: a batch of declarations is stored whole
or not at all, and an outcome or a promotion is committed with its audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from borderflow.audit import AuditLog
from borderflow.errors import Conflict, InvalidInput, NotFound
from borderflow.targeting.declaration import SELECTED_BY, Declaration, Outcome
from borderflow.targeting.rules import RuleSet, parse_rule_set
from borderflow.targeting.signing import key_id, to_public_key
from borderflow.targeting.tables import (
    targeting_declarations,
    targeting_models,
    targeting_outcomes,
    targeting_rule_sets,
)

__all__ = ["ModelEntry", "TargetingRepository"]

_DECLARED = [
    c.name for c in targeting_declarations.columns if c.name not in ("source", "imported_at")
]


@dataclass(frozen=True, slots=True)
class ModelEntry:
    """A model artifact the node knows: where it lies, its signed digest and its status."""

    version: str
    path: str
    digest: str
    signer: str
    public_key: str
    status: str
    card: dict[str, Any]
    registered_at: dt.datetime
    promoted_at: dt.datetime | None


class TargetingRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    # declarations and outcomes

    def add_declarations(self, declarations: Sequence[Declaration], *, source: str) -> int:
        """Store a batch; an id already stored refuses the whole batch (nothing half-written)."""
        ids = [d.declaration_id for d in declarations]
        known = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            known |= set(
                self.connection.execute(
                    select(targeting_declarations.c.declaration_id).where(
                        targeting_declarations.c.declaration_id.in_(chunk)
                    )
                ).scalars()
            )
        if known:
            sample = ", ".join(sorted(known)[:5])
            raise Conflict(
                f"{len(known)} declarations are stored already: {sample}", field="declaration_id"
            )
        now = _now()
        rows = [
            {**{n: getattr(d, n) for n in _DECLARED}, "source": source, "imported_at": now}
            for d in declarations
        ]
        if rows:
            self.connection.execute(insert(targeting_declarations), rows)
        return len(rows)

    def declarations(
        self, *, since: dt.date | None = None, until: dt.date | None = None
    ) -> list[Declaration]:
        """Stored declarations in date order, labelled where an outcome was recorded."""
        query = (
            select(
                targeting_declarations, targeting_outcomes.c.fraud, targeting_outcomes.c.critical
            )
            .select_from(targeting_declarations.outerjoin(targeting_outcomes))
            .order_by(targeting_declarations.c.date, targeting_declarations.c.declaration_id)
        )
        if since is not None:
            query = query.where(targeting_declarations.c.date >= since)
        if until is not None:
            query = query.where(targeting_declarations.c.date <= until)
        return [_declaration(row) for row in self.connection.execute(query)]

    def declaration(self, declaration_id: str) -> Declaration:
        query = (
            select(
                targeting_declarations, targeting_outcomes.c.fraud, targeting_outcomes.c.critical
            )
            .select_from(targeting_declarations.outerjoin(targeting_outcomes))
            .where(targeting_declarations.c.declaration_id == declaration_id)
        )
        row = self.connection.execute(query).first()
        if row is None:
            raise NotFound(f"no declaration {declaration_id!r}", field="declaration_id")
        return _declaration(row)

    def record_outcome(self, outcome: Outcome, *, actor: str) -> None:
        """Record what an inspection found; one outcome per declaration, audited."""
        if outcome.selected_by is not None and outcome.selected_by not in SELECTED_BY:
            allowed = ", ".join(sorted(SELECTED_BY))
            raise InvalidInput(
                f"unknown selection {outcome.selected_by!r}: expected one of {allowed}",
                field="selected_by",
            )
        self.declaration(outcome.declaration_id)
        exists = self.connection.execute(
            select(targeting_outcomes.c.declaration_id).where(
                targeting_outcomes.c.declaration_id == outcome.declaration_id
            )
        ).first()
        if exists is not None:
            raise Conflict(
                f"{outcome.declaration_id} has an outcome already", field="declaration_id"
            )
        self.connection.execute(
            insert(targeting_outcomes).values(
                declaration_id=outcome.declaration_id,
                fraud=outcome.fraud,
                critical=outcome.critical,
                inspected_on=outcome.inspected_on,
                note=outcome.note,
                selected_by=outcome.selected_by,
                recorded_by=actor,
                recorded_at=_now(),
            )
        )
        AuditLog(self.connection).append(
            action="targeting.outcome_recorded",
            actor=actor,
            subject=f"declaration:{outcome.declaration_id}",
            details={
                "fraud": outcome.fraud,
                "critical": outcome.critical,
                "selected_by": outcome.selected_by,
            },
        )

    def outcomes(self) -> list[Outcome]:
        rows = self.connection.execute(
            select(targeting_outcomes).order_by(targeting_outcomes.c.recorded_at)
        )
        return [
            Outcome(r.declaration_id, r.fraud, r.critical, r.inspected_on, r.note, r.selected_by)
            for r in rows
        ]

    # model registry

    def register_model(
        self, version: str, path: str, *, digest: str, public_key: str, card: dict[str, Any]
    ) -> ModelEntry:
        """Add a verified artifact as a challenger, with the PEM key that signed it."""
        if self._model_row(version) is not None:
            raise Conflict(f"model {version!r} is registered already", field="version")
        self.connection.execute(
            insert(targeting_models).values(
                version=version,
                path=path,
                digest=digest,
                public_key=public_key,
                signer=key_id(to_public_key(public_key)),
                status="challenger",
                card=card,
                registered_at=_now(),
                promoted_at=None,
            )
        )
        return self.model(version)

    def promote(self, version: str, *, actor: str, reason: dict[str, Any]) -> ModelEntry:
        """Make ``version`` the champion; the previous champion retires. Audited."""
        self.model(version)
        self.connection.execute(
            update(targeting_models)
            .where(targeting_models.c.status == "champion")
            .values(status="retired")
        )
        self.connection.execute(
            update(targeting_models)
            .where(targeting_models.c.version == version)
            .values(status="champion", promoted_at=_now())
        )
        AuditLog(self.connection).append(
            action="targeting.model_promoted",
            actor=actor,
            subject=f"model:{version}",
            details=reason,
        )
        return self.model(version)

    def model(self, version: str) -> ModelEntry:
        row = self._model_row(version)
        if row is None:
            raise NotFound(f"no model {version!r}", field="version")
        return _model(row)

    def champion(self) -> ModelEntry:
        row = self.connection.execute(
            select(targeting_models).where(targeting_models.c.status == "champion")
        ).first()
        if row is None:
            raise NotFound("no champion model: train and promote one first", field="model")
        return _model(row)

    def models(self) -> list[ModelEntry]:
        rows = self.connection.execute(
            select(targeting_models).order_by(targeting_models.c.registered_at)
        )
        return [_model(r) for r in rows]

    def _model_row(self, version: str) -> Row[Any] | None:
        return self.connection.execute(
            select(targeting_models).where(targeting_models.c.version == version)
        ).first()

    # rule sets

    def save_rule_set(self, rule_set: RuleSet) -> None:
        """Store a version of a rule set; versions are immutable once stored."""
        exists = self.connection.execute(
            select(targeting_rule_sets.c.name).where(
                targeting_rule_sets.c.name == rule_set.name,
                targeting_rule_sets.c.version == rule_set.version,
            )
        ).first()
        if exists is not None:
            raise Conflict(
                f"{rule_set.name} v{rule_set.version} is stored already", field="version"
            )
        self.connection.execute(
            insert(targeting_rule_sets).values(
                name=rule_set.name,
                version=rule_set.version,
                owner=rule_set.owner,
                state=rule_set.state.value,
                registered_at=_now(),
                document=rule_set.model_dump(mode="json", by_alias=True),
            )
        )

    def rule_set(self, name: str, version: int | None = None) -> RuleSet:
        """A stored rule set: the given version, or the latest."""
        query = select(targeting_rule_sets.c.document).where(targeting_rule_sets.c.name == name)
        if version is not None:
            query = query.where(targeting_rule_sets.c.version == version)
        document = self.connection.execute(
            query.order_by(targeting_rule_sets.c.version.desc()).limit(1)
        ).scalar()
        if document is None:
            raise NotFound(f"no rule set {name!r}", field="rule_set")
        return parse_rule_set(document)

    def rule_sets(self) -> list[dict[str, Any]]:
        rows = self.connection.execute(
            select(
                targeting_rule_sets.c.name,
                targeting_rule_sets.c.version,
                targeting_rule_sets.c.owner,
                targeting_rule_sets.c.state,
            ).order_by(targeting_rule_sets.c.name, targeting_rule_sets.c.version)
        )
        return [dict(r._mapping) for r in rows]


def _declaration(row: Row[Any]) -> Declaration:
    values = {name: getattr(row, name) for name in _DECLARED}
    return Declaration(**values, fraud=row.fraud, critical=row.critical)


def _model(row: Row[Any]) -> ModelEntry:
    return ModelEntry(
        row.version,
        row.path,
        row.digest,
        row.signer,
        row.public_key,
        row.status,
        dict(row.card),
        row.registered_at,
        row.promoted_at,
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
