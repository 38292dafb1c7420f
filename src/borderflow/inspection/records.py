"""Decisions and secondary results as recorded: the decision plus where, when and what for.

Plain values (no I/O); :mod:`borderflow.inspection.repository` stores and reads them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from borderflow.inspection.model import Decision, Lane, Mode, ReferralSource

__all__ = ["DecisionRecord", "SecondaryRecord", "targeting_selection"]


@dataclass(frozen=True, slots=True)
class SecondaryRecord:
    """What a secondary inspection found, who reported it and how the arrival was chosen."""

    found: bool
    critical: bool
    what: str
    officer_id: str
    selected_by: str
    reported_at: dt.datetime
    audit_seq: int

    def fields(self) -> dict[str, Any]:
        """Every field by its stored and published name (the officer as ``officer``)."""
        return {
            "found": self.found,
            "critical": self.critical,
            "what": self.what,
            "officer": self.officer_id,
            "selected_by": self.selected_by,
            "reported_at": self.reported_at,
            "audit_seq": self.audit_seq,
        }


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """A decision as kept: the arrival's port, mode and lane, its time and its links.

    ``crossing_id`` is the arrival's ledger crossing and ``declaration_id`` the cargo
    declaration targeting scored, when there is one; ``audit_seq`` the audit log entry.
    ``policy_version`` is the version of the port's policy the decision was taken under
    (``None`` when a caller decided under a policy of its own, outside the node's
    settings) and ``secondary_in_use`` the secondary bays counted as occupied then: with
    the draw, they replay the random check.
    """

    decision: Decision
    port: str
    entering: str
    mode: Mode
    lane: Lane
    decided_at: dt.datetime
    local_day: dt.date
    audit_seq: int
    crossing_id: str | None = None
    declaration_id: str | None = None
    policy_version: int | None = None
    secondary_in_use: int | None = None
    secondary: SecondaryRecord | None = None

    def fields(self) -> dict[str, Any]:
        """The decision and where, when and what for, flat, by their stored and published
        names (enums as their values; the secondary result apart)."""
        decision = self.decision
        return {
            "arrival_id": decision.arrival_id,
            "outcome": decision.outcome.value,
            "primary_interview": decision.primary_interview,
            "reasons": list(decision.reasons),
            "referred_by": [source.value for source in decision.referred_by],
            "officer": decision.officer_id,
            "authority": decision.authority,
            "policy": decision.policy,
            "policy_version": self.policy_version,
            "secondary_in_use": self.secondary_in_use,
            "draw": decision.draw,
            "port": self.port,
            "entering": self.entering,
            "lane": self.lane.value,
            "mode": self.mode.value,
            "decided_at": self.decided_at,
            "local_day": self.local_day,
            "crossing_id": self.crossing_id,
            "declaration_id": self.declaration_id,
            "audit_seq": self.audit_seq,
        }


def targeting_selection(decision: Decision) -> str:
    """How targeting should count an inspection that followed ``decision``.

    ``random`` for a random check (it estimates prevalence), ``model`` when targeting's
    score referred the arrival (a rule referral reaches the port as a score too), ``port``
    for referrals that were the port's own (identity, screening, lane, officer).
    """
    if ReferralSource.RANDOM in decision.referred_by:
        return "random"
    if ReferralSource.TARGETING in decision.referred_by:
        return "model"
    return "port"
