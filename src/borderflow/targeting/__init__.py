"""Cargo targeting: declarations, leak-free risk features, signed models, rules, selection.

The call the port decision uses is :meth:`Scorer.score_declaration` (pure, fast) and
:func:`select` for choosing inspections under a capacity with a random share.

Names load on first use (PEP 562): importing the package, as the CLI and the API do at
start-up, does not load LightGBM and scikit-learn until a model is trained or scored.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from borderflow.targeting.artifact import Artifact, load_artifact, read_card, save_artifact
    from borderflow.targeting.card import build_card
    from borderflow.targeting.declaration import Declaration, Outcome
    from borderflow.targeting.estimator import RiskClassifier
    from borderflow.targeting.feedback import (
        OnlinePrecision,
        PromotionDecision,
        apply_outcomes,
        compare_models,
        online_precision,
    )
    from borderflow.targeting.loading import LoadReport, load_declarations
    from borderflow.targeting.mapping import ColumnMapping, builtin_mapping, load_mapping
    from borderflow.targeting.metrics import Evaluation
    from borderflow.targeting.rules import (
        ApprovalState,
        Rule,
        RuleSet,
        approve,
        dump_rule_set,
        load_rule_set,
        parse_rule_set,
    )
    from borderflow.targeting.scoring import Reason, ReasonKind, RiskModel, RiskScore, Scorer
    from borderflow.targeting.selection import (
        Capacity,
        PrevalenceEstimate,
        Selection,
        SelectionReason,
        estimate_prevalence,
        select,
    )
    from borderflow.targeting.signing import generate_signing_key, load_private_key, public_key_pem
    from borderflow.targeting.simulation import OnlineConfig, WeekResult, simulate_online
    from borderflow.targeting.training import evaluate_model, train_risk_model, with_history

_HOME = {
    "ApprovalState": "rules",
    "Artifact": "artifact",
    "Capacity": "selection",
    "ColumnMapping": "mapping",
    "Declaration": "declaration",
    "Evaluation": "metrics",
    "LoadReport": "loading",
    "OnlineConfig": "simulation",
    "OnlinePrecision": "feedback",
    "Outcome": "declaration",
    "PrevalenceEstimate": "selection",
    "PromotionDecision": "feedback",
    "Reason": "scoring",
    "ReasonKind": "scoring",
    "RiskClassifier": "estimator",
    "RiskModel": "scoring",
    "RiskScore": "scoring",
    "Rule": "rules",
    "RuleSet": "rules",
    "Scorer": "scoring",
    "Selection": "selection",
    "SelectionReason": "selection",
    "WeekResult": "simulation",
    "apply_outcomes": "feedback",
    "approve": "rules",
    "build_card": "card",
    "builtin_mapping": "mapping",
    "compare_models": "feedback",
    "dump_rule_set": "rules",
    "estimate_prevalence": "selection",
    "evaluate_model": "training",
    "generate_signing_key": "signing",
    "load_artifact": "artifact",
    "load_declarations": "loading",
    "load_mapping": "mapping",
    "load_private_key": "signing",
    "load_rule_set": "rules",
    "online_precision": "feedback",
    "parse_rule_set": "rules",
    "public_key_pem": "signing",
    "read_card": "artifact",
    "save_artifact": "artifact",
    "select": "selection",
    "simulate_online": "simulation",
    "train_risk_model": "training",
    "with_history": "training",
}

__all__ = [
    "ApprovalState",
    "Artifact",
    "Capacity",
    "ColumnMapping",
    "Declaration",
    "Evaluation",
    "LoadReport",
    "OnlineConfig",
    "OnlinePrecision",
    "Outcome",
    "PrevalenceEstimate",
    "PromotionDecision",
    "Reason",
    "ReasonKind",
    "RiskClassifier",
    "RiskModel",
    "RiskScore",
    "Rule",
    "RuleSet",
    "Scorer",
    "Selection",
    "SelectionReason",
    "WeekResult",
    "apply_outcomes",
    "approve",
    "build_card",
    "builtin_mapping",
    "compare_models",
    "dump_rule_set",
    "estimate_prevalence",
    "evaluate_model",
    "generate_signing_key",
    "load_artifact",
    "load_declarations",
    "load_mapping",
    "load_private_key",
    "load_rule_set",
    "online_precision",
    "parse_rule_set",
    "public_key_pem",
    "read_card",
    "save_artifact",
    "select",
    "simulate_online",
    "train_risk_model",
    "with_history",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
