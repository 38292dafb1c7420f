"""What the CLI and the API do with the store: import, publish, register, retrain, score.

Thin glue over the pure modules and :class:`TargetingRepository`; every function runs in
the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection

from borderflow.errors import InvalidInput, NotFound
from borderflow.targeting.artifact import Artifact, load_artifact, save_artifact
from borderflow.targeting.card import build_card
from borderflow.targeting.declaration import Declaration
from borderflow.targeting.feedback import PromotionDecision, compare_models
from borderflow.targeting.loading import LoadReport, load_declarations
from borderflow.targeting.mapping import ColumnMapping
from borderflow.targeting.repository import ModelEntry, TargetingRepository
from borderflow.targeting.rules import RuleSet
from borderflow.targeting.scoring import RiskModel, Scorer
from borderflow.targeting.signing import public_key_pem
from borderflow.targeting.training import evaluate_model, train_risk_model

__all__ = [
    "champion_scorer",
    "import_file",
    "publish_model",
    "register_artifact",
    "retrain_from_outcomes",
]


def import_file(
    connection: Connection, path: Path, mapping: ColumnMapping | None = None
) -> LoadReport:
    """Store every valid row of ``path``; the report lists the rows refused."""
    report = load_declarations(path, mapping)
    TargetingRepository(connection).add_declarations(report.declarations, source=path.name)
    return report


def publish_model(
    model: RiskModel,
    *,
    directory: Path,
    key: Ed25519PrivateKey,
    version: str,
    country: str,
    training: Sequence[Declaration],
    source: str,
    validation: Sequence[Declaration] = (),
) -> dict[str, Any]:
    """Evaluate, write and sign ``model`` as an artifact; its model card."""
    metrics = {"validation": evaluate_model(model, validation).as_dict()} if validation else {}
    card = build_card(
        model,
        name="cargo-risk",
        model_version=version,
        country=country,
        training=training,
        source=source,
        metrics=metrics,
        created_at=dt.datetime.now(dt.UTC),
    )
    save_artifact(model, card, directory, key)
    return card


def register_artifact(
    connection: Connection, directory: Path, public_key: bytes, *, version: str | None = None
) -> ModelEntry:
    """Verify the artifact in ``directory`` against ``public_key`` and register it."""
    artifact = load_artifact(directory, public_key)
    name = version or str(artifact.card.get("version", ""))
    if not name:
        raise InvalidInput("the model card names no version: give one", field="version")
    return TargetingRepository(connection).register_model(
        name,
        str(directory.resolve()),
        digest=artifact.digest,
        public_key=public_key.decode(),
        card=artifact.card,
    )


@lru_cache(maxsize=4)
def _cached_artifact(path: str, digest: str, public_key: str) -> Artifact:
    artifact = load_artifact(Path(path), public_key.encode())
    if artifact.digest != digest:
        raise InvalidInput("the artifact changed since it was registered", field="artifact")
    return artifact


def champion_scorer(connection: Connection, rules: RuleSet | None = None) -> Scorer:
    """A scorer from the champion model (verified, cached by digest) and ``rules``."""
    entry = TargetingRepository(connection).champion()
    artifact = _cached_artifact(entry.path, entry.digest, entry.public_key)
    return Scorer(artifact.model, rules)


def retrain_from_outcomes(
    connection: Connection,
    *,
    key: Ed25519PrivateKey,
    directory: Path,
    version: str,
    country: str,
    actor: str,
    holdout_days: int = 7,
    **params: Any,
) -> PromotionDecision:
    """Champion/challenger on recorded outcomes; the challenger is promoted if not worse.

    The challenger learns from inspected declarations dated before the latest
    ``holdout_days`` of outcomes; both models are judged on those outcomes, which neither
    saw. If it wins, it is retrained on every outcome, signed, registered and promoted.
    """
    repository = TargetingRepository(connection)
    declarations = repository.declarations()
    labelled = [d for d in declarations if d.fraud is not None]
    if not labelled:
        raise NotFound("no inspection outcome is recorded yet", field="outcomes")
    since = max(d.date for d in labelled) - dt.timedelta(days=holdout_days - 1)
    earlier = [d for d in declarations if d.date < since]
    holdout = [d for d in labelled if d.date >= since]
    challenger = train_risk_model(earlier, **params)
    try:
        champion: RiskModel | None = champion_scorer(connection).model
    except NotFound:
        champion = None
    decision = compare_models(champion, challenger, holdout)
    if decision.promote:
        final = train_risk_model(declarations, **params)
        publish_model(
            final,
            directory=directory,
            key=key,
            version=version,
            country=country,
            training=declarations,
            source="node outcomes",
        )
        register_artifact(connection, directory, public_key_pem(key), version=version)
        repository.promote(version, actor=actor, reason=_reason(decision))
    return decision


def _reason(decision: PromotionDecision) -> dict[str, Any]:
    return {
        "champion_auc": decision.champion_auc,
        "challenger_auc": decision.challenger_auc,
        "holdout": decision.holdout,
        "since": decision.since.isoformat(),
    }
