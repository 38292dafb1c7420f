"""Selection under capacity with a random share, and the prevalence it lets us estimate."""

from __future__ import annotations

import numpy as np
import pytest

from borderflow.errors import InvalidInput
from borderflow.targeting import (
    Capacity,
    RiskScore,
    SelectionReason,
    estimate_prevalence,
    select,
)


def _scores(n: int, *, rule_hits: int = 0) -> list[RiskScore]:
    """``n`` declarations whose model score rises with their number; the first few hit rules."""
    return [
        RiskScore(f"D{i}", 1.0 if i < rule_hits else i / n, i / n, i < rule_hits) for i in range(n)
    ]


def test_rate_capacity_splits_into_model_and_random_picks() -> None:
    picks = select(_scores(1000), Capacity(rate=0.10), random_share=0.10, seed=1)
    reasons = [p.reason for p in picks]
    assert len(picks) == 100
    assert reasons.count(SelectionReason.RANDOM) == 10
    model = [p for p in picks if p.reason is SelectionReason.MODEL]
    assert len(model) == 90
    random_ids = {p.declaration_id for p in picks if p.reason is SelectionReason.RANDOM}
    top = {p.declaration_id for p in model}
    assert not random_ids & top
    # The model picks are the highest scores outside the random draw.
    cutoff = min(p.score for p in model)
    assert all(s.score <= cutoff for s in _scores(1000) if s.declaration_id not in top | random_ids)


def test_rule_referrals_are_always_selected_and_named() -> None:
    picks = select(_scores(100, rule_hits=3), Capacity(count=10), random_share=0.2, seed=0)
    by_reason = {r: [p.declaration_id for p in picks if p.reason is r] for r in SelectionReason}
    assert by_reason[SelectionReason.RULE] == ["D0", "D1", "D2"]
    assert len(by_reason[SelectionReason.RANDOM]) == 2
    assert len(by_reason[SelectionReason.MODEL]) == 5
    # Rules refer even beyond capacity; the random share stays.
    crowded = select(_scores(50, rule_hits=20), Capacity(count=10), random_share=0.1, seed=0)
    assert sum(p.reason is SelectionReason.RULE for p in crowded) == 20
    assert sum(p.reason is SelectionReason.RANDOM for p in crowded) == 1


def test_the_draw_replays_with_its_seed_and_varies_without() -> None:
    scores = _scores(500)
    first = select(scores, Capacity(rate=0.2), seed=7)
    assert first == select(scores, Capacity(rate=0.2), seed=7)
    assert first != select(scores, Capacity(rate=0.2), seed=8)


def test_bad_capacity_names_the_field() -> None:
    with pytest.raises(InvalidInput) as caught:
        Capacity(rate=1.5)
    assert caught.value.field == "capacity.rate"
    with pytest.raises(InvalidInput):
        Capacity(rate=0.1, count=3)
    with pytest.raises(InvalidInput) as caught:
        select(_scores(10), Capacity(count=1), random_share=2)
    assert caught.value.field == "random_share"


def test_random_share_estimates_prevalence_without_bias() -> None:
    """Frauds are likelier at the top of the ranking (5% to 60%, about 33% overall) and the
    model picks find far more than that; the random share still estimates the rate."""
    rng = np.random.default_rng(0)
    n = 2000
    scores = _scores(n, rule_hits=30)
    fraud_probability = np.linspace(0.05, 0.6, n)
    estimates = []
    for round_ in range(300):
        found = {
            s.declaration_id: bool(rng.random() < p)
            for s, p in zip(scores, fraud_probability, strict=True)
        }
        picks = select(scores, Capacity(rate=0.1), random_share=0.5, seed=round_)
        estimate = estimate_prevalence(n, picks, found)
        estimates.append(estimate.estimate - sum(found.values()) / n)
    # 300 rounds of 100 random checks each: the mean error's standard error is about 0.0023.
    assert abs(float(np.mean(estimates))) < 0.01
