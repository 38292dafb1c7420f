"""Targeting fixtures: the real customs splits and models trained once per session.

``customs`` is the published synthetic declaration set (train 2020, valid 2021 Q1, test
2021 Q2; see ``shared/data/customs/SOURCE.md``). ``quality_model`` is the shipped default
model trained on the 2020 split, as in the benchmark; ``small_model`` is a deliberately tiny
model on the validation split, for tests of plumbing (artifacts, API, CLI), not of quality.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from borderflow.targeting import (
    Declaration,
    RiskModel,
    generate_signing_key,
    load_declarations,
    train_risk_model,
)


@pytest.fixture(scope="session")
def customs(data_dir: Path) -> dict[str, list[Declaration]]:
    folder = data_dir / "customs"
    return {
        split: load_declarations(folder / f"df_syn_{split}_eng.csv").declarations
        for split in ("train", "valid", "test")
    }


@pytest.fixture(scope="session")
def quality_model(customs: dict[str, list[Declaration]]) -> RiskModel:
    """The default configuration (40 trees of 31 leaves) trained on the real 2020 split."""
    return train_risk_model(customs["train"], random_state=0)


@pytest.fixture(scope="session")
def small_model(customs: dict[str, list[Declaration]]) -> RiskModel:
    """20 trees on 2021 Q1: enough to rank, quick to train."""
    return train_risk_model(customs["valid"], n_estimators=20, num_leaves=15, random_state=0)


@pytest.fixture(scope="session")
def key_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("keys")


@pytest.fixture(scope="session")
def node_key(key_dir: Path) -> Ed25519PrivateKey:
    """A signing key generated for this test session, never stored in the repository."""
    return generate_signing_key(key_dir / "node.pem")
