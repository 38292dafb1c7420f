"""Validation of reported crossings: every bad value is named with what was expected."""

from __future__ import annotations

import datetime as dt

import pytest

from borderflow.errors import InvalidInput
from borderflow.ledger import CrossingRules
from borderflow.ledger.rows import crossing_from_row
from borderflow.ledger.rules import derive_crossing_id


def fields_of(error: InvalidInput) -> set[str]:
    return {p.field for p in error.problems}


def test_valid_crossing_is_normalised(rules: CrossingRules, make_input) -> None:
    crossing = rules.validate(
        make_input(port="San Ysidro", issuing_country="MEX", document_number="g 1234-5678")
    )
    assert crossing.port == "2504"
    assert crossing.document.issuing_country == "MX"
    assert crossing.document.number == "G12345678"
    assert crossing.crossed_at == dt.datetime(2025, 1, 10, 17, 30, tzinfo=dt.UTC)
    assert crossing.direction == "MX->US"


def test_local_day_follows_the_port_time_zone(rules: CrossingRules, make_input) -> None:
    # 23:30 in San Diego is already the next day in UTC; the ledger counts the local day.
    crossing = rules.validate(make_input(crossed_at="2025-01-10T23:30:00-08:00"))
    assert crossing.crossed_at.date() == dt.date(2025, 1, 11)
    assert crossing.local_day == dt.date(2025, 1, 10)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"port": "9999"}, "port", "unknown land port"),
        ({"port": "Blaine"}, "port", "not between MX and US"),
        ({"from_country": "XX"}, "from_country", "unknown country"),
        ({"nationality": "ZZZ"}, "document.nationality", "unknown country"),
        ({"to_country": "MX"}, "to_country", "both are MX"),
        ({"crossed_at": "2025-01-10T09:30:00"}, "crossed_at", "UTC offset"),
        ({"crossed_at": "2030-01-01T00:00:00Z"}, "crossed_at", "future"),
        ({"crossed_at": "1900-01-01T00:00:00Z"}, "crossed_at", "before 1950"),
        ({"date_of_birth": "2026-01-01"}, "document.date_of_birth", "future"),
        ({"date_of_birth": "2025-02-01"}, "document.date_of_birth", "born after"),
        ({"admitted_until": "2025-01-09"}, "admitted_until", "before the entry"),
        ({"document_number": "AB#12"}, "document.number", "letters and digits"),
        ({"surname": "", "given_names": ""}, "document.surname", "a name is needed"),
        ({"surname": "R0bert"}, "document.surname", "letters"),
        ({"mode": "air", "port": "2504"}, "port", "is a land port"),
        ({"mode": "air", "port": "LAXX"}, "port", "IATA"),
        ({"mode": "sea", "port": "FRLEH"}, "port", "UN/LOCODE"),
    ],
)
def test_bad_values_are_named(rules: CrossingRules, crossing_row, changes, field, words) -> None:
    with pytest.raises(InvalidInput) as caught:
        rules.validate(crossing_from_row(crossing_row(**changes)))
    assert field in fields_of(caught.value)
    assert any(words in p.message for p in caught.value.problems if p.field == field)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"crossed_at": "yesterday"}, "crossed_at"),
        ({"mode": "horse"}, "mode"),
        ({"date_of_birth": "1985-13-02"}, "date_of_birth"),
        ({"doc_type": "library_card"}, "doc_type"),
        ({"admitted_until": "soon"}, "admitted_until"),
    ],
)
def test_malformed_values_name_the_column(crossing_row, changes, field) -> None:
    with pytest.raises(InvalidInput) as caught:
        crossing_from_row(crossing_row(**changes))
    assert field in fields_of(caught.value)


def test_every_problem_is_reported_at_once(rules: CrossingRules, crossing_row) -> None:
    row = crossing_row(port="9999", date_of_birth="2026-01-01", admitted_until="2024-01-01")
    with pytest.raises(InvalidInput) as caught:
        rules.validate(crossing_from_row(row))
    assert {"port", "document.date_of_birth", "admitted_until"} <= fields_of(caught.value)


def test_air_and_sea_crossings_use_their_own_codes(rules: CrossingRules, make_input) -> None:
    by_air = rules.validate(make_input(mode="air", port="lax"))
    assert by_air.port == "LAX"
    by_sea = rules.validate(make_input(mode="sea", port="USLGB"))
    assert by_sea.port == "USLGB"


def test_mexico_guatemala_crossing_is_accepted(rules: CrossingRules, make_input) -> None:
    crossing = rules.validate(
        make_input(
            port="Ciudad Hidalgo-Tecún Umán",
            from_country="GT",
            to_country="MX",
            admission_class="FMM",
            admitted_until=None,
            issuing_country="GT",
            nationality="GT",
        )
    )
    assert crossing.port.startswith("MXGT")


def test_derived_id_is_stable_and_content_bound(make_input) -> None:
    first = derive_crossing_id(make_input())
    assert first == derive_crossing_id(make_input())
    assert first != derive_crossing_id(make_input(crossed_at="2025-01-10T09:31:00-08:00"))
    assert first == derive_crossing_id(make_input(crossed_at="2025-01-10T17:30:00+00:00"))
