"""Benchmark of the port simulator: one San Ysidro day per replication, decision included.

Run from the repository root: ``.venv/bin/python benchmarks/bench_sim.py``. Prints the
cost of one ``decide`` call, the wall and CPU time of one simulated day per policy on one
core, the same day in the textbook SimPy style (one process and one resource request per
arrival, no decision) as the peer, and replications spread over two processes.

``.venv/bin/python benchmarks/bench_sim.py calibration`` prints instead the validation
table of docs/calibration.md: every month of 2019 at San Ysidro, four legacy replications
each, against BTS and the wait file.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Generator
from typing import Any

import simpy

from borderflow.inspection import (
    Arrival,
    IdentityResult,
    Lane,
    Mode,
    Officer,
    decide,
    policy_named,
)
from borderflow.settings import Settings
from borderflow.sim import PortModel, build_port_model, load_volumes, replicate, simulate_day
from borderflow.sim.traffic import travellers_for_lane

PORT, MONTH = "San Ysidro", "2019-08"


def bench_decide(calls: int = 200_000) -> float:
    """Microseconds per decision for an ordinary arrival."""
    arrival = Arrival(
        "a", "2504", "US", Mode.PERSONAL_VEHICLE, Lane.GENERAL, IdentityResult(True, "MX")
    )
    officer, policy, rng = Officer("o", "US"), policy_named("cbm"), random.Random(1)
    start = time.perf_counter()
    for _ in range(calls):
        decide(arrival, officer, policy, rng)
    return (time.perf_counter() - start) / calls * 1e6


def bench_day(model: PortModel, policy: str) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and arrivals of one simulated day."""
    wall, cpu = time.perf_counter(), time.process_time()
    day = simulate_day(model, policy_named(policy), "bench")
    return time.perf_counter() - wall, time.process_time() - cpu, day.total("served")


def textbook_day(model: PortModel) -> tuple[float, float, int]:
    """The peer: one SimPy process and Resource request per arrival, fixed mean booths."""
    env = simpy.Environment()
    served = 0

    def vehicle(booths: simpy.Resource, at: float, service: float) -> Generator[Any, Any, None]:
        nonlocal served
        yield env.timeout(at)
        with booths.request() as claim:
            yield claim
            yield env.timeout(service)
        served += 1

    start, cpu = time.perf_counter(), time.process_time()
    for setup in model.lanes:
        booths = simpy.Resource(env, capacity=max(1, round(sum(setup.booths) / len(setup.booths))))
        stream = random.Random(f"peer:{setup.lane}")
        for who in travellers_for_lane(setup, model.behaviour, stream):
            env.process(vehicle(booths, who.at, setup.interview.mean / 60))
    env.run()
    return time.perf_counter() - start, time.process_time() - cpu, served


def calibration_table() -> None:
    """Simulated against observed, per month of 2019 (the figures of docs/calibration.md)."""
    data_dir = Settings().data_dir
    lanes = (Lane.GENERAL, Lane.SENTRI, Lane.READY, Lane.PEDESTRIAN)
    print(
        "month | cars % | peds % | "
        + " | ".join(f"{lane.value} sim/obs min, MAPE, peak sim/obs" for lane in lanes)
    )
    for month in range(1, 13):
        model = build_port_model(data_dir, PORT, f"2019-{month:02d}")
        runs = replicate(model, [policy_named("legacy")], 4, "calibration", workers=2).runs[
            "legacy"
        ]
        bts = load_volumes(data_dir, model.port_code, model.month)

        def mean(metric: str, runs: list[dict[str, float]] = runs) -> float:
            return statistics.fmean(run[metric] for run in runs)

        cars = sum(mean(f"{name}.throughput") for name in ("general", "ready", "sentri"))
        peds = mean("pedestrian.throughput")
        cells = [
            f"{month:02d}",
            f"{(cars * bts.days / bts.counts['Personal Vehicles'] - 1) * 100:+.2f}",
            f"{(peds * bts.days / bts.counts['Pedestrians'] - 1) * 100:+.2f}",
        ]
        for lane in lanes:
            observed = model.lane(lane).target_waits or ()
            simulated = [mean(f"{lane.value}.hour{h:02d}.wait_mean") for h in range(24)]
            mape = statistics.fmean(
                abs(s - o) / o for s, o in zip(simulated, observed, strict=True)
            )
            cells.append(
                f"{statistics.fmean(simulated):.1f}/{statistics.fmean(observed):.1f}, "
                f"{mape:.1%}, {simulated.index(max(simulated))}/{observed.index(max(observed))}"
            )
        print(" | ".join(cells), flush=True)


def main() -> None:
    data_dir = Settings().data_dir
    start = time.perf_counter()
    model = build_port_model(data_dir, PORT, MONTH)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"model built (BTS read, staffing solved) in {time.perf_counter() - start:.2f} s")
    print(f"decide(): {bench_decide():.2f} us per call")
    for policy in ("legacy", "cbm"):
        wall, cpu, arrivals = bench_day(model, policy)
        print(
            f"one day, {policy}: {arrivals} arrivals, {wall:.2f} s wall, {cpu:.2f} s CPU, "
            f"{wall / arrivals * 1e6:.1f} us per arrival"
        )
    wall, cpu, served = textbook_day(model)
    print(
        f"peer (textbook SimPy, no decision): {served} arrivals, {wall:.2f} s wall, {cpu:.2f} s CPU"
    )
    for workers in (1, 2):
        start = time.perf_counter()
        replicate(model, [policy_named("legacy")], 4, "bench", workers=workers)
        print(
            f"4 legacy replications on {workers} process(es): "
            f"{time.perf_counter() - start:.2f} s wall"
        )


if __name__ == "__main__":
    calibration_table() if sys.argv[1:] == ["calibration"] else main()
