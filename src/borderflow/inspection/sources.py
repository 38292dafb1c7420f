"""Where the decision's inputs come from and where its results go, as narrow protocols.

Identity, screening, programs and targeting are separate contexts; each plugs into the
port through an adapter that satisfies one of these protocols. The ledger records
decisions and targeting learns from secondary outcomes through the last two;
:class:`borderflow.inspection.service.InspectionService` implements both over storage.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Protocol

from borderflow.inspection.decide import decide
from borderflow.inspection.model import (
    Arrival,
    Decision,
    IdentityResult,
    Officer,
    ProgramStatus,
    RiskScore,
    ScreeningResult,
)
from borderflow.inspection.policy import Policy

__all__ = [
    "DecisionRecorder",
    "InspectionDesk",
    "OutcomeSink",
    "ProgramSource",
    "RiskSource",
    "ScreeningSource",
    "SecondaryOutcome",
]


class ScreeningSource(Protocol):
    def screen(self, identity: IdentityResult) -> ScreeningResult: ...


class ProgramSource(Protocol):
    def status(self, identity: IdentityResult) -> ProgramStatus | None: ...


class RiskSource(Protocol):
    def score(self, arrival: Arrival) -> RiskScore: ...


class DecisionRecorder(Protocol):
    """The ledger side: keeps each decision with the arrival it was taken for.

    Whatever ``record`` returns (a stored record, say) is ignored by the desk.
    """

    def record(self, arrival: Arrival, decision: Decision) -> object: ...


@dataclass(frozen=True, slots=True)
class SecondaryOutcome:
    """What a secondary inspection found: the label targeting learns from.

    ``critical`` marks a finding of the gravest kind (targeting's ``critical`` label).
    """

    arrival_id: str
    found: bool
    what: str
    officer_id: str
    critical: bool = False


class OutcomeSink(Protocol):
    def secondary_outcome(self, outcome: SecondaryOutcome) -> object: ...


class InspectionDesk:
    """Decides arrivals under one port's policy and passes decisions and outcomes on.

    The desk owns no rules: it calls :func:`decide` and hands the result to the recorder.
    A production desk takes ``random.SystemRandom()`` so that travellers cannot predict
    the random checks; the simulator and tests take a seeded ``random.Random``.
    """

    def __init__(
        self,
        policy: Policy,
        rng: random.Random,
        recorder: DecisionRecorder,
        outcomes: OutcomeSink,
    ) -> None:
        self.policy = policy
        self.rng = rng
        self.recorder = recorder
        self.outcomes = outcomes

    def inspect(self, arrival: Arrival, officer: Officer) -> Decision:
        decision = decide(arrival, officer, self.policy, self.rng)
        self.recorder.record(arrival, decision)
        return decision

    def report(self, outcome: SecondaryOutcome) -> None:
        self.outcomes.secondary_outcome(outcome)
