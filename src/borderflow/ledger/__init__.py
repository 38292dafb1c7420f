"""Crossings; single entry/exit; travel history, presence, stays, overstays, anomalies.

The service names load on first use (PEP 562), so that the processes that validate for a
bulk import (``ledger.checking``) do not load the database layer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from borderflow.ledger.service import (
        CrossingHook,
        LedgerService,
        RecordResult,
        TravelHistory,
    )

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

_FROM_SERVICE = frozenset({"CrossingHook", "LedgerService", "RecordResult", "TravelHistory"})


def __getattr__(name: str) -> Any:
    if name not in _FROM_SERVICE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.service"), name)
    globals()[name] = value
    return value
