"""The ledger's storage contract: the same tests run on SQLite and on PostgreSQL.

The story: María (Mexican passport) drives into the US at San Ysidro, goes home, renews
her passport and comes back on the new one, then stays past her admission. Robert (US
passport) makes a day trip to Canada through Blaine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Connection, Engine

from borderflow.errors import NotFound
from borderflow.ledger import Crossing, CrossingRules, LedgerService
from borderflow.ledger.repository import StatFilter
from borderflow.ledger.rows import crossing_from_row
from borderflow.ledger.travel import AnomalyKind

pytestmark = pytest.mark.storage

ROBERT = {
    "issuing_country": "US",
    "document_number": "567890123",
    "surname": "Smith",
    "given_names": "Robert",
    "date_of_birth": "1970-07-04",
    "nationality": "US",
    "sex": "M",
    "admission_class": None,
    "admitted_until": None,
}


def story(row: Callable[..., dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        row(id="m1"),
        row(
            id="m2",
            from_country="US",
            to_country="MX",
            crossed_at="2025-02-01T18:00:00-08:00",
            admission_class=None,
            admitted_until=None,
        ),
        row(
            id="m3",
            document_number="N87654321",
            surname="GARCIA LOPEZ",
            given_names="Maria",
            crossed_at="2025-03-01T08:00:00-08:00",
            admitted_until="2025-05-01",
        ),
        row(
            id="r1",
            **ROBERT,
            port="Blaine",
            from_country="US",
            to_country="CA",
            crossed_at="2025-01-05T10:00:00-08:00",
        ),
        row(
            id="r2",
            **ROBERT,
            port="3004",
            from_country="CA",
            to_country="US",
            crossed_at="2025-01-05T20:00:00-08:00",
        ),
    ]


@pytest.fixture
def recorded(engine: Engine, rules: CrossingRules, crossing_row) -> Engine:
    with engine.begin() as connection:
        ledger = LedgerService(connection, rules=rules)
        for row in story(crossing_row):
            assert ledger.record(crossing_from_row(row), recorded_by="test").created
    return engine


def test_recording_the_same_id_twice_adds_nothing(recorded: Engine, rules, crossing_row) -> None:
    with recorded.begin() as connection:
        ledger = LedgerService(connection, rules=rules)
        again = ledger.record(crossing_from_row(story(crossing_row)[0]), recorded_by="test")
        assert not again.created
        assert ledger.repository.count() == 5


def test_a_batch_reports_repeats_and_known_ids(engine: Engine, rules, crossing_row) -> None:
    rows = story(crossing_row)
    batch = [rules.validate(crossing_from_row(r)) for r in [rows[0], rows[1], rows[0]]]
    with engine.begin() as connection:
        first = LedgerService(connection, rules=rules).record_validated(batch, recorded_by="t")
        second = LedgerService(connection, rules=rules).record_validated(batch, recorded_by="t")
    assert [c.id for c in first.created] == ["m1", "m2"] and first.duplicates == ["m1"]
    assert second.created == [] and sorted(second.duplicates) == ["m1", "m1", "m2"]


def test_hooks_run_in_the_transaction_for_new_crossings_only(engine, rules, crossing_row) -> None:
    seen: list[str] = []

    def hook(connection: Connection, crossing: Crossing) -> None:
        assert connection.in_transaction()
        seen.append(crossing.id)

    with engine.begin() as connection:
        ledger = LedgerService(connection, rules=rules, on_recorded=[hook])
        for row in story(crossing_row)[:2] * 2:
            ledger.record(crossing_from_row(row), recorded_by="t")
    assert seen == ["m1", "m2"]


def test_history_follows_the_person_across_renewed_documents(recorded: Engine) -> None:
    with recorded.connect() as connection:
        ledger = LedgerService(connection)
        person = ledger.person_for("MEX", "N87654321")
        assert ledger.person_for("MX", "G12345678") == person
        history = ledger.history(person)
    assert [c.id for c in history.crossings] == ["m1", "m2", "m3"]
    assert {d.document.number for d in history.documents} == {"G12345678", "N87654321"}
    assert all("same date of birth (1985-03-02)" in d.link for d in history.documents)
    assert [s.country for s in history.stays] == ["US", "MX", "US"]
    assert history.anomalies == []


def test_unknown_document_names_the_field(recorded: Engine) -> None:
    with recorded.connect() as connection, pytest.raises(NotFound) as caught:
        LedgerService(connection).person_for("MX", "ZZ999")
    assert caught.value.field == "document_number"


def test_presence_at_two_moments(recorded: Engine) -> None:
    with recorded.connect() as connection:
        ledger = LedgerService(connection)
        person = ledger.person_for("MX", "G12345678")
        home = ledger.presence(person, dt.datetime(2025, 2, 15, tzinfo=dt.UTC))
        away = ledger.presence(person, dt.datetime(2025, 5, 20, tzinfo=dt.UTC))
    assert home.country == "MX" and not home.overstaying
    assert away.country == "US" and away.overstaying and away.last_crossing_id == "m3"


def test_overstays_as_of_a_date(recorded: Engine) -> None:
    with recorded.connect() as connection:
        ledger = LedgerService(connection)
        before = ledger.overstays("US", dt.date(2025, 4, 30))
        after = ledger.overstays("USA", dt.date(2025, 5, 20))
    assert before == []
    assert [(o.crossing_id, o.days_over, o.exited_on) for o in after] == [("m3", 19, None)]
    assert after[0].surname == "GARCIA LOPEZ"


def test_a_late_departure_is_reported_only_when_asked(engine, rules, crossing_row) -> None:
    rows = [
        crossing_row(id="a"),
        crossing_row(
            id="b",
            from_country="US",
            to_country="MX",
            crossed_at="2025-04-20T10:00:00-07:00",
            admission_class=None,
            admitted_until=None,
        ),
    ]
    with engine.begin() as connection:
        ledger = LedgerService(connection, rules=rules)
        for row in rows:
            ledger.record(crossing_from_row(row), recorded_by="t")
        assert ledger.overstays("US", dt.date(2025, 5, 1)) == []
        late = ledger.overstays("US", dt.date(2025, 5, 1), include_departed=True)
    assert [(o.crossing_id, o.exited_on, o.days_over) for o in late] == [
        ("a", dt.date(2025, 4, 20), 10)
    ]


def test_anomalies_across_the_ledger(engine, rules, crossing_row) -> None:
    rows = [crossing_row(id="x1"), crossing_row(id="x2", crossed_at="2025-01-20T10:00:00-08:00")]
    with engine.begin() as connection:
        ledger = LedgerService(connection, rules=rules)
        for row in rows:
            ledger.record(crossing_from_row(row), recorded_by="t")
        found = ledger.anomalies()
    assert [(a.kind, a.crossing_id) for a in found] == [(AnomalyKind.DOUBLE_ENTRY, "x2")]


def test_counts_per_port_day_mode_and_direction(recorded: Engine) -> None:
    with recorded.connect() as connection:
        ledger = LedgerService(connection)
        everything = ledger.stats(StatFilter())
        blaine = ledger.stats(ledger.stat_filter(port="Blaine"))
        northbound = ledger.stats(StatFilter(to_country="US", since=dt.date(2025, 1, 6)))
    assert sum(r.crossings for r in everything) == 5
    assert [(r.port, r.day, r.direction, r.crossings) for r in blaine] == [
        ("3004", dt.date(2025, 1, 5), "CA->US", 1),
        ("3004", dt.date(2025, 1, 5), "US->CA", 1),
    ]
    assert sorted(r.day for r in northbound) == [dt.date(2025, 1, 10), dt.date(2025, 3, 1)]


def test_forgetting_received_crossings_keeps_the_nodes_own(engine, rules, crossing_row) -> None:
    rows = story(crossing_row)
    with engine.begin() as connection:
        ledger = LedgerService(connection, rules=rules)
        for row in rows[:3]:
            ledger.record(crossing_from_row(row), recorded_by="t", source="peer:mx-node")
        for row in rows[3:]:
            ledger.record(crossing_from_row(row), recorded_by="t")
        assert ledger.repository.forget_received(["m1", "m3", "r1"]) == 2
        assert ledger.repository.crossing("r1") is not None
        person = ledger.person_for("MX", "G12345678")
        with pytest.raises(NotFound):
            ledger.person_for("MX", "N87654321")  # its only crossing is gone
        assert [c.id for c in ledger.history(person).crossings] == ["m2"]
        assert ledger.repository.forget_received(["m2"]) == 1
        with pytest.raises(NotFound):
            ledger.person_for("MX", "G12345678")
