"""The ledger's use cases: record crossings and answer questions about travelers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from sqlalchemy import Connection

from borderflow.audit import AuditLog
from borderflow.errors import InvalidInput, NotFound
from borderflow.ledger.model import Crossing, CrossingInput, Mode
from borderflow.ledger.persons import PersonKey, link_explanation, normalise_name
from borderflow.ledger.repository import (
    DocumentRecord,
    LedgerRepository,
    OverstayRow,
    PersonRecord,
    StatFilter,
    StatRow,
    WriteResult,
)
from borderflow.ledger.rules import CrossingRules
from borderflow.ledger.travel import (
    Anomaly,
    CrossingRecord,
    Presence,
    Stay,
    find_anomalies,
    presence,
    stays,
)
from borderflow.reference import default_catalog

__all__ = [
    "BatchCrossingHook",
    "CrossingHook",
    "LedgerService",
    "LinkedDocument",
    "RecordResult",
    "TravelHistory",
]

#: Called in the recording transaction for each newly recorded crossing (not for duplicates).
CrossingHook = Callable[[Connection, Crossing], None]


@runtime_checkable
class BatchCrossingHook(Protocol):
    """A hook that takes all the new crossings of one write in one call (``batch``), so its
    per-call work (reading configuration, numbering, inserting) is done once per batch."""

    def __call__(self, connection: Connection, crossing: Crossing) -> None: ...

    def batch(self, connection: Connection, crossings: Sequence[Crossing]) -> None: ...


@dataclass(frozen=True, slots=True)
class RecordResult:
    crossing: Crossing
    created: bool


@dataclass(frozen=True, slots=True)
class LinkedDocument:
    document: DocumentRecord
    link: str


@dataclass(frozen=True, slots=True)
class TravelHistory:
    """Everything the ledger knows of one person's travel, with the document links explained."""

    person: PersonRecord
    documents: list[LinkedDocument]
    crossings: list[CrossingRecord]
    stays: list[Stay]
    anomalies: list[Anomaly] = field(default_factory=list)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class LedgerService:
    """Records crossings (validated, idempotent) and answers the ledger's queries."""

    def __init__(
        self,
        connection: Connection,
        *,
        rules: CrossingRules | None = None,
        on_recorded: Sequence[CrossingHook] = (),
        now: Callable[[], dt.datetime] = _now,
    ) -> None:
        self.connection = connection
        self.repository = LedgerRepository(connection)
        self.rules = rules or CrossingRules(default_catalog(), now=now)
        self.on_recorded = list(on_recorded)
        self.now = now

    def record(
        self, item: CrossingInput, *, recorded_by: str, source: str = "local"
    ) -> RecordResult:
        """Validate and record one crossing; recording the same id again changes nothing."""
        crossing = self.rules.validate(item)
        result = self.record_validated([crossing], recorded_by=recorded_by, source=source)
        return RecordResult(crossing, created=bool(result.created))

    def record_validated(
        self, batch: Sequence[Crossing], *, recorded_by: str, source: str = "local"
    ) -> WriteResult:
        """Record already validated crossings in the caller's transaction, then run the hooks
        (in order; a :class:`BatchCrossingHook` gets the new crossings in one call)."""
        result = self.repository.write(
            batch, recorded_by=recorded_by, source=source, recorded_at=self.now()
        )
        if not result.created:
            return result
        for hook in self.on_recorded:
            if isinstance(hook, BatchCrossingHook):
                hook.batch(self.connection, result.created)
                continue
            for crossing in result.created:
                hook(self.connection, crossing)
        return result

    def audit_read(self, actor: str, what: str, subject: str) -> None:
        """Write a read of personal data to the audit log, in the reading transaction."""
        AuditLog(self.connection).append(action=f"ledger.read.{what}", actor=actor, subject=subject)

    def person_for(self, issuing_country: str, number: str, doc_type: str | None = None) -> int:
        """The person holding a document; :class:`NotFound` naming the field otherwise."""
        country = self.rules.catalog.country(issuing_country).alpha2
        clean = number.replace(" ", "").replace("-", "").upper()
        person_id = self.repository.find_person(country, clean, doc_type)
        if person_id is None:
            raise NotFound(
                f"no traveler with document {clean} issued by {country} in the ledger",
                field="document_number",
            )
        return person_id

    def history(self, person_id: int) -> TravelHistory:
        person = self.repository.person(person_id)
        if person is None:
            raise NotFound(f"no traveler with id {person_id}", field="person_id")
        key = PersonKey(
            person.issuing_country,
            normalise_name(person.surname),
            normalise_name(person.given_names),
            person.date_of_birth,
        )
        linked = [
            LinkedDocument(doc, link_explanation(key))
            for doc in self.repository.documents_of(person_id)
        ]
        records = self.repository.crossings_of(person_id)
        return TravelHistory(person, linked, records, stays(records), find_anomalies(records))

    def presence(self, person_id: int, as_of: dt.datetime | None = None) -> Presence:
        if self.repository.person(person_id) is None:
            raise NotFound(f"no traveler with id {person_id}", field="person_id")
        return presence(self.repository.crossings_of(person_id), as_of or self.now())

    def overstays(
        self, country: str, as_of: dt.date, *, include_departed: bool = False
    ) -> list[OverstayRow]:
        code = self.rules.catalog.country(country).alpha2
        return self.repository.overstays(code, as_of, include_departed=include_departed)

    def anomalies(self, limit: int = 100) -> list[Anomaly]:
        """Anomalies of up to ``limit`` travelers whose crossings do not chain."""
        found: list[Anomaly] = []
        for person_id in self.repository.persons_with_breaks(limit):
            found.extend(find_anomalies(self.repository.crossings_of(person_id)))
        return found

    def stats(self, where: StatFilter) -> list[StatRow]:
        return self.repository.stats(where)

    def stat_filter(
        self,
        *,
        port: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        mode: str | None = None,
        from_country: str | None = None,
        to_country: str | None = None,
    ) -> StatFilter:
        """A filter from what a person typed: port names, alpha-3 codes and modes resolved."""
        catalog = self.rules.catalog
        if mode is not None and mode not in set(Mode):
            allowed = ", ".join(m.value for m in Mode)
            raise InvalidInput(f"unknown mode {mode!r}: expected one of {allowed}", field="mode")
        if since and until and since > until:
            raise InvalidInput("the period ends before it starts", field="until")
        return StatFilter(
            port=catalog.port(port).code if port else None,
            since=since,
            until=until,
            mode=mode,
            from_country=catalog.country(from_country).alpha2 if from_country else None,
            to_country=catalog.country(to_country).alpha2 if to_country else None,
        )
