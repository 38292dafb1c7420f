"""Ledger benchmark: generate and import 1,000,000 crossings, then time the queries.

    .venv/bin/python benchmarks/bench_ledger.py                       # SQLite
    .venv/bin/python benchmarks/bench_ledger.py --postgres postgresql://postgres@127.0.0.1:5432/bench

The import runs as the real CLI (``borderflow ledger import``) in a child process, whose
process tree is sampled for its peak resident memory. The PostgreSQL database named is
emptied first (its ``public`` schema is dropped), so never point it at real data.
Figures go to standard output and to ``benchmarks/out/ledger-<backend>.json``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import Engine, select, text

from borderflow.ledger import LedgerService
from borderflow.ledger.rows import COLUMNS
from borderflow.ledger.synthetic import SyntheticTraffic
from borderflow.ledger.tables import documents
from borderflow.reference import default_catalog
from borderflow.store import create_db_engine, upgrade

OUT = Path(__file__).resolve().parent / "out"


def generate(path: Path, count: int, seed: int) -> float:
    if path.exists():
        return 0.0
    started = time.perf_counter()
    traffic = SyntheticTraffic(
        default_catalog(),
        seed=seed,
        start=dt.datetime(2022, 1, 1, tzinfo=dt.UTC),
        end=dt.datetime(2025, 12, 31, tzinfo=dt.UTC),
    )
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(traffic.rows(count))
    return time.perf_counter() - started


def tree_rss_kib(root: int) -> int:
    """Resident memory of a process and all its descendants, in KiB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid = int(entry.name)
        children.setdefault(int(fields["PPid"]), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run_import(url: str, path: Path, workers: int | None) -> dict[str, float]:
    env = {**os.environ, "BORDERFLOW_DATABASE_URL": url}
    command = [sys.executable, "-m", "borderflow", "ledger", "import", str(path), "--json"]
    if workers is not None:
        command += ["--workers", str(workers)]
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kib(child.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample)
    sampler.start()
    output, _ = child.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - started
    report = json.loads(output)
    if child.returncode != 0 or report["rejections"]:
        raise SystemExit(f"import failed: exit {child.returncode}, {report['rejections'][:3]}")
    return {
        "rows": report["rows"],
        "created": report["created"],
        "seconds": seconds,
        "per_second": report["created"] / seconds,
        "peak_rss_mib": peak / 1024,
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def time_queries(engine: Engine, samples: int, seed: int) -> dict[str, float]:
    with engine.connect() as connection:
        docs = connection.execute(select(documents.c.issuing_country, documents.c.number)).all()
    picks = random.Random(seed).sample(docs, min(samples, len(docs)))
    history: list[float] = []
    presence: list[float] = []
    with engine.connect() as connection:
        ledger = LedgerService(connection)
        as_of = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
        for country, number in picks:
            started = time.perf_counter()
            ledger.history(ledger.person_for(country, number))
            history.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            ledger.presence(ledger.person_for(country, number), as_of)
            presence.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        overstays = ledger.overstays("US", dt.date(2025, 6, 1))
        overstay_seconds = time.perf_counter() - started
    return {
        "history_p50_ms": statistics.median(history),
        "history_p99_ms": percentile(history, 0.99),
        "presence_p50_ms": statistics.median(presence),
        "presence_p99_ms": percentile(presence, 0.99),
        "overstays_seconds": overstay_seconds,
        "overstays_found": len(overstays),
        "samples": len(picks),
    }


def prepare_database(url: str, postgres: bool) -> Engine:
    engine = create_db_engine(url)
    if postgres:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    return engine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--samples", type=int, default=2000, help="travelers queried")
    parser.add_argument(
        "--workers", type=int, default=None, help="validating processes (default: the CLI's)"
    )
    parser.add_argument("--postgres", help="PostgreSQL URL (emptied!) instead of SQLite")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    data = OUT / f"crossings-{args.count}-{args.seed}.csv"
    generated = generate(data, args.count, args.seed)
    backend = "postgresql" if args.postgres else "sqlite"
    if args.postgres:
        url = args.postgres
    else:
        database = OUT / "ledger-bench.db"
        for leftover in OUT.glob("ledger-bench.db*"):
            leftover.unlink()
        url = f"sqlite:///{database}"
    engine = prepare_database(url, bool(args.postgres))
    imported = run_import(url, data, args.workers)
    queried = time_queries(engine, args.samples, args.seed)
    result = {
        "backend": backend,
        "date": dt.date.today().isoformat(),
        "cores": os.cpu_count(),
        "workers": args.workers or "auto",
        "generate_seconds": generated,
        **imported,
        **queried,
    }
    (OUT / f"ledger-{backend}.json").write_text(json.dumps(result, indent=2))
    for key, value in result.items():
        shown = f"{value:,.3f}" if isinstance(value, float) else value
        print(f"{key:>20}: {shown}")


if __name__ == "__main__":
    main()
