"""Reading crossings from CSV and JSON Lines files (the import formats, see docs/import.md)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from borderflow.errors import InvalidInput, Problem, RowRejected
from borderflow.ledger.model import CrossingInput

__all__ = [
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "RawChunk",
    "column_of",
    "crossing_from_row",
    "file_kind",
    "problems_of",
    "raw_chunks",
    "read_rows",
    "rows_of",
]

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
    nested: dict[str, Any] = {
        key: value
        for key, value in row.items()
        if value is not None and value != "" and key not in _DOCUMENT_FIELDS
    }
    nested["document"] = {
        inner: value
        for key, inner in _DOCUMENT_FIELDS.items()
        if (value := row.get(key)) is not None and value != ""
    }
    return nested


def column_of(field: str) -> str:
    """The flat column that a field of :class:`CrossingInput` comes from."""
    return _FLAT_NAME.get(field, field)


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


@dataclass(frozen=True, slots=True)
class RawChunk:
    """Consecutive lines of an import file holding whole records, not yet parsed.

    Cheap to cut and to send to another process; ``rows_of`` parses it there.
    """

    kind: str
    header: tuple[str, ...]
    first_line: int
    lines: list[str]


def file_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in {".jsonl", ".ndjson"}:
        return "jsonl"
    raise InvalidInput(
        f"unsupported file type {suffix!r}: expected .csv, .jsonl or .ndjson", field="file"
    )


def raw_chunks(path: Path, size: int) -> Iterator[RawChunk]:
    """The file in chunks of about ``size`` records; a CSV header is checked first.

    A chunk never ends inside a quoted CSV field, so records that span lines stay whole.
    """
    kind = file_kind(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header: tuple[str, ...] = ()
        first_line = 1
        if kind == "csv":
            header = tuple(name.strip() for name in next(csv.reader([handle.readline()]), []))
            _check_header(list(header))
            first_line = 2
        lines: list[str] = []
        quoted = False
        for line in handle:
            lines.append(line)
            if kind == "csv" and line.count('"') % 2:
                quoted = not quoted
            if len(lines) >= size and not quoted:
                yield RawChunk(kind, header, first_line, lines)
                first_line += len(lines)
                lines = []
        if lines:
            yield RawChunk(kind, header, first_line, lines)


def rows_of(chunk: RawChunk) -> Iterator[tuple[int, Mapping[str, Any] | RowRejected]]:
    """``(line, row)`` for each record of a chunk; a record that cannot be read at all
    comes as a :class:`RowRejected` in place of the row."""
    if chunk.kind == "csv":
        yield from _csv_rows(chunk)
    else:
        yield from _json_rows(chunk)


def read_rows(path: Path) -> Iterator[tuple[int, Mapping[str, Any] | RowRejected]]:
    """Every record of a ``.csv`` or ``.jsonl`` file with its line number."""
    for chunk in raw_chunks(path, 5000):
        yield from rows_of(chunk)


def _csv_rows(chunk: RawChunk) -> Iterator[tuple[int, Mapping[str, Any] | RowRejected]]:
    header = chunk.header
    reader = csv.reader(chunk.lines)
    for values in reader:
        line = chunk.first_line + reader.line_num - 1
        if not values:
            continue
        if len(values) > len(header):
            message = f"{len(values)} values for {len(header)} columns"
            yield line, RowRejected(line, message, field="row")
            continue
        yield line, dict(zip(header, values, strict=False))


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


def _json_rows(chunk: RawChunk) -> Iterator[tuple[int, Mapping[str, Any] | RowRejected]]:
    for offset, text in enumerate(chunk.lines):
        line = chunk.first_line + offset
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            message = f"not valid JSON: {error.msg} at column {error.colno}"
            yield line, RowRejected(line, message, field="row")
            continue
        if not isinstance(value, dict):
            yield line, RowRejected(line, "expected a JSON object", field="row")
            continue
        yield line, value
