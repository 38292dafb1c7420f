"""The ledger in the node's database: bulk writes and the queries behind the reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, and_, delete, func, or_, select
from sqlalchemy.sql import Select

from borderflow.ledger.model import Crossing, Document
from borderflow.ledger.persons import PersonKey, person_key
from borderflow.ledger.tables import crossings, documents, persons
from borderflow.ledger.travel import CrossingRecord
from borderflow.store.dialect import bulk_insert_ignoring_conflicts, rows_with_keys

__all__ = [
    "DocumentRecord",
    "LedgerRepository",
    "OverstayRow",
    "PersonRecord",
    "StatFilter",
    "StatRow",
    "WriteResult",
]

_CHUNK = 5000
_IN_TIME = (crossings.c.crossed_at, crossings.c.id)


@dataclass(frozen=True, slots=True)
class WriteResult:
    created: list[Crossing]
    duplicates: list[str]


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id: int
    issuing_country: str
    surname: str
    given_names: str
    date_of_birth: dt.date


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    doc_type: str
    issuing_country: str
    number: str
    surname: str
    given_names: str
    nationality: str


@dataclass(frozen=True, slots=True)
class OverstayRow:
    person_id: int
    crossing_id: str
    surname: str
    given_names: str
    nationality: str
    port: str
    entered_at: dt.datetime
    admission_class: str | None
    admitted_until: dt.date
    exited_on: dt.date | None
    days_over: int


@dataclass(frozen=True, slots=True)
class StatFilter:
    """Which crossings the counts cover; ``None`` means any."""

    port: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    mode: str | None = None
    from_country: str | None = None
    to_country: str | None = None


@dataclass(frozen=True, slots=True)
class StatRow:
    port: str
    day: dt.date
    mode: str
    direction: str
    crossings: int


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class LedgerRepository:
    """Reads and writes the ledger tables through one connection (the caller's transaction)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def write(
        self, batch: Sequence[Crossing], *, recorded_by: str, source: str, recorded_at: dt.datetime
    ) -> WriteResult:
        """Record the crossings of ``batch`` whose ids are new; report the others as duplicates."""
        unique, duplicates = _split_repeats(batch)
        existing = self._existing_ids([c.id for c in unique])
        new = [c for c in unique if c.id not in existing]
        duplicates += [c.id for c in unique if c.id in existing]
        if not new:
            return WriteResult([], duplicates)
        document_keys = [c.document.key for c in new]
        holders: dict[str, tuple[Document, PersonKey]] = {}
        for key, crossing in zip(document_keys, new, strict=True):
            if key not in holders:
                holders[key] = (crossing.document, person_key(crossing.document))
        person_ids = self._ensure_persons({person for _, person in holders.values()})
        document_rows = self._ensure_documents(holders, person_ids)
        rows = (
            _crossing_values(c, document_rows[key], recorded_by, source, recorded_at)
            for key, c in zip(document_keys, new, strict=True)
        )
        bulk_insert_ignoring_conflicts(self.connection, crossings, _CROSSING_COLUMNS, rows)
        return WriteResult(new, duplicates)

    def _existing_ids(self, ids: Sequence[str]) -> set[str]:
        return {row[0] for row in rows_with_keys(self.connection, crossings, "id", ids)}

    def _ensure_persons(self, keys: set[PersonKey]) -> dict[str, int]:
        by_digest = {k.digest: k for k in keys}
        known = self._person_ids(list(by_digest))
        missing = [k for d, k in by_digest.items() if d not in known]
        if missing:
            rows = [
                (k.digest, k.issuing_country, k.surname, k.given_names, k.date_of_birth)
                for k in missing
            ]
            bulk_insert_ignoring_conflicts(self.connection, persons, _PERSON_COLUMNS, rows)
            known.update(self._person_ids([k.digest for k in missing]))
        return known

    def _person_ids(self, digests: Sequence[str]) -> dict[str, int]:
        return dict(rows_with_keys(self.connection, persons, "link_key", digests, "id"))

    def _ensure_documents(
        self, holders: dict[str, tuple[Document, PersonKey]], person_ids: dict[str, int]
    ) -> dict[str, tuple[int, int]]:
        """``doc_key -> (document id, person id)``; a known document keeps its person."""
        known = self._document_ids(list(holders))
        missing = [holder for key, holder in holders.items() if key not in known]
        if missing:
            rows = [_document_values(doc, person_ids[key.digest]) for doc, key in missing]
            bulk_insert_ignoring_conflicts(self.connection, documents, _DOCUMENT_COLUMNS, rows)
            known.update(self._document_ids([doc.key for doc, _ in missing]))
        return known

    def _document_ids(self, keys: Sequence[str]) -> dict[str, tuple[int, int]]:
        found = rows_with_keys(self.connection, documents, "doc_key", keys, "id", "person_id")
        return {key: (document_id, person_id) for key, document_id, person_id in found}

    def refresh_statistics(self) -> None:
        """Let the query planner see the ledger's new size after a bulk import (PostgreSQL
        plans a join over unanalysed tables as if they were empty)."""
        if self.connection.dialect.name == "postgresql":
            self.connection.exec_driver_sql("ANALYZE persons, documents, crossings")
        else:
            self.connection.exec_driver_sql("PRAGMA optimize")

    def forget_received(self, ids: Sequence[str]) -> int:
        """Delete crossings received from partners (source ``peer:*``), and the documents and
        persons no crossing refers to any more; a node's own records are never touched."""
        touched: set[int] = set()
        deleted = 0
        for part in _chunks(ids):
            received = (crossings.c.id.in_(part), crossings.c.source.like("peer:%"))
            touched.update(self.connection.scalars(select(crossings.c.person_id).where(*received)))
            deleted += self.connection.execute(delete(crossings).where(*received)).rowcount
        for part in _chunks(sorted(touched)):
            used = select(crossings.c.document_id).where(crossings.c.person_id.in_(part))
            self.connection.execute(
                delete(documents).where(
                    documents.c.person_id.in_(part), documents.c.id.not_in(used)
                )
            )
            has_document = select(documents.c.person_id).where(documents.c.person_id.in_(part))
            self.connection.execute(
                delete(persons).where(persons.c.id.in_(part), persons.c.id.not_in(has_document))
            )
        return deleted

    def find_person(
        self, issuing_country: str, number: str, doc_type: str | None = None
    ) -> int | None:
        """The person holding document ``number`` issued by ``issuing_country``."""
        query = select(documents.c.person_id).where(
            documents.c.issuing_country == issuing_country, documents.c.number == number
        )
        if doc_type is not None:
            query = query.where(documents.c.doc_type == doc_type)
        ids = set(self.connection.scalars(query))
        return ids.pop() if len(ids) == 1 else None

    def person(self, person_id: int) -> PersonRecord | None:
        row = self.connection.execute(select(persons).where(persons.c.id == person_id)).first()
        if row is None:
            return None
        return PersonRecord(
            row.id, row.issuing_country, row.surname, row.given_names, row.date_of_birth
        )

    def documents_of(self, person_id: int) -> list[DocumentRecord]:
        query = select(documents).where(documents.c.person_id == person_id).order_by(documents.c.id)
        return [
            DocumentRecord(
                r.doc_type, r.issuing_country, r.number, r.surname, r.given_names, r.nationality
            )
            for r in self.connection.execute(query)
        ]

    def crossings_of(self, person_id: int) -> list[CrossingRecord]:
        """The person's crossings in time order."""
        query = (
            _records()
            .where(crossings.c.person_id == person_id)
            .order_by(crossings.c.crossed_at, crossings.c.id)
        )
        return [_to_record(row) for row in self.connection.execute(query)]

    def crossing(self, crossing_id: str) -> CrossingRecord | None:
        row = self.connection.execute(_records().where(crossings.c.id == crossing_id)).first()
        return None if row is None else _to_record(row)

    def overstays(
        self, country: str, as_of: dt.date, *, include_departed: bool = False
    ) -> list[OverstayRow]:
        """Entries into ``country`` whose admitted-until date passed before ``as_of`` with no
        exit by then (and, with ``include_departed``, those that left late)."""
        entry = crossings.alias("entry")
        later = crossings.alias("later")
        next_day = (
            select(later.c.local_day)
            .where(
                later.c.person_id == entry.c.person_id,
                later.c.crossed_at > entry.c.crossed_at,
                later.c.local_day <= as_of,
            )
            .order_by(later.c.crossed_at)
            .limit(1)
            .correlate(entry)
            .scalar_subquery()
        )
        candidates = (
            select(
                entry.c.id,
                entry.c.person_id,
                entry.c.document_id,
                entry.c.port,
                entry.c.crossed_at,
                entry.c.admission_class,
                entry.c.admitted_until,
                next_day.label("next_day"),
            )
            .where(
                entry.c.to_country == country,
                entry.c.admitted_until < as_of,
                entry.c.local_day <= as_of,
            )
            .subquery()
        )
        left_late = candidates.c.next_day > candidates.c.admitted_until
        still_here = candidates.c.next_day.is_(None)
        query = (
            select(
                candidates, documents.c.surname, documents.c.given_names, documents.c.nationality
            )
            .join(documents, documents.c.id == candidates.c.document_id)
            .where(or_(still_here, left_late) if include_departed else still_here)
            .order_by(candidates.c.admitted_until, candidates.c.id)
        )
        return [_to_overstay(row, as_of) for row in self.connection.execute(query)]

    def persons_with_breaks(self, limit: int) -> list[int]:
        """Persons whose chain of crossings is broken somewhere (see ``travel.find_anomalies``)."""
        ordered = (
            select(
                crossings.c.person_id,
                crossings.c.from_country,
                documents.c.nationality,
                func.lag(crossings.c.to_country)
                .over(partition_by=crossings.c.person_id, order_by=_IN_TIME)
                .label("previous_to"),
            )
            .join(documents, documents.c.id == crossings.c.document_id)
            .subquery()
        )
        broken = or_(
            and_(ordered.c.previous_to.is_(None), ordered.c.from_country != ordered.c.nationality),
            ordered.c.previous_to != ordered.c.from_country,
        )
        query = (
            select(ordered.c.person_id)
            .where(broken)
            .distinct()
            .order_by(ordered.c.person_id)
            .limit(limit)
        )
        return list(self.connection.scalars(query))

    def stats(self, where: StatFilter) -> list[StatRow]:
        """Crossings counted per port, local day, mode and direction."""
        columns = (
            crossings.c.port,
            crossings.c.local_day,
            crossings.c.mode,
            crossings.c.from_country,
            crossings.c.to_country,
        )
        query: Select[Any] = select(*columns, func.count().label("n")).group_by(*columns)
        filters = {
            crossings.c.port: where.port,
            crossings.c.mode: where.mode,
            crossings.c.from_country: where.from_country,
            crossings.c.to_country: where.to_country,
        }
        for column, value in filters.items():
            if value is not None:
                query = query.where(column == value)
        if where.since is not None:
            query = query.where(crossings.c.local_day >= where.since)
        if where.until is not None:
            query = query.where(crossings.c.local_day <= where.until)
        query = query.order_by(*columns)
        return [
            StatRow(r.port, r.local_day, r.mode, f"{r.from_country}->{r.to_country}", int(r.n))
            for r in self.connection.execute(query)
        ]

    def count(self) -> int:
        return int(
            self.connection.execute(select(func.count()).select_from(crossings)).scalar_one()
        )


def _split_repeats(batch: Sequence[Crossing]) -> tuple[list[Crossing], list[str]]:
    """The first crossing of each id in ``batch``, and the ids repeated after it."""
    seen: set[str] = set()
    unique: list[Crossing] = []
    repeats: list[str] = []
    for crossing in batch:
        if crossing.id in seen:
            repeats.append(crossing.id)
        else:
            seen.add(crossing.id)
            unique.append(crossing)
    return unique, repeats


def _records() -> Select[Any]:
    return select(
        crossings,
        documents.c.doc_type,
        documents.c.issuing_country,
        documents.c.number.label("document_number"),
        documents.c.nationality,
    ).join(documents, documents.c.id == crossings.c.document_id)


def _to_record(row: Row[Any]) -> CrossingRecord:
    return CrossingRecord(
        id=row.id,
        person_id=row.person_id,
        doc_type=row.doc_type,
        issuing_country=row.issuing_country,
        document_number=row.document_number,
        nationality=row.nationality,
        mode=row.mode,
        port=row.port,
        from_country=row.from_country,
        to_country=row.to_country,
        crossed_at=row.crossed_at,
        local_day=row.local_day,
        admission_class=row.admission_class,
        admitted_until=row.admitted_until,
        recorded_by=row.recorded_by,
        source=row.source,
    )


def _to_overstay(row: Row[Any], as_of: dt.date) -> OverstayRow:
    end = row.next_day or as_of
    return OverstayRow(
        person_id=row.person_id,
        crossing_id=row.id,
        surname=row.surname,
        given_names=row.given_names,
        nationality=row.nationality,
        port=row.port,
        entered_at=row.crossed_at,
        admission_class=row.admission_class,
        admitted_until=row.admitted_until,
        exited_on=row.next_day,
        days_over=(end - row.admitted_until).days,
    )


_PERSON_COLUMNS = ("link_key", "issuing_country", "surname", "given_names", "date_of_birth")
_DOCUMENT_COLUMNS = (
    "doc_key",
    "person_id",
    "doc_type",
    "issuing_country",
    "number",
    "surname",
    "given_names",
    "date_of_birth",
    "nationality",
    "sex",
)
_CROSSING_COLUMNS = (
    "id",
    "person_id",
    "document_id",
    "mode",
    "port",
    "from_country",
    "to_country",
    "crossed_at",
    "local_day",
    "admission_class",
    "admitted_until",
    "recorded_by",
    "source",
    "recorded_at",
)


def _document_values(document: Document, person_id: int) -> tuple[Any, ...]:
    return (
        document.key,
        person_id,
        document.doc_type.value,
        document.issuing_country,
        document.number,
        document.surname,
        document.given_names,
        document.date_of_birth,
        document.nationality,
        document.sex.value if document.sex else None,
    )


def _crossing_values(
    crossing: Crossing,
    document: tuple[int, int],
    recorded_by: str,
    source: str,
    recorded_at: dt.datetime,
) -> tuple[Any, ...]:
    document_id, person_id = document
    return (
        crossing.id,
        person_id,
        document_id,
        crossing.mode.value,
        crossing.port,
        crossing.from_country,
        crossing.to_country,
        crossing.crossed_at,
        crossing.local_day,
        crossing.admission_class,
        crossing.admitted_until,
        recorded_by,
        source,
        recorded_at,
    )
