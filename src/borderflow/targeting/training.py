"""Fitting a :class:`RiskModel` on labelled declarations, and evaluating one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from borderflow.errors import InvalidInput
from borderflow.targeting.declaration import Declaration
from borderflow.targeting.estimator import RiskClassifier
from borderflow.targeting.features import (
    CATEGORICAL_FIELDS,
    CategoryCodes,
    expanding_features,
    feature_names,
)
from borderflow.targeting.history import History
from borderflow.targeting.metrics import Evaluation, evaluate_scores
from borderflow.targeting.scoring import RiskModel

__all__ = ["evaluate_model", "train_risk_model", "with_history"]


def train_risk_model(
    declarations: Sequence[Declaration],
    *,
    smoothing: float = 10.0,
    **params: Any,
) -> RiskModel:
    """Fit on the labelled ``declarations``; unlabelled ones only add to volumes.

    Features come from :func:`expanding_features` (each day sees only earlier days), and
    ``params`` go to :class:`RiskClassifier` (e.g. ``n_estimators``, ``random_state``).
    """
    labelled = [d for d in declarations if d.fraud is not None]
    if not labelled:
        raise InvalidInput("no labelled declaration to learn from", field="declarations")
    categories = CategoryCodes.fit(labelled)
    matrix, order, history = expanding_features(declarations, categories, smoothing=smoothing)
    labels = np.array([declarations[i].fraud for i in order], dtype=object)
    keep = np.array([label is not None for label in labels])
    names = feature_names()
    categorical = tuple(names.index(name) for name in CATEGORICAL_FIELDS)
    classifier = RiskClassifier(categorical_features=categorical, **params)
    classifier.fit(matrix[keep], labels[keep].astype(np.float64))
    return RiskModel(classifier, categories, history, smoothing)


def evaluate_model(model: RiskModel, declarations: Sequence[Declaration]) -> Evaluation:
    """Figures of ``model`` on labelled ``declarations`` scored with its frozen history."""
    labelled = [d for d in declarations if d.fraud is not None]
    if not labelled:
        raise InvalidInput("no labelled declaration to evaluate on", field="declarations")
    fraud = np.array([d.fraud for d in labelled], dtype=np.float64)
    critical = np.array([bool(d.critical) for d in labelled], dtype=np.float64)
    return evaluate_scores(fraud, critical, model.risk(labelled))


def with_history(model: RiskModel, history: History) -> RiskModel:
    """The same classifier reading another history (e.g. a partner's own outcomes)."""
    return RiskModel(model.classifier, model.categories, history, model.smoothing, model.names)
