"""Reading crossings from CSV and JSON Lines files (the import formats, see docs/import.md)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from borderflow.errors import InvalidInput, Problem, RowRejected
from borderflow.ledger.model import CrossingInput

__all__ = ["COLUMNS", "REQUIRED_COLUMNS", "crossing_from_row", "problems_of", "read_rows"]

#: Flat column -> (object, field) in :class:`CrossingInput`.
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "doc_type": ("document", "doc_type"),
    "issuing_country": ("document", "issuing_country"),
    "document_number": ("document", "number"),
    "surname": ("document", "surname"),
    "given_names": ("document", "given_names"),
    "date_of_birth": ("document", "date_of_birth"),
    "nationality": ("document", "nationality"),
    "sex": ("document", "sex"),
    "mode": ("mode",),
    "port": ("port",),
    "from_country": ("from_country",),
    "to_country": ("to_country",),
    "crossed_at": ("crossed_at",),
    "admission_class": ("admission_class",),
    "admitted_until": ("admitted_until",),
}
REQUIRED_COLUMNS = frozenset(COLUMNS) - {
    "id",
    "sex",
    "admission_class",
    "admitted_until",
    "surname",
    "given_names",
}
_FLAT_NAME = {".".join(path): column for column, path in COLUMNS.items()}


_DOCUMENT_FIELDS = {column: path[-1] for column, path in COLUMNS.items() if path[0] == "document"}


def _nest(row: Mapping[str, Any]) -> dict[str, Any]:
    """A flat row as the nested structure of :class:`CrossingInput`; blanks become absent."""
    if "document" in row:
        return dict(row)
    document: dict[str, Any] = {}
    nested: dict[str, Any] = {"document": document}
    for key, value in row.items():
        if value is None or value == "":
            continue
        inner = _DOCUMENT_FIELDS.get(key)
        if inner is None:
            nested[key] = value
        else:
            document[inner] = value
    return nested


def problems_of(error: ValidationError, *, flat: bool) -> list[Problem]:
    """Pydantic's errors as problems naming the field (the flat column name for flat rows)."""
    problems = []
    for item in error.errors():
        path = ".".join(str(part) for part in item["loc"])
        name = _FLAT_NAME.get(path, path) if flat else path
        problems.append(Problem(name, item["msg"]))
    return problems


def crossing_from_row(row: Mapping[str, Any]) -> CrossingInput:
    """A :class:`CrossingInput` from a flat or nested row; :class:`InvalidInput` otherwise."""
    try:
        return CrossingInput.model_validate(_nest(row))
    except ValidationError as error:
        raise InvalidInput.of(problems_of(error, flat="document" not in row)) from None


def read_rows(path: Path) -> Iterator[tuple[int, Mapping[str, Any] | RowRejected]]:
    """``(line, row)`` for each record of a ``.csv`` or ``.jsonl`` file; a record that cannot
    be read at all comes as a :class:`RowRejected` in place of the row."""
    suffix = path.suffix.lower()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        if suffix == ".csv":
            yield from _csv_rows(handle)
        elif suffix in {".jsonl", ".ndjson"}:
            yield from _json_rows(handle)
        else:
            raise InvalidInput(
                f"unsupported file type {suffix!r}: expected .csv, .jsonl or .ndjson", field="file"
            )


def _csv_rows(handle: TextIO) -> Iterator[tuple[int, Mapping[str, Any] | RowRejected]]:
    reader = csv.DictReader(handle)
    header = [name.strip() for name in reader.fieldnames or []]
    _check_header(header)
    reader.fieldnames = header
    for row in reader:
        if None in row:
            yield (
                reader.line_num,
                RowRejected(
                    reader.line_num,
                    f"{len(header) + len(row[None])} values for {len(header)} columns",
                    field="row",
                ),
            )
            continue
        yield reader.line_num, row


def _check_header(header: list[str]) -> None:
    missing = sorted(REQUIRED_COLUMNS - set(header))
    unknown = sorted(set(header) - set(COLUMNS))
    problems = []
    if missing:
        problems.append(Problem("header", f"missing columns: {', '.join(missing)}"))
    if unknown:
        problems.append(
            Problem(
                "header", f"unknown columns: {', '.join(unknown)} (expected {', '.join(COLUMNS)})"
            )
        )
    if "surname" not in header and "given_names" not in header:
        problems.append(Problem("header", "a surname or given_names column is needed"))
    if problems:
        raise InvalidInput.of(problems)


def _json_rows(handle: TextIO) -> Iterator[tuple[int, Mapping[str, Any] | RowRejected]]:
    for line_number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield (
                line_number,
                RowRejected(
                    line_number, f"not valid JSON: {error.msg} at column {error.colno}", field="row"
                ),
            )
            continue
        if not isinstance(value, dict):
            yield line_number, RowRejected(line_number, "expected a JSON object", field="row")
            continue
        yield line_number, value
