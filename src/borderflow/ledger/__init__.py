"""Crossings; single entry/exit; travel history, presence, stays, overstays, anomalies."""

from borderflow.ledger.model import (
    LAND_MODES,
    Crossing,
    CrossingInput,
    Document,
    DocumentInput,
    DocumentType,
    Mode,
    Sex,
)
from borderflow.ledger.rules import CrossingRules
from borderflow.ledger.service import CrossingHook, LedgerService, RecordResult, TravelHistory

__all__ = [
    "LAND_MODES",
    "Crossing",
    "CrossingHook",
    "CrossingInput",
    "CrossingRules",
    "Document",
    "DocumentInput",
    "DocumentType",
    "LedgerService",
    "Mode",
    "RecordResult",
    "Sex",
    "TravelHistory",
]
