"""Benchmark of the programs and commerce contexts on SQLite.

Builds a node database with 1,000,000 memberships and 100,000 filed trips (shipments from
the synthetic customs declarations in ``BORDERFLOW_DATA_DIR/customs``), then times, through
the real services, each in its own transaction as the API runs them:

* a status look-up: ``ProgramService.status_for(member, country)``   (target p99 <= 2 ms)
* a card read: ``CommerceService.read_card(card, lane, country)``    (target p99 <= 5 ms)

Run: ``.venv/bin/python benchmarks/bench_programs.py`` (``--memberships``, ``--trips`` and
``--samples`` make it smaller or larger; ``--keep DIR`` keeps the database).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from borderflow.commerce import CommerceService
from borderflow.commerce.tables import commerce_cards, commerce_shipments, commerce_trips
from borderflow.programs import MemberRef, ProgramService
from borderflow.programs.tables import (
    program_applications,
    program_members,
    program_memberships,
)
from borderflow.settings import Settings
from borderflow.store import create_db_engine, upgrade

NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
BATCH = 50_000
TRAVELER_PROGRAMS = [
    ("NEXUS", "CA"),
    ("SENTRI", "US"),
    ("GLOBAL_ENTRY", "US"),
    ("VIAJERO_CONFIABLE", "MX"),
]
TRADER_PROGRAMS = [
    ("CTPAT", "1", "US"),
    ("CTPAT", "2", "US"),
    ("CTPAT", "3", "US"),
    ("PIP", "member", "CA"),
    ("OEA", "member", "MX"),
]
PORTS = {"US": ["2304", "2504", "3004", "3801"], "CA": ["3004", "3801"], "MX": ["2304", "2504"]}
VIN = "1XKYDP9X5NJ123456"


def status_mix(rng: random.Random) -> str:
    """90 % active, 4 % suspended, 3 % revoked, 3 % still applied."""
    draw = rng.random()
    if draw < 0.90:
        return "active"
    if draw < 0.94:
        return "suspended"
    return "revoked" if draw < 0.97 else "applied"


def insert_batched(connection: Connection, table: Any, rows: Iterator[dict[str, Any]]) -> int:
    count, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            connection.execute(insert(table), batch)
            count, batch = count + len(batch), []
    if batch:
        connection.execute(insert(table), batch)
        count += len(batch)
    return count


class Population:
    """Who is in the generated node: drivers (with cards), traders, travelers."""

    def __init__(self, memberships: int, rng: random.Random) -> None:
        self.drivers = max(memberships // 10, 10)
        self.traders = max(memberships // 20, 10)
        self.travelers = memberships - self.drivers - self.traders
        self.rng = rng
        self.cards: list[str] = []

    def members(self) -> Iterator[dict[str, Any]]:
        for i in range(1, self.drivers + self.traders + self.travelers + 1):
            kind = "business" if self.drivers < i <= self.drivers + self.traders else "person"
            yield {
                "id": i,
                "kind": kind,
                "name": f"Member {i}",
                "country": self.country_of(i),
                "identifier": f"M{i:08d}",
                "created_at": NOW - dt.timedelta(days=400),
            }

    def country_of(self, member_id: int) -> str:
        return ("US", "CA", "MX")[member_id % 3]

    def program_of(self, member_id: int) -> tuple[str, str]:
        if member_id <= self.drivers:
            return ("CDRP", "registered") if member_id % 10 == 0 else ("FAST", "member")
        if member_id <= self.drivers + self.traders:
            code, tier, _ = TRADER_PROGRAMS[member_id % len(TRADER_PROGRAMS)]
            return code, tier
        return TRAVELER_PROGRAMS[member_id % len(TRAVELER_PROGRAMS)][0], "member"

    def memberships(self) -> Iterator[dict[str, Any]]:
        for member_id in range(1, self.drivers + self.traders + self.travelers + 1):
            program, tier = self.program_of(member_id)
            status = "active" if member_id <= self.drivers else status_mix(self.rng)
            activated = None if status == "applied" else NOW - dt.timedelta(days=300)
            yield {
                "id": member_id,
                "member_id": member_id,
                "application_id": member_id,
                "program": program,
                "tier": tier,
                "status": status,
                "applied_at": NOW - dt.timedelta(days=360),
                "activated_at": activated,
                "expires_at": None if activated is None else activated + dt.timedelta(days=1460),
                "updated_at": NOW - dt.timedelta(days=300),
            }

    def applications(self) -> Iterator[dict[str, Any]]:
        for member_id in range(1, self.drivers + self.traders + self.travelers + 1):
            yield {
                "id": member_id,
                "member_id": member_id,
                "submitted_at": NOW - dt.timedelta(days=360),
                "submitted_by": "bench",
            }

    def card_rows(self) -> Iterator[dict[str, Any]]:
        for driver_id in range(1, self.drivers + 1):
            number = f"{self.rng.getrandbits(64):016X}"
            self.cards.append(number)
            yield {
                "card_number": number,
                "driver_member_id": driver_id,
                "status": "active",
                "issued_at": NOW - dt.timedelta(days=300),
                "expires_at": NOW + dt.timedelta(days=1500),
            }

    def trader_ref(self) -> str:
        member_id = self.drivers + 1 + self.rng.randrange(self.traders)
        return f"{self.country_of(member_id)}:M{member_id:08d}"


def declarations(data_dir: Path) -> list[tuple[str, str, int]]:
    """(HS6 code, origin, value in cents) of the synthetic customs declarations."""
    path = data_dir / "customs" / "df_syn_train_eng.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            (row["HS6 Code"], row["Country of Origin"], int(float(row["Item Price"]) * 100))
            for row in csv.DictReader(handle)
            if len(row["HS6 Code"]) == 6 and len(row["Country of Origin"]) == 2
        ]


def trip_rows(
    population: Population,
    trips: int,
    goods: list[tuple[str, str, int]],
    shipments: list[dict[str, Any]],
) -> Iterator[dict[str, Any]]:
    rng = population.rng
    for n in range(trips):
        driver_id = 1 + n % population.drivers
        country = ("US", "CA", "MX")[rng.randrange(3)]
        trip_id = f"T{n:015d}"
        for line in range(1, rng.randint(1, 3) + 1):
            hs, origin, cents = goods[rng.randrange(len(goods))]
            shipments.append(
                {
                    "trip_id": trip_id,
                    "line": line,
                    "importer": population.trader_ref(),
                    "hs_code": hs,
                    "value_cents": cents,
                    "currency": "USD",
                    "origin": origin,
                }
            )
        yield {
            "trip_id": trip_id,
            "driver_member_id": driver_id,
            "card_number": population.cards[driver_id - 1],
            "carrier": population.trader_ref(),
            "country": country,
            "port": rng.choice(PORTS[country]),
            "lane": "FAST",
            "expected_arrival": NOW + dt.timedelta(minutes=rng.randrange(-600, 600)),
            "filed_at": NOW - dt.timedelta(hours=12),
            "filed_by": "bench",
            "tractor_plate": f"TX{n:06d}",
            "tractor_vin": VIN,
            "trailer_plate": f"TR{n:06d}",
        }


def generate(
    engine: Engine, memberships: int, trips: int, data_dir: Path, rng: random.Random
) -> Population:
    """Fill the database; one transaction per table, batches of executemany."""
    population = Population(memberships, rng)
    goods = declarations(data_dir)
    shipments: list[dict[str, Any]] = []
    tables = [
        (program_members, population.members),
        (program_applications, population.applications),
        (program_memberships, population.memberships),
        (commerce_cards, population.card_rows),
        (commerce_trips, lambda: trip_rows(population, trips, goods, shipments)),
        (commerce_shipments, lambda: iter(shipments)),
    ]
    for table, rows in tables:
        with engine.begin() as connection:
            insert_batched(connection, table, rows())
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")
    return population


def percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return (
        f"n={len(ordered)} mean={statistics.fmean(ordered):.3f} p50={at(0.50):.3f} "
        f"p95={at(0.95):.3f} p99={at(0.99):.3f} max={ordered[-1]:.3f} ms"
    )


def timed(calls: list[Callable[[], object]]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU (this thread) milliseconds of each call.

    On a shared machine the wall-clock tail includes time spent waiting for a core; the
    CPU figure is the work the call itself did.
    """
    wall: list[float] = []
    cpu: list[float] = []
    for call in calls:
        start, start_cpu = time.perf_counter(), time.thread_time()
        call()
        cpu.append((time.thread_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def bench_status(
    engine: Engine, population: Population, samples: int, rng: random.Random
) -> tuple[list[float], list[float]]:
    total = population.drivers + population.traders + population.travelers

    def look_up(member_id: int) -> Callable[[], object]:
        ref = MemberRef(population.country_of(member_id), f"M{member_id:08d}")

        def run() -> object:
            with engine.begin() as connection:
                return ProgramService(connection, clock=lambda: NOW).status_for(ref, "US")

        return run

    return timed([look_up(1 + rng.randrange(total)) for _ in range(samples)])


def bench_card_reads(
    engine: Engine, sample: list[dict[str, Any]], samples: int
) -> tuple[tuple[list[float], list[float]], int]:
    """Reads of distinct drivers' cards at the booth of each trip's country, one hour on."""
    read_at = NOW + dt.timedelta(hours=1)
    chosen: dict[int, dict[str, Any]] = {}
    for trip in sample:
        chosen.setdefault(trip["driver_member_id"], trip)
    eligible = 0

    def read(trip: dict[str, Any]) -> Callable[[], object]:
        def run() -> object:
            nonlocal eligible
            with engine.begin() as connection:
                done = CommerceService(connection, clock=lambda: read_at).read_card(
                    trip["card_number"], lane="FAST", country=trip["country"]
                )
            eligible += done.eligibility.ok
            return done

        return run

    took = timed([read(t) for t in list(chosen.values())[:samples]])
    return took, eligible


def trip_sample(engine: Engine, count: int, seed: int) -> list[dict[str, Any]]:
    """``count`` random filed trips, all made presentable again (for a re-run)."""
    with engine.begin() as connection:
        connection.execute(update(commerce_trips).values(presented_at=None))
        total = connection.execute(select(func.count()).select_from(commerce_trips)).scalar_one()
        picks = random.Random(seed).sample(range(total), min(total, count))
        rows = connection.execute(
            select(
                commerce_trips.c.trip_id,
                commerce_trips.c.driver_member_id,
                commerce_trips.c.card_number,
                commerce_trips.c.country,
            ).where(commerce_trips.c.trip_id.in_([f"T{n:015d}" for n in picks]))
        )
        return [row._asdict() for row in rows]


def show(name: str, timings: tuple[list[float], list[float]], target: str) -> None:
    wall, cpu = timings
    print(f"{name:<15}: wall {percentiles(wall)}  (target p99 <= {target})")
    print(f"{'':<15}  cpu  {percentiles(cpu)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memberships", type=int, default=1_000_000)
    parser.add_argument("--trips", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--keep", type=Path, help="Folder to keep the database in")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Measure again on the database kept in --keep (same sizes)",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_programs_"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bench_programs.db"
    print(f"python {sys.version.split()[0]} on {platform.platform()}; database {path}")
    population = Population(args.memberships, rng)
    if not (args.reuse and path.exists()):
        path.unlink(missing_ok=True)
        engine = create_db_engine(f"sqlite:///{path}")
        upgrade(engine)
        start = time.perf_counter()
        population = generate(engine, args.memberships, args.trips, Settings().data_dir, rng)
        print(
            f"generated {args.memberships:,} memberships ({population.drivers:,} drivers with "
            f"cards, {population.traders:,} traders) and {args.trips:,} trips in "
            f"{time.perf_counter() - start:.1f} s; database {path.stat().st_size / 2**20:.0f} MiB"
        )
    engine = create_db_engine(f"sqlite:///{path}")
    sample = trip_sample(engine, args.samples * 3, args.seed)
    # Generation leaves garbage a node would not hold: keep the collector off it.
    gc.collect()
    gc.freeze()
    bench_status(engine, population, 200, rng)
    show("status look-up", bench_status(engine, population, args.samples, rng), "2 ms")
    reads, eligible = bench_card_reads(engine, sample, args.samples)
    show("card read", reads, "5 ms")
    print(f"{eligible:,} of {len(reads[0]):,} card reads eligible for the FAST lane")
    engine.dispose()


if __name__ == "__main__":
    main()
