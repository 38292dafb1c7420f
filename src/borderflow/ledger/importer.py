"""Bulk import of crossings: batch-transactional, idempotent, every bad row reported."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from borderflow.errors import InvalidInput, Problem, RowRejected
from borderflow.ledger.model import Crossing
from borderflow.ledger.rows import crossing_from_row, read_rows
from borderflow.ledger.rules import CrossingRules
from borderflow.ledger.service import CrossingHook, LedgerService

__all__ = ["ImportReport", "Rejection", "count_lines", "import_file"]


@dataclass(frozen=True, slots=True)
class Rejection:
    line: int
    field: str
    message: str


@dataclass
class ImportReport:
    file: str
    rows: int = 0
    created: int = 0
    duplicates: int = 0
    batches: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        return len({r.line for r in self.rejections})


def count_lines(path: Path) -> int:
    """Lines in a file, counted fast (for a progress bar's total)."""
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def import_file(
    engine: Engine,
    path: Path,
    *,
    recorded_by: str,
    rules: CrossingRules,
    batch_size: int = 5000,
    hooks: Sequence[CrossingHook] = (),
    on_progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import ``path``: good rows are committed batch by batch, bad ones reported by line.

    Each batch is one transaction, so an interruption loses at most the batch under way,
    never half of it; running the import again skips what was already recorded.
    """
    report = ImportReport(file=str(path))
    batch: list[Crossing] = []
    last_line = 0
    for line, row in read_rows(path):
        report.rows += 1
        try:
            if isinstance(row, RowRejected):
                raise row
            batch.append(rules.validate(crossing_from_row(row)))
        except InvalidInput as error:
            report.rejections.extend(_rejections(line, error))
        if len(batch) >= batch_size:
            _commit(engine, batch, report, rules, recorded_by, path, hooks)
            batch = []
        if on_progress is not None:
            on_progress(line - last_line)
        last_line = line
    if batch:
        _commit(engine, batch, report, rules, recorded_by, path, hooks)
    return report


def _rejections(line: int, error: InvalidInput) -> list[Rejection]:
    problems = error.problems or [Problem(error.field or "row", error.message)]
    return [Rejection(line, p.field, p.message) for p in problems]


def _commit(
    engine: Engine,
    batch: list[Crossing],
    report: ImportReport,
    rules: CrossingRules,
    recorded_by: str,
    path: Path,
    hooks: Sequence[CrossingHook],
) -> None:
    with engine.begin() as connection:
        service = LedgerService(connection, rules=rules, on_recorded=hooks)
        result = service.record_validated(
            batch, recorded_by=recorded_by, source=f"import:{path.name}"
        )
    report.created += len(result.created)
    report.duplicates += len(result.duplicates)
    report.batches += 1
