"""Versioned, signed model artifacts that a partner node can verify and adopt.

An artifact is a directory::

    booster.txt      the LightGBM model in its own text format (no pickle: safe to load)
    model.json       calibration knots, estimator parameters, category codes, smoothing
    history.json     the entity statistics the features read (node data; see docs)
    card.json        the model card: data, period, metrics, parameters, intended use
    signature.json   SHA-256 of every file above, their digest, an Ed25519 signature of it

:func:`load_artifact` refuses a directory whose files, digest or signature do not match
the signer's public key.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from borderflow.errors import InvalidInput, NotFound
from borderflow.targeting.estimator import RiskClassifier
from borderflow.targeting.features import CategoryCodes
from borderflow.targeting.history import History
from borderflow.targeting.scoring import RiskModel
from borderflow.targeting.signing import (
    PublicKeyLike,
    key_id,
    sign_digest,
    to_public_key,
    verify_digest,
)

__all__ = ["ARTIFACT_FILES", "Artifact", "load_artifact", "read_card", "save_artifact"]

ARTIFACT_FILES = ("booster.txt", "model.json", "history.json", "card.json")
_SIGNATURE = "signature.json"


class Artifact:
    """A verified artifact: the model, its card and the digest that was signed."""

    def __init__(self, model: RiskModel, card: dict[str, Any], digest: str, signer: str) -> None:
        self.model = model
        self.card = card
        self.digest = digest
        self.signer = signer


def _manifest(directory: Path) -> dict[str, str]:
    return {
        name: hashlib.sha256((directory / name).read_bytes()).hexdigest() for name in ARTIFACT_FILES
    }


def _digest(manifest: dict[str, str]) -> str:
    canonical = json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(canonical).hexdigest()


def save_artifact(
    model: RiskModel, card: dict[str, Any], directory: Path, key: Ed25519PrivateKey
) -> str:
    """Write ``model`` and ``card`` to a new ``directory``, signed with ``key``; the digest."""
    if directory.exists() and any(directory.iterdir()):
        raise InvalidInput(f"{directory} exists and is not empty", field="directory")
    directory.mkdir(parents=True, exist_ok=True)
    classifier = model.classifier
    (directory / "booster.txt").write_text(classifier.booster_.model_to_string())
    calibration = classifier.calibration_
    settings = {
        "params": classifier.get_params(),
        "calibration": None if calibration is None else [c.tolist() for c in calibration],
        "categories": model.categories.to_json(),
        "smoothing": model.smoothing,
        "feature_names": model.names,
    }
    _write_json(directory / "model.json", settings)
    _write_json(directory / "history.json", model.history.to_json())
    _write_json(directory / "card.json", card)
    manifest = _manifest(directory)
    digest = _digest(manifest)
    public = key.public_key()
    signature = {
        "algorithm": "Ed25519",
        "files": manifest,
        "digest": digest,
        "key_id": key_id(public),
        "signature": sign_digest(key, digest),
    }
    _write_json(directory / _SIGNATURE, signature)
    return digest


def load_artifact(directory: Path, public_key: PublicKeyLike) -> Artifact:
    """The model in ``directory`` once its files and signature check out."""
    signature = _read_json(directory / _SIGNATURE)
    try:
        manifest = _manifest(directory)
    except OSError:
        raise InvalidInput(f"{directory} lacks an artifact file", field="artifact") from None
    digest = _digest(manifest)
    if manifest != signature.get("files") or digest != signature.get("digest"):
        raise InvalidInput("the artifact's files do not match what was signed", field="artifact")
    verify_digest(public_key, digest, str(signature.get("signature", "")))
    settings = _read_json(directory / "model.json")
    model = RiskModel(
        _classifier(directory, settings),
        CategoryCodes.from_json(settings["categories"]),
        History.from_json(_read_json(directory / "history.json")),
        float(settings["smoothing"]),
        list(settings["feature_names"]),
    )
    card = _read_json(directory / "card.json")
    return Artifact(model, card, digest, key_id(to_public_key(public_key)))


def _classifier(directory: Path, settings: dict[str, Any]) -> RiskClassifier:
    params = {**settings["params"]}
    params["categorical_features"] = tuple(params["categorical_features"])
    classifier = RiskClassifier(**params)
    classifier.booster_ = lgb.Booster(model_str=(directory / "booster.txt").read_text())
    knots = settings["calibration"]
    if knots is None:
        classifier.calibration_ = None
    else:
        classifier.calibration_ = (
            np.array(knots[0], dtype=np.float64),
            np.array(knots[1], dtype=np.float64),
        )
    classifier.classes_ = np.array([0, 1])
    classifier.n_features_in_ = len(settings["feature_names"])
    return classifier


def read_card(directory: Path) -> dict[str, Any]:
    """The model card alone, unverified (for listing; load the artifact to trust it)."""
    return _read_json(directory / "card.json")


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotFound(f"{path} does not exist", field="artifact") from None
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"cannot read {path}: {exc}", field="artifact") from None
    if not isinstance(data, dict):
        raise InvalidInput(f"{path} is not a JSON object", field="artifact")
    return data
