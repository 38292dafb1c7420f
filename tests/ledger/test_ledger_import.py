"""Bulk import: idempotent, every bad row reported by line and field, no partial batch."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, Engine

from borderflow.errors import InvalidInput
from borderflow.ledger import Crossing, CrossingRules, LedgerService
from borderflow.ledger.importer import import_file
from borderflow.ledger.rows import COLUMNS, crossing_from_row, read_rows

pytestmark = pytest.mark.storage


def write_csv(path: Path, rows: list[dict[str, Any]], columns: list[str] | None = None) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns or list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return path


def trips(row, count: int) -> list[dict[str, Any]]:
    """``count`` valid crossings of different travelers."""
    return [
        row(id=f"t{i}", document_number=f"P{i:07d}", given_names=f"Ana {chr(65 + i % 26)}")
        for i in range(count)
    ]


def count(engine: Engine) -> int:
    with engine.connect() as connection:
        return LedgerService(connection).repository.count()


def test_import_twice_adds_nothing_the_second_time(engine, rules, crossing_row, tmp_path) -> None:
    path = write_csv(tmp_path / "in.csv", trips(crossing_row, 12))
    first = import_file(engine, path, recorded_by="t", rules=rules, batch_size=5)
    second = import_file(engine, path, recorded_by="t", rules=rules, batch_size=5)
    assert (first.rows, first.created, first.duplicates, first.batches) == (12, 12, 0, 3)
    assert (second.created, second.duplicates) == (0, 12)
    assert count(engine) == 12


def test_rows_without_ids_are_still_imported_once(engine, rules, crossing_row, tmp_path) -> None:
    rows = [{**r, "id": ""} for r in trips(crossing_row, 3)]
    path = write_csv(tmp_path / "in.csv", rows)
    import_file(engine, path, recorded_by="t", rules=rules)
    again = import_file(engine, path, recorded_by="t", rules=rules)
    assert again.duplicates == 3 and count(engine) == 3


def test_every_bad_row_is_reported_and_good_rows_are_kept(
    engine, rules, crossing_row, tmp_path
) -> None:
    rows = trips(crossing_row, 4)
    rows[1]["port"] = "Atlantis"
    rows[2]["date_of_birth"] = "02/03/1985"
    rows[2]["mode"] = "horse"
    path = write_csv(tmp_path / "in.csv", rows)
    report = import_file(engine, path, recorded_by="t", rules=rules)
    assert report.created == 2 and report.rejected_rows == 2
    found = {(r.line, r.field) for r in report.rejections}
    assert found == {(3, "port"), (4, "date_of_birth"), (4, "mode")}
    assert count(engine) == 2


def test_header_problems_stop_the_import_before_any_row(engine, rules, crossing_row, tmp_path):
    columns = [c for c in COLUMNS if c != "port"] + ["colour"]
    rows = [
        {k: v for k, v in r.items() if k != "port"} | {"colour": "red"}
        for r in trips(crossing_row, 2)
    ]
    path = write_csv(tmp_path / "in.csv", rows, columns)
    with pytest.raises(InvalidInput) as caught:
        import_file(engine, path, recorded_by="t", rules=rules)
    messages = " ".join(p.message for p in caught.value.problems)
    assert "missing columns: port" in messages and "unknown columns: colour" in messages
    assert count(engine) == 0


def test_json_lines_flat_and_nested_with_broken_lines(engine, rules, crossing_row, tmp_path):
    flat, nested = trips(crossing_row, 2)
    nested = crossing_from_row(nested).model_dump(mode="json")
    lines = [json.dumps(flat), "", "{not json", json.dumps(nested), "[1, 2]"]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_file(engine, path, recorded_by="t", rules=rules)
    assert report.created == 2
    assert [(r.line, r.field) for r in report.rejections] == [(3, "row"), (5, "row")]
    assert "not valid JSON" in report.rejections[0].message


def test_an_interrupted_import_leaves_no_partial_batch(engine, rules, crossing_row, tmp_path):
    path = write_csv(tmp_path / "in.csv", trips(crossing_row, 10))

    def crash_on_t7(_connection: Connection, crossing: Crossing) -> None:
        if crossing.id == "t7":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_file(engine, path, recorded_by="t", rules=rules, batch_size=4, hooks=[crash_on_t7])
    assert count(engine) == 4  # the first batch (t0..t3); none of t4..t7
    resumed = import_file(engine, path, recorded_by="t", rules=rules, batch_size=4)
    assert (resumed.created, resumed.duplicates) == (6, 4)
    assert count(engine) == 10


def test_unsupported_file_type_is_named(engine, rules, tmp_path) -> None:
    path = tmp_path / "in.xlsx"
    path.write_text("x")
    with pytest.raises(InvalidInput) as caught:
        import_file(engine, path, recorded_by="t", rules=rules)
    assert caught.value.field == "file"


names = st.text(alphabet=st.characters(categories=("L",)), min_size=1, max_size=20)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(surname=names, given=names, number=st.from_regex(r"[A-Z0-9]{1,20}", fullmatch=True))
def test_csv_round_trip_keeps_every_value(
    tmp_path, crossing_row, rules: CrossingRules, surname: str, given: str, number: str
) -> None:
    row = crossing_row(id="rt", surname=surname, given_names=given, document_number=number)
    path = write_csv(tmp_path / "rt.csv", [row])
    ((_, read),) = list(read_rows(path))
    crossing = rules.validate(crossing_from_row(read))
    assert crossing.document.surname == " ".join(surname.split())
    assert crossing.document.given_names == " ".join(given.split())
    assert crossing.document.number == number


def test_several_worker_processes_import_every_row_exactly_once(
    engine, rules, crossing_row, tmp_path
) -> None:
    rows = trips(crossing_row, 30)
    rows[7]["port"] = "Atlantis"
    rows.append(dict(rows[3]))  # the same id again, in another chunk
    path = write_csv(tmp_path / "in.csv", rows)
    report = import_file(engine, path, recorded_by="t", rules=rules, batch_size=4, workers=2)
    assert (report.rows, report.created, report.duplicates) == (31, 29, 1)
    assert [(r.line, r.field) for r in report.rejections] == [(9, "port")]
    assert count(engine) == 29


def test_a_record_spanning_lines_stays_whole_and_lines_are_counted(
    engine, rules, crossing_row, tmp_path
) -> None:
    rows = trips(crossing_row, 3)
    rows[0]["surname"] = "García\nLópez"  # a quoted field over two physical lines
    path = write_csv(tmp_path / "in.csv", rows)
    report = import_file(engine, path, recorded_by="t", rules=rules, batch_size=1)
    assert (report.rows, report.created) == (3, 2)
    assert [(r.line, r.field) for r in report.rejections] == [(3, "surname")]
    again = import_file(engine, path, recorded_by="t", rules=rules, batch_size=2)
    assert (again.rows, again.duplicates) == (3, 2)
