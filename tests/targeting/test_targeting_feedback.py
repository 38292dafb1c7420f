"""Feedback: the weekly loop learns from inspected items only; champion/challenger."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine

from borderflow.targeting import (
    Declaration,
    OnlineConfig,
    Outcome,
    RiskModel,
    compare_models,
    simulate_online,
    train_risk_model,
)
from borderflow.targeting.repository import TargetingRepository
from borderflow.targeting.service import retrain_from_outcomes

CONFIG = OnlineConfig(warmup_weeks=6, model_params={"n_estimators": 15, "num_leaves": 15})


@pytest.fixture(scope="module")
def weeks(customs: dict[str, list[Declaration]]):
    """2021 Q1 (13 weeks): 6 weeks of warm-up, then 7 live weeks."""
    return simulate_online(customs["valid"], CONFIG)


def test_each_live_week_inspects_its_capacity_with_a_random_share(weeks) -> None:
    assert len(weeks) == 7
    for week in weeks:
        assert week.inspected == round(0.10 * week.declarations)
        assert week.random_checks == round(0.10 * week.inspected)
    model_precision = np.mean([w.model_precision for w in weeks])
    true_rate = np.mean([w.true_rate for w in weeks])
    assert model_precision > 2 * true_rate  # targeting finds fraud far above the base rate


def test_labels_of_uninspected_declarations_are_never_read(
    weeks, customs: dict[str, list[Declaration]]
) -> None:
    """Flip every live-week label the loop should not see: what it does stays the same."""
    inspected = {i for week in weeks for i in week.inspected_ids}
    live_from = weeks[0].week_start
    flipped = [
        dataclasses.replace(d, fraud=not d.fraud)
        if d.date >= live_from and d.declaration_id not in inspected
        else d
        for d in customs["valid"]
    ]
    assert sum(a != b for a, b in zip(flipped, customs["valid"], strict=True)) > 3000
    rerun = simulate_online(flipped, CONFIG)
    for original, mirrored in zip(weeks, rerun, strict=True):
        assert mirrored.inspected_ids == original.inspected_ids
        assert mirrored.precision == original.precision
        assert mirrored.promoted == original.promoted
        assert mirrored.true_rate != original.true_rate  # the labels did change


def test_compare_models_prefers_the_one_that_ranks_outcomes_better(
    small_model: RiskModel, customs: dict[str, list[Declaration]]
) -> None:
    train = customs["valid"][:4000]
    rng = np.random.default_rng(0)
    noise = [dataclasses.replace(d, fraud=bool(rng.random() < 0.2)) for d in train]
    blind = train_risk_model(noise, n_estimators=10, random_state=0)
    holdout = customs["test"][:1500]
    assert compare_models(blind, small_model, holdout).promote
    decision = compare_models(small_model, blind, holdout)
    assert not decision.promote
    assert decision.champion_auc is not None and decision.champion_auc > decision.challenger_auc


@pytest.mark.storage
def test_retrain_from_recorded_outcomes_promotes_a_first_champion(
    engine: Engine,
    tmp_path: Path,
    node_key: Ed25519PrivateKey,
    customs: dict[str, list[Declaration]],
) -> None:
    filed = [dataclasses.replace(d, fraud=None, critical=None) for d in customs["valid"][:3000]]
    with engine.begin() as connection:
        repository = TargetingRepository(connection)
        repository.add_declarations(filed, source="test")
        for d in customs["valid"][:3000:3]:  # one in three was inspected
            repository.record_outcome(Outcome(d.declaration_id, bool(d.fraud)), actor="o")
    with engine.begin() as connection:
        decision = retrain_from_outcomes(
            connection,
            key=node_key,
            directory=tmp_path / "c1",
            version="c1",
            country="US",
            actor="targeter",
            n_estimators=10,
        )
    assert decision.promote and decision.champion_auc is None
    assert decision.holdout > 50
    with engine.begin() as connection:
        assert TargetingRepository(connection).champion().version == "c1"
        card = TargetingRepository(connection).champion().card
        assert card["data"]["labelled"] == 1000
        second = retrain_from_outcomes(
            connection,
            key=node_key,
            directory=tmp_path / "c2",
            version="c2",
            country="US",
            actor="targeter",
            n_estimators=10,
        )
    assert second.champion_auc is not None
