"""Parsing and validating chunks of an import file (pure: no database).

Kept apart from the writer so that the processes that validate for a bulk import load
only what validation needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from borderflow.errors import InvalidInput, Problem, RowRejected
from borderflow.ledger.model import Crossing, PackedCrossings, pack_crossings, unpack_crossings
from borderflow.ledger.rows import RawChunk, column_of, crossing_from_row, rows_of
from borderflow.ledger.rules import CrossingRules
from borderflow.reference import default_catalog

__all__ = ["CheckedChunk", "Rejection", "check_chunk", "check_in_worker", "start_worker"]


@dataclass(frozen=True, slots=True)
class Rejection:
    line: int
    field: str
    message: str


@dataclass(frozen=True, slots=True)
class CheckedChunk:
    """A chunk after validation: its valid crossings and the faults of the others."""

    rows: int
    lines: int
    crossings: list[Crossing]
    rejections: list[Rejection]

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle the crossings packed (workers send every chunk to the writer)."""
        return (
            _unpacked_chunk,
            (self.rows, self.lines, pack_crossings(self.crossings), self.rejections),
        )


def _unpacked_chunk(
    rows: int, lines: int, packed: PackedCrossings, rejections: list[Rejection]
) -> CheckedChunk:
    return CheckedChunk(rows, lines, unpack_crossings(packed), rejections)


def check_chunk(chunk: RawChunk, rules: CrossingRules) -> CheckedChunk:
    """Parse and validate every record of a chunk (pure, so any process can do it)."""
    valid: list[Crossing] = []
    rejections: list[Rejection] = []
    rows = 0
    for line, row in rows_of(chunk):
        rows += 1
        try:
            if isinstance(row, RowRejected):
                raise row
            valid.append(rules.validate(crossing_from_row(row)))
        except InvalidInput as error:
            problems = error.problems or [Problem(error.field or "row", error.message)]
            name = column_of if isinstance(row, Mapping) and "document" not in row else str
            rejections.extend(Rejection(line, name(p.field), p.message) for p in problems)
    return CheckedChunk(rows, len(chunk.lines), valid, rejections)


_worker_rules: list[CrossingRules] = []


def start_worker(clock_skew_seconds: float) -> None:
    skew = dt.timedelta(seconds=clock_skew_seconds)
    _worker_rules.append(CrossingRules(default_catalog(), clock_skew=skew))


def check_in_worker(chunk: RawChunk) -> CheckedChunk:
    return check_chunk(chunk, _worker_rules[0])
