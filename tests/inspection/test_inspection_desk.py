"""The desk passes each decision to the ledger side and each outcome to targeting."""

from __future__ import annotations

import random

from borderflow.inspection import (
    Arrival,
    Decision,
    IdentityResult,
    InspectionDesk,
    Lane,
    Mode,
    Officer,
    Outcome,
    SecondaryOutcome,
    policy_named,
)


class ListRecorder:
    """A ledger stand-in that keeps what it is given, in order."""

    def __init__(self) -> None:
        self.recorded: list[tuple[Arrival, Decision]] = []

    def record(self, arrival: Arrival, decision: Decision) -> None:
        self.recorded.append((arrival, decision))


class ListOutcomes:
    def __init__(self) -> None:
        self.outcomes: list[SecondaryOutcome] = []

    def secondary_outcome(self, outcome: SecondaryOutcome) -> None:
        self.outcomes.append(outcome)


def test_desk_records_decisions_and_reports_outcomes() -> None:
    recorder, outcomes = ListRecorder(), ListOutcomes()
    desk = InspectionDesk(
        policy_named("cbm", random_check_rate=1.0), random.Random(3), recorder, outcomes
    )
    arrival = Arrival(
        "a-9", "2504", "US", Mode.PEDESTRIAN, Lane.PEDESTRIAN, IdentityResult(True, "US")
    )
    decision = desk.inspect(arrival, Officer("o-2", "US"))
    assert decision.outcome is Outcome.REFER
    assert recorder.recorded == [(arrival, decision)]
    desk.report(SecondaryOutcome("a-9", found=False, what="", officer_id="o-5"))
    assert outcomes.outcomes[0].arrival_id == "a-9"
