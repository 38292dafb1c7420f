"""Federation benchmark: replication US→CA between two real node processes on loopback.

    .venv/bin/python benchmarks/bench_federation.py [--events 100000] [--rate 2000]

Phase 1 (live): the US records ``--events`` crossings (Canada→US at Blaine, each becoming
Canada's exit record) in small transactions while both nodes run, as fast as it can or at
``--rate`` crossings per second (the producer is a third process on the same machine: unpaced,
it races the nodes for the CPU and the lag measures that race); reports the producer's
rate, the sustained end-to-end rate (first event issued → last applied in Canada) and the
delivery lag (applied in Canada minus written to the US outbox) percentiles.

Phase 2 (catch-up): Canada is stopped, the US records ``--events`` more, Canada restarts;
reports the time to apply the backlog and counts that nothing was lost or duplicated.

For each phase it also reports the CPU time per event of each process (the producer, the
US node, the CA node; from /proc on Linux), so that a run on a busy machine can be judged
for an idle one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine, func, select

from borderflow.federation.network import create_network, start_node, wait_until_up
from borderflow.federation.outbox import federation_hook
from borderflow.federation.tables import federation_inbox, federation_streams
from borderflow.ledger import CrossingInput, LedgerService
from borderflow.ledger.tables import crossings
from borderflow.store import create_db_engine


def crossing_inputs(start: int, count: int, now: dt.datetime) -> list[CrossingInput]:
    return [
        CrossingInput.model_validate(
            {
                "document": {
                    "doc_type": "passport",
                    "issuing_country": "CA",
                    "number": f"P{start + i:08d}",
                    "surname": "Roy",
                    "given_names": "Marc",
                    "date_of_birth": "1980-01-02",
                    "nationality": "CA",
                },
                "mode": "personal_vehicle",
                "port": "Blaine",
                "from_country": "CA",
                "to_country": "US",
                "crossed_at": (
                    now - dt.timedelta(hours=6) + dt.timedelta(milliseconds=start + i)
                ).isoformat(),
            }
        )
        for i in range(count)
    ]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far (0 where /proc is not there)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_now(pids: dict[str, int]) -> dict[str, float]:
    """CPU seconds so far of this process (the producer) and of each node process."""
    return {"producer": time.process_time()} | {n: cpu_seconds(p) for n, p in pids.items()}


def cpu_report(before: dict[str, float], pids: dict[str, int], events: int) -> str:
    """CPU milliseconds per event spent by each process since ``before``."""
    now = cpu_now(pids)
    return ", ".join(f"{n} {(now[n] - before[n]) / events * 1e3:.3f}" for n in before)


def record(engine: Engine, start: int, count: int, batch: int, rate: float = 0.0) -> float:
    """Record ``count`` crossings at the US in transactions of ``batch``, at most ``rate``
    per second (0: as fast as this process can); seconds taken."""
    now = dt.datetime.now(dt.UTC)
    began = time.perf_counter()
    for offset in range(0, count, batch):
        if rate > 0:
            time.sleep(max(0.0, began + offset / rate - time.perf_counter()))
        items = crossing_inputs(start + offset, min(batch, count - offset), now)
        with engine.begin() as connection:
            ledger = LedgerService(connection, on_recorded=[federation_hook])
            ledger.record_validated([ledger.rules.validate(i) for i in items], recorded_by="bench")
    return time.perf_counter() - began


def applied(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(select(func.count()).select_from(federation_inbox)).scalar_one()
        )


def wait_applied(engine: Engine, target: int, timeout: float) -> float:
    began = time.perf_counter()
    while applied(engine) < target:
        if time.perf_counter() - began > timeout:
            raise SystemExit(f"only {applied(engine)} of {target} applied after {timeout} s")
        time.sleep(0.2)
    return time.perf_counter() - began


def lag_figures(engine: Engine, first_seq: int) -> dict[str, float]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(federation_inbox.c.issued_at, federation_inbox.c.received_at).where(
                federation_inbox.c.seq >= first_seq
            )
        ).all()
    lags = sorted((r.received_at - r.issued_at).total_seconds() for r in rows)
    span = (max(r.received_at for r in rows) - min(r.issued_at for r in rows)).total_seconds()
    return {
        "events": len(lags),
        "span_s": span,
        "rate": len(lags) / span,
        "p50": statistics.median(lags),
        "p95": lags[int(0.95 * (len(lags) - 1))],
        "max": lags[-1],
    }


def check_counts(ca: Engine, us: Engine, expected: int) -> dict[str, int]:
    with ca.connect() as connection:
        inbox = connection.execute(
            select(
                func.count(),
                func.count(federation_inbox.c.event_id.distinct()),
                func.min(federation_inbox.c.seq),
                func.max(federation_inbox.c.seq),
            )
        ).one()
        ledger_rows = connection.execute(
            select(func.count(), func.count(crossings.c.id.distinct())).where(
                crossings.c.source.like("peer:%")
            )
        ).one()
    with us.connect() as connection:
        stream = connection.execute(select(federation_streams)).all()
    to_ca = max(stream, key=lambda r: r.last_seq)
    return {
        "expected": expected,
        "inbox_rows": inbox[0],
        "inbox_distinct_events": inbox[1],
        "first_seq": inbox[2],
        "last_seq": inbox[3],
        "ca_ledger_rows": ledger_rows[0],
        "ca_ledger_distinct": ledger_rows[1],
        "us_queued": int(to_ca.last_seq),
        "us_acknowledged": int(to_ca.acked_seq),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=100, help="crossings per US transaction")
    parser.add_argument(
        "--rate",
        type=float,
        default=0.0,
        help="crossings per second the US records in phase 1 (default 0: as fast as it can)",
    )
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="bench-federation-"))
    configs = create_network(base)
    us_engine = create_db_engine(configs["US"].database_url)
    ca_engine = create_db_engine(configs["CA"].database_url)
    procs = {c: start_node(base / configs[c].name, base / f"{c}.log") for c in ("US", "CA")}
    for c in procs:
        wait_until_up(configs[c].url, timeout=60)
    n = args.events
    paced = f"{args.rate:,.0f} crossings/s" if args.rate > 0 else "unpaced"
    print(f"nodes in {base}; {n} events per phase; producer batch {args.batch}, {paced}")

    pids = {"US node": procs["US"].pid, "CA node": procs["CA"].pid}
    before = cpu_now(pids)
    took = record(us_engine, 0, n, args.batch, args.rate)
    wait_applied(ca_engine, n, timeout=600)
    live = lag_figures(ca_engine, 1)
    print(
        f"phase 1 live: producer {n / took:,.0f} crossings/s ({took:.1f} s); "
        f"end to end {live['rate']:,.0f} events/s over {live['span_s']:.1f} s; "
        f"lag p50 {live['p50']:.3f} s, p95 {live['p95']:.3f} s, max {live['max']:.3f} s"
    )
    print(f"phase 1 CPU ms per event: {cpu_report(before, pids, n)}")

    procs.pop("CA").terminate()
    before = cpu_now({"US node": pids["US node"]})
    took = record(us_engine, n, n, args.batch)
    print(f"phase 2: CA down; {n} more recorded at the US in {took:.1f} s")
    restarted = time.perf_counter()
    procs["CA"] = start_node(base / configs["CA"].name, base / "CA.log")
    pids["CA node"] = procs["CA"].pid
    before["CA node"] = 0.0  # a new process: all its time, start-up included, counts
    wait_until_up(configs["CA"].url, timeout=60)
    up = time.perf_counter() - restarted
    wait_applied(ca_engine, 2 * n, timeout=900)
    total = time.perf_counter() - restarted
    print(
        f"phase 2 catch-up: {n} pending applied {total:.1f} s after restart "
        f"(node up after {up:.1f} s; {n / (total - up):,.0f} events/s once up)"
    )
    print(f"phase 2 CPU ms per event (CA start-up included): {cpu_report(before, pids, n)}")
    time.sleep(1.0)  # let the last acknowledgement reach the US
    print("counts:", check_counts(ca_engine, us_engine, 2 * n))
    for process in procs.values():
        process.terminate()
        process.wait(timeout=20)


if __name__ == "__main__":
    main()
