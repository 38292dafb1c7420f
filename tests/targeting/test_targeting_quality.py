"""The fixed-split quality gate, fast: trained on 2020, judged once on 2021 Q2.

The issue's targets are precision@5% >= 0.79, precision@10% >= 0.70 and AUC >= 0.82. The
session model is the shipped default (40 trees of 31 leaves, about 3 s CPU to train); on
2026-11-30 it measured precision@5% 0.936, @10% 0.811, AUC 0.854, precision@1% 0.988 and
recall@10% 0.375 on the test split (docs/benchmarks/targeting.md). The gate asserts the
issue's own targets, not lower ones.
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone

from borderflow.errors import InvalidInput
from borderflow.targeting import (
    Declaration,
    RiskClassifier,
    RiskModel,
    evaluate_model,
    train_risk_model,
)


def test_fixed_split_meets_the_issue_targets(
    quality_model: RiskModel, customs: dict[str, list[Declaration]]
) -> None:
    figures = evaluate_model(quality_model, customs["test"])
    assert figures.rows == 8481
    assert figures.precision["5%"] >= 0.79
    assert figures.precision["10%"] >= 0.70
    assert figures.auc >= 0.82
    # Far above the 21.6% base rate: the top 1% is nearly all fraud.
    assert figures.precision["1%"] >= 0.90
    # Recall at 10% cannot exceed 10% / 21.6% = 0.46; it should approach it.
    assert 0.35 <= figures.recall["10%"] <= 0.47


def test_calibrated_risk_matches_the_observed_rate(
    quality_model: RiskModel, customs: dict[str, list[Declaration]]
) -> None:
    risk = quality_model.risk(customs["valid"])
    labels = np.array([d.fraud for d in customs["valid"]], dtype=float)
    assert abs(risk.mean() - labels.mean()) < 0.03
    top = np.argsort(-risk)[: len(risk) // 10]
    assert abs(risk[top].mean() - labels[top].mean()) < 0.08


def test_training_is_deterministic_given_random_state(
    customs: dict[str, list[Declaration]],
) -> None:
    sample = customs["valid"][:3000]
    first = train_risk_model(sample, n_estimators=15, random_state=3).risk(customs["test"][:500])
    again = train_risk_model(sample, n_estimators=15, random_state=3).risk(customs["test"][:500])
    other = train_risk_model(sample, n_estimators=15, random_state=4).risk(customs["test"][:500])
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)


def test_the_estimator_follows_the_scikit_learn_contract(quality_model: RiskModel) -> None:
    fitted = quality_model.classifier
    twin = clone(fitted)
    assert twin.get_params() == fitted.get_params()
    assert not hasattr(twin, "booster_")
    rng = np.random.default_rng(0)
    features = rng.normal(size=(400, 3))
    labels = (features[:, 0] + rng.normal(scale=0.5, size=400) > 0).astype(float)
    model = RiskClassifier(n_estimators=20, num_leaves=7, random_state=0)
    assert model.fit(features, labels) is model
    proba = model.predict_proba(features)
    assert proba.shape == (400, 2)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert (model.predict(features) == labels).mean() > 0.8
    with pytest.raises(InvalidInput) as caught:
        RiskClassifier().fit(features, np.zeros(400))
    assert caught.value.field == "y"


def test_explanations_name_features_that_raised_the_score(
    quality_model: RiskModel, customs: dict[str, list[Declaration]]
) -> None:
    test = customs["test"][:2000]
    risk = quality_model.risk(test)
    riskiest = test[int(np.argmax(risk))]
    (reasons,) = quality_model.explain([riskiest])
    assert 1 <= len(reasons) <= 3
    assert all(r.weight > 0 and r.code in quality_model.names for r in reasons)
    assert [r.weight for r in reasons] == sorted((r.weight for r in reasons), reverse=True)
