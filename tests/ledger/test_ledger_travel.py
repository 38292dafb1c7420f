"""Stays, presence and anomalies read from a person's crossings (pure functions)."""

from __future__ import annotations

import datetime as dt

from borderflow.ledger.travel import AnomalyKind, CrossingRecord, find_anomalies, presence, stays


def record(
    n: int,
    origin: str,
    destination: str,
    day: int,
    until: dt.date | None = None,
    nationality: str = "MX",
) -> CrossingRecord:
    """Crossing number ``n`` of person 1 on ``day`` of January 2025."""
    at = dt.datetime(2025, 1, day, 12, tzinfo=dt.UTC)
    return CrossingRecord(
        id=f"c{n}",
        person_id=1,
        doc_type="passport",
        issuing_country=nationality,
        document_number="X1",
        nationality=nationality,
        mode="pedestrian",
        port="2504",
        from_country=origin,
        to_country=destination,
        crossed_at=at,
        local_day=at.date(),
        admission_class="B2" if until else None,
        admitted_until=until,
        recorded_by="t",
        source="local",
    )


def test_stays_run_from_each_entry_to_the_next_crossing() -> None:
    trip = [record(1, "MX", "US", 1, dt.date(2025, 1, 5)), record(2, "US", "MX", 8)]
    first, second = stays(trip)
    assert (first.country, first.exit_id) == ("US", "c2")
    assert first.duration(dt.datetime(2025, 2, 1, tzinfo=dt.UTC)) == dt.timedelta(days=7)
    assert first.overstayed_days(dt.datetime(2025, 2, 1, tzinfo=dt.UTC)) == 3
    assert second.country == "MX" and second.exited_at is None


def test_presence_is_the_last_entry_before_the_moment() -> None:
    trip = [record(1, "MX", "US", 1, dt.date(2025, 1, 5)), record(2, "US", "MX", 8)]
    during = presence(trip, dt.datetime(2025, 1, 3, tzinfo=dt.UTC))
    assert during.country == "US" and not during.overstaying
    after = presence(trip, dt.datetime(2025, 1, 20, tzinfo=dt.UTC))
    assert after.country == "MX" and after.last_crossing_id == "c2"
    before = presence(trip, dt.datetime(2024, 12, 1, tzinfo=dt.UTC))
    assert before.country is None and "no crossing" in before.explanation


def test_presence_flags_an_admission_that_ran_out() -> None:
    found = presence(
        [record(1, "MX", "US", 1, dt.date(2025, 1, 5))], dt.datetime(2025, 1, 9, tzinfo=dt.UTC)
    )
    assert found.overstaying
    assert "2025-01-05 passed" in found.explanation


def test_a_clean_round_trip_has_no_anomaly() -> None:
    assert find_anomalies([record(1, "MX", "US", 1), record(2, "US", "MX", 3)]) == []


def test_two_entries_without_an_exit() -> None:
    found = find_anomalies([record(1, "MX", "US", 1), record(2, "MX", "US", 5)])
    assert [a.kind for a in found] == [AnomalyKind.DOUBLE_ENTRY]
    assert found[0].crossing_id == "c2" and found[0].previous_crossing_id == "c1"


def test_exit_with_no_entry() -> None:
    # Entered the US, then recorded leaving Mexico for Guatemala: the return is missing.
    found = find_anomalies([record(1, "MX", "US", 1), record(2, "MX", "GT", 5)])
    assert [a.kind for a in found] == [AnomalyKind.EXIT_WITHOUT_ENTRY]
    assert "left MX" in found[0].explanation
    assert "previous record is an entry into US" in found[0].explanation


def test_first_exit_from_a_foreign_country_is_an_anomaly_but_not_from_home() -> None:
    assert find_anomalies([record(1, "MX", "US", 1, nationality="MX")]) == []
    found = find_anomalies([record(1, "CA", "US", 1, nationality="MX")])
    assert [a.kind for a in found] == [AnomalyKind.EXIT_WITHOUT_ENTRY]
