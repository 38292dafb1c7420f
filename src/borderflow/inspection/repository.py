"""Recorded decisions and secondary results in the node's database (caller's transaction)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select
from sqlalchemy.sql import Select

from borderflow.errors import Conflict, NotFound
from borderflow.inspection.model import Decision, Lane, Mode, Outcome, ReferralSource
from borderflow.inspection.records import DecisionRecord, SecondaryRecord
from borderflow.inspection.tables import inspection_decisions, inspection_outcomes

__all__ = ["InspectionRepository"]

_CHUNK = 500


class InspectionRepository:
    """Writes one decision per arrival and at most one secondary result per decision."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add_decision(self, record: DecisionRecord) -> None:
        decision = record.decision
        if self._exists(decision.arrival_id):
            raise Conflict(
                f"arrival {decision.arrival_id} has a recorded decision already",
                field="arrival_id",
            )
        self.connection.execute(insert(inspection_decisions).values(**record.fields()))

    def add_secondary(self, arrival_id: str, secondary: SecondaryRecord) -> None:
        if self.decision(arrival_id).secondary is not None:
            raise Conflict(
                f"arrival {arrival_id} has a secondary result already", field="arrival_id"
            )
        self.connection.execute(
            insert(inspection_outcomes).values(arrival_id=arrival_id, **secondary.fields())
        )

    def decision(self, arrival_id: str) -> DecisionRecord:
        row = self.connection.execute(
            _query().where(inspection_decisions.c.arrival_id == arrival_id)
        ).first()
        if row is None:
            raise NotFound(f"no decision recorded for arrival {arrival_id}", field="arrival_id")
        return _record(row)

    def for_crossings(self, crossing_ids: Sequence[str]) -> list[DecisionRecord]:
        """Decisions linked to these ledger crossings, in time order."""
        found: list[DecisionRecord] = []
        for start in range(0, len(crossing_ids), _CHUNK):
            chunk = crossing_ids[start : start + _CHUNK]
            query = _query().where(inspection_decisions.c.crossing_id.in_(chunk))
            found += [_record(row) for row in self.connection.execute(query)]
        return sorted(found, key=lambda r: (r.decided_at, r.decision.arrival_id))

    def at_port(self, port: str, day: dt.date) -> list[DecisionRecord]:
        """Decisions at ``port`` (code) on its local ``day``, in time order."""
        query = _query().where(
            inspection_decisions.c.port == port, inspection_decisions.c.local_day == day
        )
        return [_record(row) for row in self.connection.execute(query)]

    def open_referrals(self, port: str, since: dt.datetime | None = None) -> int:
        """Referred or held arrivals at ``port`` (code) whose secondary result is not in,
        decided at or after ``since`` when given.

        Each one holds a secondary bay until its result is reported, as a referral holds
        (or queues for) a bay in the simulator until its examination ends.
        """
        query = _unresolved(port)
        if since is not None:
            query = query.where(inspection_decisions.c.decided_at >= since)
        return int(self.connection.execute(query).scalar_one())

    def stale_referrals(self, port: str, before: dt.datetime) -> int:
        """Referred or held arrivals at ``port`` decided before ``before`` whose result
        never came: no longer counted as occupying a bay, but still owed a result."""
        query = _unresolved(port).where(inspection_decisions.c.decided_at < before)
        return int(self.connection.execute(query).scalar_one())

    def linked_to(self, crossing_id: str) -> str | None:
        """The arrival whose decision is linked to ``crossing_id``, if any."""
        found: str | None = self.connection.execute(
            select(inspection_decisions.c.arrival_id).where(
                inspection_decisions.c.crossing_id == crossing_id
            )
        ).scalar()
        return found

    def _exists(self, arrival_id: str) -> bool:
        found = self.connection.execute(
            select(inspection_decisions.c.arrival_id).where(
                inspection_decisions.c.arrival_id == arrival_id
            )
        ).first()
        return found is not None


def _query() -> Select[Any]:
    secondary = inspection_outcomes
    return (
        select(
            inspection_decisions,
            secondary.c.found,
            secondary.c.critical,
            secondary.c.what,
            secondary.c.officer.label("secondary_officer"),
            secondary.c.selected_by,
            secondary.c.reported_at,
            secondary.c.audit_seq.label("secondary_audit_seq"),
        )
        .select_from(inspection_decisions.outerjoin(secondary))
        .order_by(inspection_decisions.c.decided_at, inspection_decisions.c.arrival_id)
    )


def _record(row: Row[Any]) -> DecisionRecord:
    decision = Decision(
        arrival_id=row.arrival_id,
        outcome=Outcome(row.outcome),
        primary_interview=row.primary_interview,
        reasons=tuple(row.reasons),
        officer_id=row.officer,
        authority=row.authority,
        policy=row.policy,
        referred_by=tuple(ReferralSource(source) for source in row.referred_by),
        draw=row.draw,
    )
    return DecisionRecord(
        decision=decision,
        port=row.port,
        entering=row.entering,
        mode=Mode(row.mode),
        lane=Lane(row.lane),
        decided_at=row.decided_at,
        local_day=row.local_day,
        audit_seq=row.audit_seq,
        crossing_id=row.crossing_id,
        declaration_id=row.declaration_id,
        policy_version=row.policy_version,
        secondary_in_use=row.secondary_in_use,
        secondary=_secondary(row),
    )


def _secondary(row: Row[Any]) -> SecondaryRecord | None:
    if row.found is None:
        return None
    return SecondaryRecord(
        found=row.found,
        critical=row.critical,
        what=row.what,
        officer_id=row.secondary_officer,
        selected_by=row.selected_by,
        reported_at=row.reported_at,
        audit_seq=row.secondary_audit_seq,
    )


def _unresolved(port: str) -> Select[int]:
    """Count of the referred or held decisions at ``port`` without a secondary result."""
    decisions, outcomes = inspection_decisions, inspection_outcomes
    return (
        select(func.count())
        .select_from(decisions.outerjoin(outcomes))
        .where(
            decisions.c.port == port,
            decisions.c.outcome.in_([Outcome.REFER.value, Outcome.HOLD.value]),
            outcomes.c.arrival_id.is_(None),
        )
    )
