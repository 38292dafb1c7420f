"""A secondary inspection's result for partners: an ``InspectionOutcome`` event queued in
the federation's outbox in the transaction that records the result.

The agreements decide who receives it and which of its fields (``ca-us.toml``: the US
sends its results to Canada, whose node keeps them in its inbox for now). The event names
the arrival, its ledger crossing, the port, the decision and what secondary found; no
traveler's name or document travels with it.
"""

from __future__ import annotations

from sqlalchemy import Connection

from borderflow.federation.events import InspectionOutcome
from borderflow.federation.outbox import Outbox
from borderflow.inspection.records import DecisionRecord, SecondaryRecord

__all__ = ["partner_event", "share"]


def partner_event(
    arrival_id: str, record: DecisionRecord, secondary: SecondaryRecord
) -> InspectionOutcome:
    """The event for the result ``secondary`` of the decision ``record`` about
    ``arrival_id``; the authority is the country the arrival entered."""
    return InspectionOutcome(
        inspection_id=arrival_id,
        crossing_id=record.crossing_id,
        port=record.port,
        decided_at=record.decided_at,
        decision=record.decision.outcome.value,
        found=secondary.found,
        findings=[secondary.what] if secondary.what else [],
        authority=record.entering,
    )


def share(connection: Connection, event: InspectionOutcome) -> None:
    """Queue ``event`` for the partners whose agreement covers it (none: nothing)."""
    outbox = Outbox(connection)
    if outbox.has_partners():
        outbox.emit(event)
