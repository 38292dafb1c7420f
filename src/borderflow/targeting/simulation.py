"""Weekly online targeting on a labelled history, as a node would live it.

The first ``warmup_weeks`` are fully labelled (the initial model's training data). Then,
week by week: the champion scores the week's declarations with features from the history
at the week's start; :func:`select` fills the inspection rate with rule, model and random
picks; only the selected declarations reveal their labels; the challenger trained last
week is compared with the champion on those outcomes and promoted if not worse; a new
challenger is trained on every inspected declaration so far. Features are computed once,
when a declaration is scored, and reused for training: a feature log, as in production.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.metrics import roc_auc_score  # type: ignore[import-untyped]

from borderflow.errors import InvalidInput
from borderflow.targeting.declaration import Declaration
from borderflow.targeting.estimator import RiskClassifier
from borderflow.targeting.features import (
    CATEGORICAL_FIELDS,
    CategoryCodes,
    FeatureMatrix,
    expanding_features,
    feature_matrix,
    feature_names,
)
from borderflow.targeting.scoring import RiskScore
from borderflow.targeting.selection import Capacity, SelectionReason, select

__all__ = ["OnlineConfig", "WeekResult", "simulate_online"]


@dataclass(frozen=True, slots=True)
class OnlineConfig:
    inspection_rate: float = 0.10
    random_share: float = 0.10
    warmup_weeks: int = 13
    tolerance: float = 0.0
    seed: int = 0
    model_params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class WeekResult:
    week_start: dt.date
    declarations: int
    inspected: int
    frauds_found: int
    precision: float
    model_precision: float
    random_checks: int
    random_prevalence: float
    true_rate: float
    promoted: bool
    inspected_ids: tuple[str, ...] = ()


@dataclass(slots=True)
class _Pool:
    """Feature rows and labels of every inspected declaration so far."""

    rows: list[FeatureMatrix] = field(default_factory=list)
    labels: list[npt.NDArray[np.float64]] = field(default_factory=list)

    def add(self, rows: FeatureMatrix, labels: npt.NDArray[np.float64]) -> None:
        self.rows.append(rows)
        self.labels.append(labels)

    def train(self, config: OnlineConfig) -> RiskClassifier:
        names = feature_names()
        params = {"calibration_fraction": 0.0, **config.model_params}
        categorical = tuple(names.index(name) for name in CATEGORICAL_FIELDS)
        classifier = RiskClassifier(categorical_features=categorical, **params)
        return classifier.fit(np.vstack(self.rows), np.concatenate(self.labels))


def _weeks(declarations: Sequence[Declaration]) -> list[list[Declaration]]:
    """Seven-day periods counted back from the last date, so the last weeks are whole."""
    end = max(d.date for d in declarations)
    buckets: dict[int, list[Declaration]] = {}
    for d in sorted(declarations, key=lambda d: d.date):
        buckets.setdefault((end - d.date).days // 7, []).append(d)
    return [buckets[k] for k in sorted(buckets, reverse=True)]


def simulate_online(declarations: Sequence[Declaration], config: OnlineConfig) -> list[WeekResult]:
    """Run the weekly loop over fully labelled ``declarations``; one result per live week."""
    if any(d.fraud is None for d in declarations):
        raise InvalidInput("the simulation needs every declaration labelled", field="declarations")
    weeks = _weeks(declarations)
    if len(weeks) <= config.warmup_weeks:
        raise InvalidInput("fewer weeks than the warm-up", field="warmup_weeks")
    warmup = [d for week in weeks[: config.warmup_weeks] for d in week]
    categories = CategoryCodes.fit(warmup)
    matrix, order, history = expanding_features(warmup, categories)
    pool = _Pool()
    pool.add(matrix, np.array([warmup[i].fraud for i in order], dtype=np.float64))
    champion = pool.train(config)
    challenger: RiskClassifier | None = None
    results = []
    for index, week in enumerate(weeks[config.warmup_weeks :]):
        features = feature_matrix(week, history, categories)
        result, inspected = _live_week(week, features, champion, config, config.seed + index)
        promoted = False
        if challenger is not None and _better(
            challenger, champion, features, week, inspected, config
        ):
            champion, promoted = challenger, True
        results.append(_with_promotion(result, promoted))
        history.observe_declarations(week)
        history.observe_outcomes((week[i], bool(week[i].fraud)) for i in inspected)
        pool.add(
            features[inspected], np.array([week[i].fraud for i in inspected], dtype=np.float64)
        )
        challenger = pool.train(config)
    return results


def _live_week(
    week: list[Declaration],
    features: FeatureMatrix,
    champion: RiskClassifier,
    config: OnlineConfig,
    seed: int,
) -> tuple[WeekResult, list[int]]:
    risk = champion.raw_score(features)
    scores = [
        RiskScore(d.declaration_id, float(r), float(r), False)
        for d, r in zip(week, risk, strict=True)
    ]
    picks = select(
        scores, Capacity(rate=config.inspection_rate), random_share=config.random_share, seed=seed
    )
    position = {d.declaration_id: i for i, d in enumerate(week)}
    inspected = sorted(position[p.declaration_id] for p in picks)
    found = {p.declaration_id: bool(week[position[p.declaration_id]].fraud) for p in picks}
    randoms = [p for p in picks if p.reason is SelectionReason.RANDOM]
    targeted = [p for p in picks if p.reason is not SelectionReason.RANDOM]
    result = WeekResult(
        week_start=week[0].date,
        declarations=len(week),
        inspected=len(picks),
        frauds_found=sum(found.values()),
        precision=sum(found.values()) / len(picks) if picks else 0.0,
        model_precision=_share(found, targeted),
        random_checks=len(randoms),
        random_prevalence=_share(found, randoms),
        true_rate=float(np.mean([bool(d.fraud) for d in week])),
        promoted=False,
        inspected_ids=tuple(week[i].declaration_id for i in inspected),
    )
    return result, inspected


def _share(found: dict[str, bool], picks: Sequence[Any]) -> float:
    return sum(found[p.declaration_id] for p in picks) / len(picks) if picks else float("nan")


def _better(
    challenger: RiskClassifier,
    champion: RiskClassifier,
    features: FeatureMatrix,
    week: list[Declaration],
    inspected: list[int],
    config: OnlineConfig,
) -> bool:
    """Whether the challenger ranks this week's outcomes at least as well as the champion."""
    labels = np.array([week[i].fraud for i in inspected], dtype=np.float64)
    if len(np.unique(labels)) < 2:
        return False
    rows = features[inspected]
    challenger_auc = roc_auc_score(labels, challenger.raw_score(rows))
    champion_auc = roc_auc_score(labels, champion.raw_score(rows))
    return bool(challenger_auc >= champion_auc - config.tolerance)


def _with_promotion(result: WeekResult, promoted: bool) -> WeekResult:
    return replace(result, promoted=promoted)
