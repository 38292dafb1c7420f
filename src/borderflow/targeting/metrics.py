"""Targeting quality: precision and recall among the top share of risk, AUC."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.metrics import roc_auc_score  # type: ignore[import-untyped]

__all__ = ["REPORTED_SHARES", "Evaluation", "evaluate_scores", "precision_at", "recall_at"]

#: The inspection shares reported by :func:`evaluate_scores`.
REPORTED_SHARES = (0.01, 0.02, 0.05, 0.10)

FloatArray = npt.NDArray[np.float64]


def _top(scores: FloatArray, share: float) -> npt.NDArray[np.intp]:
    count = max(1, round(len(scores) * share))
    return np.argsort(-scores, kind="stable")[:count]


def precision_at(labels: FloatArray, scores: FloatArray, share: float) -> float:
    """Share of frauds among the ``share`` of rows with the highest scores."""
    return float(np.mean(labels[_top(scores, share)]))


def recall_at(labels: FloatArray, scores: FloatArray, share: float) -> float:
    """Share of all frauds found in the ``share`` of rows with the highest scores."""
    total = float(np.sum(labels))
    return float(np.sum(labels[_top(scores, share)]) / total) if total else 0.0


@dataclass(frozen=True, slots=True)
class Evaluation:
    rows: int
    fraud_rate: float
    auc: float
    precision: dict[str, float]
    recall: dict[str, float]
    critical_recall_at_10: float

    def as_dict(self) -> dict[str, object]:
        return {
            "rows": self.rows,
            "fraud_rate": self.fraud_rate,
            "auc": self.auc,
            "precision": self.precision,
            "recall": self.recall,
            "critical_recall_at_10": self.critical_recall_at_10,
        }


def evaluate_scores(fraud: FloatArray, critical: FloatArray, scores: FloatArray) -> Evaluation:
    """Every reported figure for one scored, labelled set."""
    return Evaluation(
        rows=len(fraud),
        fraud_rate=float(np.mean(fraud)),
        auc=float(roc_auc_score(fraud, scores)),
        precision={f"{s:.0%}": precision_at(fraud, scores, s) for s in REPORTED_SHARES},
        recall={f"{s:.0%}": recall_at(fraud, scores, s) for s in REPORTED_SHARES},
        critical_recall_at_10=recall_at(critical, scores, 0.10),
    )
