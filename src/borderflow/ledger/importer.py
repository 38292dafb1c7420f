"""Bulk import of crossings: batch-transactional, idempotent, every bad row reported.

Rows are read in chunks of ``batch_size``; each chunk is validated and written in one
transaction, so an interruption loses at most the chunk under way, never half of it, and
running the import again skips what was already recorded. With ``workers`` > 1, chunks
are validated and written by that many processes at once (validation of one chunk
overlaps the write of another); writers take the ledger's write lock per chunk, so the
counts of recorded and duplicate rows stay exact.
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, text

from borderflow.errors import InvalidInput, Problem, RowRejected
from borderflow.ledger.model import Crossing
from borderflow.ledger.rows import crossing_from_row, read_rows
from borderflow.ledger.rules import CrossingRules
from borderflow.ledger.service import CrossingHook, LedgerService
from borderflow.reference import default_catalog
from borderflow.store import create_db_engine

__all__ = ["ImportReport", "Rejection", "count_lines", "import_file"]

Chunk = list[tuple[int, Mapping[str, Any] | RowRejected]]


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

    def add(self, part: ChunkResult) -> None:
        self.rows += part.rows
        self.created += part.created
        self.duplicates += part.duplicates
        self.batches += 1 if part.rows else 0
        self.rejections.extend(part.rejections)


@dataclass(frozen=True, slots=True)
class ChunkResult:
    rows: int
    created: int
    duplicates: int
    rejections: list[Rejection]


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
    workers: int = 1,
) -> ImportReport:
    """Import ``path``: good rows are committed chunk by chunk, bad ones reported by line.

    ``workers`` > 1 uses that many processes (hooks then must be picklable, and each
    worker validates against the system clock with ``rules.clock_skew``).
    """
    report = ImportReport(file=str(path))
    chunks = _chunks(read_rows(path), batch_size)
    source = f"import:{path.name}"
    if workers > 1:
        results = _in_processes(engine, chunks, rules, recorded_by, source, hooks, workers)
    else:
        results = (
            _import_chunk(engine, chunk, rules, recorded_by, source, hooks) for chunk in chunks
        )
    for result in results:
        report.add(result)
        if on_progress is not None:
            on_progress(result.rows)
    return report


def _chunks(rows: Iterable[tuple[int, Any]], size: int) -> Iterator[Chunk]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _import_chunk(
    engine: Engine,
    chunk: Chunk,
    rules: CrossingRules,
    recorded_by: str,
    source: str,
    hooks: Sequence[CrossingHook],
) -> ChunkResult:
    valid: list[Crossing] = []
    rejections: list[Rejection] = []
    for line, row in chunk:
        try:
            if isinstance(row, RowRejected):
                raise row
            valid.append(rules.validate(crossing_from_row(row)))
        except InvalidInput as error:
            problems = error.problems or [Problem(error.field or "row", error.message)]
            rejections.extend(Rejection(line, p.field, p.message) for p in problems)
    created = duplicates = 0
    if valid:
        with engine.begin() as connection:
            _take_write_lock(connection)
            service = LedgerService(connection, rules=rules, on_recorded=hooks)
            result = service.record_validated(valid, recorded_by=recorded_by, source=source)
        created, duplicates = len(result.created), len(result.duplicates)
    return ChunkResult(len(chunk), created, duplicates, rejections)


def _take_write_lock(connection: Connection) -> None:
    """Serialise chunk writers, so that checking for known ids and inserting are atomic."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('borderflow.ledger'))"))


# --- several processes -------------------------------------------------------------------

_worker: dict[str, Any] = {}


def _start_worker(
    url: str, clock_skew: float, recorded_by: str, source: str, hooks: Sequence[CrossingHook]
) -> None:
    _worker.update(
        engine=create_db_engine(url),
        rules=CrossingRules(default_catalog(), clock_skew=dt.timedelta(seconds=clock_skew)),
        recorded_by=recorded_by,
        source=source,
        hooks=hooks,
    )


def _import_chunk_in_worker(chunk: Chunk) -> ChunkResult:
    return _import_chunk(
        _worker["engine"],
        chunk,
        _worker["rules"],
        _worker["recorded_by"],
        _worker["source"],
        _worker["hooks"],
    )


def _in_processes(
    engine: Engine,
    chunks: Iterator[Chunk],
    rules: CrossingRules,
    recorded_by: str,
    source: str,
    hooks: Sequence[CrossingHook],
    workers: int,
) -> Iterator[ChunkResult]:
    """Results of chunks imported by ``workers`` processes, at most two chunks each in flight."""
    url = engine.url.render_as_string(hide_password=False)
    args = (url, rules.clock_skew.total_seconds(), recorded_by, source, tuple(hooks))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=args
    ) as pool:
        pending: deque[Future[ChunkResult]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(_import_chunk_in_worker, chunk))
            while len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
