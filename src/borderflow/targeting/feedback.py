"""Learning from inspection outcomes: retraining and champion/challenger promotion.

Only inspected declarations carry a label, and the model that chose them is the one being
judged, so a challenger is compared with the champion on outcomes neither has seen: the
inspections of the latest period. The challenger takes over when it ranks those outcomes
at least as well (AUC, within ``tolerance``). :func:`online_precision` measures the live
selection from the recorded outcomes, targeted and random checks apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score  # type: ignore[import-untyped]

from borderflow.errors import InvalidInput
from borderflow.targeting.declaration import (
    RANDOM_SELECTION,
    TARGETED_SELECTIONS,
    Declaration,
    Outcome,
)
from borderflow.targeting.scoring import RiskModel
from borderflow.targeting.training import train_risk_model

__all__ = [
    "OnlinePrecision",
    "PromotionDecision",
    "apply_outcomes",
    "compare_models",
    "online_precision",
    "retrain",
]


def apply_outcomes(
    declarations: Sequence[Declaration], outcomes: Sequence[Outcome]
) -> list[Declaration]:
    """``declarations`` labelled with their outcomes; the rest unlabelled (not inspected).

    Labels the declarations may already carry are dropped: only recorded inspections count.
    """
    found = {o.declaration_id: o for o in outcomes}
    return [_labelled(d, found.get(d.declaration_id)) for d in declarations]


def _labelled(declaration: Declaration, outcome: Outcome | None) -> Declaration:
    if outcome is None:
        return replace(declaration, fraud=None, critical=None)
    return replace(declaration, fraud=outcome.fraud, critical=outcome.critical)


def retrain(declarations: Sequence[Declaration], **params: Any) -> RiskModel:
    """A challenger trained on the inspected declarations (others count only as volume)."""
    return train_risk_model(declarations, **params)


@dataclass(frozen=True, slots=True)
class PromotionDecision:
    promote: bool
    champion_auc: float | None
    challenger_auc: float
    holdout: int
    since: dt.date


def compare_models(
    champion: RiskModel | None,
    challenger: RiskModel,
    holdout: Sequence[Declaration],
    *,
    tolerance: float = 0.0,
) -> PromotionDecision:
    """Judge both on ``holdout``: inspected declarations neither model was trained on."""
    labelled = [d for d in holdout if d.fraud is not None]
    labels = np.array([d.fraud for d in labelled], dtype=np.float64)
    if len(np.unique(labels)) < 2:
        raise InvalidInput("the holdout needs both outcomes to compare models", field="holdout")
    challenger_auc = float(roc_auc_score(labels, challenger.risk(labelled)))
    since = min(d.date for d in labelled)
    if champion is None:
        return PromotionDecision(True, None, challenger_auc, len(labelled), since)
    champion_auc = float(roc_auc_score(labels, champion.risk(labelled)))
    promote = challenger_auc >= champion_auc - tolerance
    return PromotionDecision(promote, champion_auc, challenger_auc, len(labelled), since)


@dataclass(frozen=True, slots=True)
class OnlinePrecision:
    """How the live selection did, from recorded outcomes.

    ``precision`` is the hit rate of targeted inspections (rule or model); the random
    checks' hit rate estimates prevalence among what nobody targeted. Outcomes of other
    port referrals, or of unknown selection, are counted in ``other`` and in neither rate.
    NaN where no inspection of that kind is recorded.
    """

    targeted: int
    targeted_found: int
    random_checks: int
    random_found: int
    other: int

    @property
    def precision(self) -> float:
        return self.targeted_found / self.targeted if self.targeted else float("nan")

    @property
    def random_hit_rate(self) -> float:
        return self.random_found / self.random_checks if self.random_checks else float("nan")


def online_precision(outcomes: Sequence[Outcome]) -> OnlinePrecision:
    """Targeted precision and random hit rate over ``outcomes`` (frauds found count as hits)."""
    targeted = [o for o in outcomes if o.selected_by in TARGETED_SELECTIONS]
    randoms = [o for o in outcomes if o.selected_by == RANDOM_SELECTION]
    return OnlinePrecision(
        targeted=len(targeted),
        targeted_found=sum(o.fraud for o in targeted),
        random_checks=len(randoms),
        random_found=sum(o.fraud for o in randoms),
        other=len(outcomes) - len(targeted) - len(randoms),
    )
