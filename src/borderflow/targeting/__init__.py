"""Cargo targeting: declarations, leak-free risk features, signed models, rules, selection.

The call the port decision uses is :meth:`Scorer.score_declaration` (pure, fast) and
:func:`select` for choosing inspections under a capacity with a random share.
"""

from borderflow.targeting.artifact import Artifact, load_artifact, read_card, save_artifact
from borderflow.targeting.card import build_card
from borderflow.targeting.declaration import Declaration, Outcome
from borderflow.targeting.estimator import RiskClassifier
from borderflow.targeting.feedback import PromotionDecision, apply_outcomes, compare_models
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

__all__ = [
    "ApprovalState",
    "Artifact",
    "Capacity",
    "ColumnMapping",
    "Declaration",
    "Evaluation",
    "LoadReport",
    "OnlineConfig",
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
    "parse_rule_set",
    "public_key_pem",
    "read_card",
    "save_artifact",
    "select",
    "simulate_online",
    "train_risk_model",
    "with_history",
]
