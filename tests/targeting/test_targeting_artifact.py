"""Signed model artifacts: a partner verifies with the signer's public key, or refuses."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import stat
from pathlib import Path

import numpy as np
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from borderflow.errors import InvalidInput
from borderflow.targeting import (
    Declaration,
    RiskModel,
    build_card,
    load_artifact,
    public_key_pem,
    save_artifact,
)
from borderflow.targeting.signing import key_id


@pytest.fixture
def artifact(
    tmp_path: Path,
    small_model: RiskModel,
    node_key: Ed25519PrivateKey,
    customs: dict[str, list[Declaration]],
) -> Path:
    card = build_card(
        small_model,
        name="cargo-risk",
        model_version="t1",
        country="MX",
        training=customs["valid"],
        source="df_syn_valid_eng.csv",
        metrics={},
        created_at=dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
    )
    directory = tmp_path / "model-t1"
    save_artifact(small_model, card, directory, node_key)
    return directory


def test_round_trip_scores_identically_and_carries_its_card(
    artifact: Path,
    small_model: RiskModel,
    node_key: Ed25519PrivateKey,
    customs: dict[str, list[Declaration]],
) -> None:
    loaded = load_artifact(artifact, public_key_pem(node_key))
    sample = customs["test"][:1000]
    assert np.array_equal(loaded.model.risk(sample), small_model.risk(sample))
    assert loaded.card["data"]["period"] == {"from": "2021-01-01", "to": "2021-03-31"}
    assert loaded.card["data"]["frauds"] == 1704
    assert loaded.signer == key_id(node_key.public_key())
    # A key object works as well as PEM text.
    assert load_artifact(artifact, node_key.public_key()).digest == loaded.digest


def test_a_changed_file_is_refused(artifact: Path, node_key: Ed25519PrivateKey) -> None:
    card = json.loads((artifact / "card.json").read_text())
    card["metrics"] = {"test": {"auc": 0.99}}
    (artifact / "card.json").write_text(json.dumps(card))
    with pytest.raises(InvalidInput) as caught:
        load_artifact(artifact, public_key_pem(node_key))
    assert caught.value.field == "artifact"


def test_another_signer_is_refused(artifact: Path) -> None:
    stranger = Ed25519PrivateKey.generate()
    with pytest.raises(InvalidInput) as caught:
        load_artifact(artifact, public_key_pem(stranger))
    assert caught.value.field == "signature"


def test_a_re_signed_manifest_needs_the_right_key(
    artifact: Path, node_key: Ed25519PrivateKey
) -> None:
    """Rewriting files and the manifest without the private key cannot pass verification."""
    history = artifact / "history.json"
    history.write_text(history.read_text().replace('"inspected": ', '"inspected": 1'))
    signature = json.loads((artifact / "signature.json").read_text())
    signature["files"]["history.json"] = hashlib.sha256(history.read_bytes()).hexdigest()
    canonical = json.dumps(signature["files"], sort_keys=True, separators=(",", ":")).encode()
    signature["digest"] = hashlib.sha256(canonical).hexdigest()
    (artifact / "signature.json").write_text(json.dumps(signature))
    with pytest.raises(InvalidInput) as caught:
        load_artifact(artifact, public_key_pem(node_key))
    assert caught.value.field == "signature"


def test_the_private_key_file_is_for_its_owner_only(key_dir: Path, node_key: object) -> None:
    mode = stat.S_IMODE((key_dir / "node.pem").stat().st_mode)
    assert mode == 0o600


def test_an_artifact_is_never_written_over(
    artifact: Path, small_model: RiskModel, node_key: Ed25519PrivateKey
) -> None:
    with pytest.raises(InvalidInput) as caught:
        save_artifact(small_model, {}, artifact, node_key)
    assert caught.value.field == "directory"
