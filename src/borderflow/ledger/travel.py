"""A person's travel read from their recorded crossings: stays, presence, anomalies (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "Anomaly",
    "AnomalyKind",
    "CrossingRecord",
    "Presence",
    "Stay",
    "find_anomalies",
    "presence",
    "stays",
]


@dataclass(frozen=True, slots=True)
class CrossingRecord:
    """A crossing as the ledger holds it, with the document it was made on."""

    id: str
    person_id: int
    doc_type: str
    issuing_country: str
    document_number: str
    nationality: str
    mode: str
    port: str
    from_country: str
    to_country: str
    crossed_at: dt.datetime
    local_day: dt.date
    admission_class: str | None
    admitted_until: dt.date | None
    recorded_by: str
    source: str


@dataclass(frozen=True, slots=True)
class Stay:
    """Time spent in one country between an entry and the next crossing (``None``: still there)."""

    country: str
    entry_id: str
    entered_at: dt.datetime
    exit_id: str | None
    exited_at: dt.datetime | None
    admitted_until: dt.date | None

    def duration(self, as_of: dt.datetime) -> dt.timedelta:
        return (self.exited_at or as_of) - self.entered_at

    def overstayed_days(self, as_of: dt.datetime) -> int:
        """Whole days past the admitted-until date, as of ``as_of`` or the exit."""
        if self.admitted_until is None:
            return 0
        end = (self.exited_at or as_of).date()
        return max(0, (end - self.admitted_until).days)


@dataclass(frozen=True, slots=True)
class Presence:
    """Where the records place a person at a moment, and on what evidence."""

    country: str | None
    since: dt.datetime | None
    last_crossing_id: str | None
    port: str | None
    admitted_until: dt.date | None
    overstaying: bool
    explanation: str


class AnomalyKind(StrEnum):
    DOUBLE_ENTRY = "double_entry"
    EXIT_WITHOUT_ENTRY = "exit_without_entry"


@dataclass(frozen=True, slots=True)
class Anomaly:
    kind: AnomalyKind
    person_id: int
    crossing_id: str
    previous_crossing_id: str | None
    explanation: str


def stays(records: Sequence[CrossingRecord]) -> list[Stay]:
    """One stay per entry, closed by the person's next crossing (records in time order)."""
    result = []
    for index, entry in enumerate(records):
        following = records[index + 1] if index + 1 < len(records) else None
        result.append(
            Stay(
                country=entry.to_country,
                entry_id=entry.id,
                entered_at=entry.crossed_at,
                exit_id=following.id if following else None,
                exited_at=following.crossed_at if following else None,
                admitted_until=entry.admitted_until,
            )
        )
    return result


def presence(records: Sequence[CrossingRecord], as_of: dt.datetime) -> Presence:
    """The country of the last entry at or before ``as_of`` (records in time order)."""
    known = [r for r in records if r.crossed_at <= as_of]
    if not known:
        return Presence(
            None,
            None,
            None,
            None,
            None,
            False,
            f"no crossing recorded at or before {as_of.isoformat()}",
        )
    last = known[-1]
    overstaying = last.admitted_until is not None and last.admitted_until < as_of.date()
    explanation = (
        f"entered {last.to_country} from {last.from_country} at port {last.port} on "
        f"{last.crossed_at.isoformat()}; no later crossing recorded"
    )
    if last.admitted_until is not None:
        state = "passed" if overstaying else "runs"
        explanation += f"; admission until {last.admitted_until.isoformat()} {state}"
    return Presence(
        last.to_country,
        last.crossed_at,
        last.id,
        last.port,
        last.admitted_until,
        overstaying,
        explanation,
    )


def find_anomalies(records: Sequence[CrossingRecord]) -> list[Anomaly]:
    """Breaks in a person's chain of crossings (records in time order).

    Each crossing should leave the country the previous one entered. Two entries into the
    same country with no exit between them are a ``double_entry``; leaving a country the
    person was never recorded entering is an ``exit_without_entry`` (for the first
    crossing, only when the traveler is not a national of the country left).
    """
    found: list[Anomaly] = []
    previous: CrossingRecord | None = None
    for record in records:
        if previous is None:
            if record.from_country != record.nationality:
                found.append(_exit_without_entry(record, None))
        elif record.from_country != previous.to_country:
            if record.to_country == previous.to_country:
                found.append(
                    Anomaly(
                        AnomalyKind.DOUBLE_ENTRY,
                        record.person_id,
                        record.id,
                        previous.id,
                        f"entered {record.to_country} on {record.crossed_at.isoformat()} after an "
                        f"entry on {previous.crossed_at.isoformat()} with no exit between them",
                    )
                )
            else:
                found.append(_exit_without_entry(record, previous))
        previous = record
    return found


def _exit_without_entry(record: CrossingRecord, previous: CrossingRecord | None) -> Anomaly:
    where = (
        f"the previous record is an entry into {previous.to_country}"
        if previous
        else "it is the first crossing on record"
    )
    return Anomaly(
        AnomalyKind.EXIT_WITHOUT_ENTRY,
        record.person_id,
        record.id,
        previous.id if previous else None,
        f"left {record.from_country} on {record.crossed_at.isoformat()} with no recorded entry "
        f"into {record.from_country}; {where}",
    )
