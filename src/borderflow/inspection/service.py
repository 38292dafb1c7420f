"""The port's decisions kept: with the ledger crossing, in the audit log, and fed to targeting.

:class:`InspectionService` works in the caller's transaction, so an arrival's crossing,
its decision and their audit entry are written together or not at all. It satisfies both
:class:`~borderflow.inspection.sources.DecisionRecorder` and
:class:`~borderflow.inspection.sources.OutcomeSink`: an
:class:`~borderflow.inspection.sources.InspectionDesk` over storage takes it for both.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from borderflow.audit import AuditLog
from borderflow.errors import Conflict, InvalidInput, NotFound, Problem
from borderflow.inspection.decide import decide
from borderflow.inspection.model import REFERRAL_EXPIRY, Arrival, Decision, Officer, Outcome
from borderflow.inspection.partners import partner_event, share
from borderflow.inspection.policy import Policy
from borderflow.inspection.policy_repository import PolicyRepository
from borderflow.inspection.policy_service import policy_in_force
from borderflow.inspection.records import DecisionRecord, SecondaryRecord, targeting_selection
from borderflow.inspection.repository import InspectionRepository
from borderflow.inspection.sources import SecondaryOutcome
from borderflow.ledger import CrossingInput, LedgerService
from borderflow.targeting.declaration import Outcome as Label
from borderflow.targeting.repository import TargetingRepository

__all__ = ["InspectionService", "TravelerDecisions"]

_WHAT_LENGTH = 512


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class TravelerDecisions:
    """The decisions taken about one ledger person, through their recorded crossings."""

    person_id: int
    decisions: list[DecisionRecord]


class InspectionService:
    """Records decisions and secondary results, and answers who was decided what, where."""

    def __init__(
        self,
        connection: Connection,
        *,
        ledger: LedgerService | None = None,
        now: Callable[[], dt.datetime] = _utc_now,
        referral_expiry: dt.timedelta = REFERRAL_EXPIRY,
    ) -> None:
        self.connection = connection
        self.referral_expiry = referral_expiry
        self.ledger = ledger or LedgerService(connection, now=now)
        self.catalog = self.ledger.rules.catalog
        self.repository = InspectionRepository(connection)
        self.now = now

    def decide_and_record(
        self,
        arrival: Arrival,
        officer: Officer,
        policy: Policy,
        rng: random.Random,
        *,
        crossing: CrossingInput | None = None,
    ) -> DecisionRecord:
        """Decide ``arrival`` and record the decision with its crossing (one transaction)."""
        return self.record(arrival, decide(arrival, officer, policy, rng), crossing=crossing)

    def decide_at_port(
        self,
        arrival: Arrival,
        officer: Officer,
        rng: random.Random,
        *,
        crossing: CrossingInput | None = None,
        crossing_id: str | None = None,
    ) -> DecisionRecord:
        """Decide ``arrival`` under its port's policy in force now, and record it.

        The port's open referrals are the secondary bays in use, passed to :func:`decide`
        in ``Arrival.secondary_in_use`` as the simulator passes its occupied and queued
        bays, so a full secondary skips the random check here exactly as there. A referral
        older than ``referral_expiry`` no longer counts (its result was never reported). The
        decision records the policy version. No policy in force: 409 naming ``port``.
        """
        now = self.now()
        version = policy_in_force(self.connection, arrival.port_code, now)
        since = now - self.referral_expiry
        occupied = self.repository.open_referrals(arrival.port_code, since=since)
        arrival = dataclasses.replace(arrival, secondary_in_use=occupied)
        decision = decide(arrival, officer, version.policy, rng)
        return self.record(
            arrival,
            decision,
            crossing=crossing,
            crossing_id=crossing_id,
            policy_version=version.version,
            decided_at=now,
        )

    def record(
        self,
        arrival: Arrival,
        decision: Decision,
        *,
        crossing: CrossingInput | None = None,
        crossing_id: str | None = None,
        policy_version: int | None = None,
        decided_at: dt.datetime | None = None,
    ) -> DecisionRecord:
        """Record ``decision``, with its arrival's crossing: given whole (recorded in the
        ledger now, idempotent on its id) or by the id of one recorded before.

        ``policy_version`` names the port policy version it was taken under, if any;
        ``decided_at`` defaults to now.
        """
        if crossing is not None and crossing_id is not None:
            raise InvalidInput("give the crossing or its id, not both", field="crossing_id")
        if crossing is not None:
            crossing_id = self._record_crossing(arrival, decision, crossing)
        elif crossing_id is not None:
            self._check_known_crossing(arrival, crossing_id)
        if arrival.declaration_id is not None:
            TargetingRepository(self.connection).declaration(arrival.declaration_id)
        if policy_version is not None:
            self._check_policy_version(arrival, decision, policy_version)
        decided_at = decided_at or self.now()
        entry = AuditLog(self.connection).append(
            action="inspection.decision",
            actor=decision.officer_id,
            subject=f"arrival:{arrival.arrival_id}",
            details=_audit_details(arrival, decision, crossing_id, policy_version),
            at=decided_at,
        )
        record = DecisionRecord(
            decision=decision,
            port=arrival.port_code,
            entering=arrival.entering,
            mode=arrival.mode,
            lane=arrival.lane,
            decided_at=decided_at,
            local_day=self._local_day(arrival.port_code, decided_at),
            audit_seq=entry.seq,
            crossing_id=crossing_id,
            declaration_id=arrival.declaration_id,
            policy_version=policy_version,
            secondary_in_use=arrival.secondary_in_use,
        )
        self.repository.add_decision(record)
        return record

    def secondary_outcome(self, outcome: SecondaryOutcome) -> SecondaryRecord:
        """Record what secondary found; a cargo declaration's result becomes its label.

        The label says how the arrival was chosen (``random``, ``model`` or ``port``), so
        targeting counts random checks apart from targeted ones. The result is queued for
        the partners whose agreement covers ``InspectionOutcome``, in this transaction.
        """
        record = self.repository.decision(outcome.arrival_id)
        if record.decision.outcome is Outcome.RELEASE:
            raise Conflict(
                f"arrival {outcome.arrival_id} was released at primary: no secondary to report",
                field="arrival_id",
            )
        if len(outcome.what) > _WHAT_LENGTH:
            raise InvalidInput(f"at most {_WHAT_LENGTH} characters", field="what")
        reported_at = self.now()
        selected_by = targeting_selection(record.decision)
        entry = AuditLog(self.connection).append(
            action="inspection.secondary_outcome",
            actor=outcome.officer_id,
            subject=f"arrival:{outcome.arrival_id}",
            details={
                "found": outcome.found,
                "critical": outcome.critical,
                "what": outcome.what,
                "selected_by": selected_by,
                "declaration_id": record.declaration_id,
            },
            at=reported_at,
        )
        secondary = SecondaryRecord(
            found=outcome.found,
            critical=outcome.critical,
            what=outcome.what,
            officer_id=outcome.officer_id,
            selected_by=selected_by,
            reported_at=reported_at,
            audit_seq=entry.seq,
        )
        self.repository.add_secondary(outcome.arrival_id, secondary)
        share(self.connection, partner_event(outcome.arrival_id, record, secondary))
        if record.declaration_id is not None:
            label = Label(
                record.declaration_id,
                fraud=outcome.found,
                critical=outcome.critical,
                inspected_on=self._local_day(record.port, reported_at),
                note=outcome.what,
                selected_by=selected_by,
            )
            TargetingRepository(self.connection).record_outcome(label, actor=outcome.officer_id)
        return secondary

    def decision(self, arrival_id: str) -> DecisionRecord:
        return self.repository.decision(arrival_id)

    def traveler(
        self, issuing_country: str, document_number: str, doc_type: str | None = None
    ) -> TravelerDecisions:
        """Decisions about the holder of a document, across all their recorded crossings."""
        person_id = self.ledger.person_for(issuing_country, document_number, doc_type)
        crossing_ids = [c.id for c in self.ledger.history(person_id).crossings]
        return TravelerDecisions(person_id, self.repository.for_crossings(crossing_ids))

    def at_port(self, port: str, day: dt.date) -> list[DecisionRecord]:
        """Decisions at a port (code or name) on its local ``day``."""
        return self.repository.at_port(self.catalog.port(port).code, day)

    def _local_day(self, port_code: str, moment: dt.datetime) -> dt.date:
        return moment.astimezone(self.catalog.port(port_code).zone).date()

    def _record_crossing(self, arrival: Arrival, decision: Decision, item: CrossingInput) -> str:
        try:
            crossing = self.ledger.rules.validate(item)
        except InvalidInput as error:
            raise InvalidInput.of(
                [Problem(f"crossing.{p.field}", p.message) for p in error.problems]
                or [Problem("crossing", error.message)]
            ) from None
        _check_same_arrival(arrival, crossing.port, crossing.to_country, crossing.mode.value)
        self._check_unlinked(crossing.id)
        self.ledger.record_validated([crossing], recorded_by=decision.officer_id)
        return crossing.id

    def _check_known_crossing(self, arrival: Arrival, crossing_id: str) -> None:
        known = self.ledger.repository.crossing(crossing_id)
        if known is None:
            raise NotFound(f"no crossing with id {crossing_id} in the ledger", field="crossing_id")
        _check_same_arrival(arrival, known.port, known.to_country, known.mode)
        self._check_unlinked(crossing_id)

    def _check_policy_version(self, arrival: Arrival, decision: Decision, version: int) -> None:
        """The version must be one of the arrival's port, of the kind the decision names."""
        found = PolicyRepository(self.connection).get(version)
        if found.port != arrival.port_code or found.policy.name != decision.policy:
            raise InvalidInput(
                f"policy version {version} is a {found.policy.name} policy of port "
                f"{found.port}, not the {decision.policy} policy of port {arrival.port_code}",
                field="policy_version",
            )

    def _check_unlinked(self, crossing_id: str) -> None:
        if self.repository.linked_to(crossing_id) is not None:
            raise Conflict(f"crossing {crossing_id} has a decision already", field="crossing_id")


def _check_same_arrival(arrival: Arrival, port: str, to_country: str, mode: str) -> None:
    """The crossing must be this arrival's: same port, same country entered, same mode."""
    problems = []
    if port != arrival.port_code:
        problems.append(
            Problem(
                "crossing.port", f"the crossing is at {port}, the arrival at {arrival.port_code}"
            )
        )
    if to_country != arrival.entering:
        problems.append(
            Problem(
                "crossing.to_country",
                f"the crossing enters {to_country}, the arrival {arrival.entering}",
            )
        )
    if mode != arrival.mode.value:
        problems.append(
            Problem("crossing.mode", f"the crossing is by {mode}, the arrival {arrival.mode.value}")
        )
    if problems:
        raise InvalidInput.of(problems)


def _audit_details(
    arrival: Arrival, decision: Decision, crossing_id: str | None, policy_version: int | None
) -> dict[str, Any]:
    return {
        "port": arrival.port_code,
        "lane": arrival.lane.value,
        "outcome": decision.outcome.value,
        "primary_interview": decision.primary_interview,
        "reasons": list(decision.reasons),
        "referred_by": [source.value for source in decision.referred_by],
        "authority": decision.authority,
        "policy": decision.policy,
        "policy_version": policy_version,
        "secondary_in_use": arrival.secondary_in_use,
        "draw": decision.draw,
        "crossing_id": crossing_id,
        "declaration_id": arrival.declaration_id,
    }
