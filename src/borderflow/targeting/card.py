"""Model cards: what a model was trained on, over which period, and how well it does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from importlib.metadata import version
from typing import Any

from borderflow.targeting.declaration import Declaration
from borderflow.targeting.scoring import RiskModel

__all__ = ["build_card"]

_INTENDED_USE = (
    "Rank import declarations by the probability that an inspection finds a duty-reducing "
    "fraud, to fill the model share of an inspection capacity. Not a decision on its own: "
    "an officer inspects and records the outcome."
)
_LIMITATIONS = (
    "Learned from inspected declarations only, so it inherits past selection bias; the "
    "random share of inspections is what measures it. Entity statistics (history.json) "
    "are node data: a partner adopting the model may rebuild them from its own outcomes."
)


def build_card(
    model: RiskModel,
    *,
    name: str,
    model_version: str,
    country: str,
    training: Sequence[Declaration],
    source: str,
    metrics: Mapping[str, Mapping[str, Any]],
    created_at: dt.datetime,
) -> dict[str, Any]:
    """The card of ``model``, trained on ``training`` (read from ``source``)."""
    labelled = [d for d in training if d.fraud is not None]
    dates = [d.date for d in training]
    return {
        "name": name,
        "version": model_version,
        "created_at": created_at.isoformat(),
        "country": country,
        "data": {
            "source": source,
            "rows": len(training),
            "labelled": len(labelled),
            "frauds": sum(bool(d.fraud) for d in labelled),
            "period": {"from": min(dates).isoformat(), "to": max(dates).isoformat()},
            "label": "fraud: the inspection found an attempt to reduce the customs duty",
        },
        "estimator": "LightGBM gradient boosting, isotonic calibration on the latest rows",
        "params": model.classifier.get_params(),
        "features": model.names,
        "metrics": {split: dict(figures) for split, figures in metrics.items()},
        "software": {pkg: version(pkg) for pkg in ("lightgbm", "scikit-learn", "numpy")},
        "intended_use": _INTENDED_USE,
        "limitations": _LIMITATIONS,
    }
