"""Replications of a simulated day, across processes, and two policies side by side.

Replication ``i`` of every policy uses the seed ``"{seed}:{i}"``: both policies face the
same travellers (common random numbers), and the same seed gives the same figures
whatever the number of worker processes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from borderflow.errors import InvalidInput
from borderflow.inspection import Policy
from borderflow.sim.engine import simulate_day
from borderflow.sim.results import Estimate, estimate
from borderflow.sim.scenario import PortModel

__all__ = ["Comparison", "compare_policies", "replicate"]

Metrics = dict[str, float]


def _one(model: PortModel, policy: Policy, seed: str) -> Metrics:
    return simulate_day(model, policy, seed).metrics()


@dataclass(frozen=True, slots=True)
class Comparison:
    """Per-replication figures of each policy on one port model."""

    model: PortModel
    policies: tuple[Policy, ...]
    seed: str
    runs: dict[str, list[Metrics]]

    def summary(self) -> dict[str, dict[str, Estimate]]:
        """Each policy's figures as means with 95% confidence intervals."""
        result: dict[str, dict[str, Estimate]] = {}
        for name, runs in self.runs.items():
            names = runs[0].keys() if runs else ()
            result[name] = {metric: estimate([run[metric] for run in runs]) for metric in names}
        return result


def replicate(
    model: PortModel,
    policies: Sequence[Policy],
    replications: int,
    seed: str,
    workers: int = 1,
    progress: Callable[[], None] | None = None,
) -> Comparison:
    """Run ``replications`` days of each policy; ``workers`` > 1 spreads them over processes."""
    if replications < 1:
        raise InvalidInput(f"must be at least 1, got {replications}", field="replications")
    if workers < 1:
        raise InvalidInput(f"must be at least 1, got {workers}", field="workers")
    jobs = [(p, f"{seed}:{i}") for p in policies for i in range(replications)]
    runs: dict[str, list[Metrics]] = {p.name: [] for p in policies}
    if workers == 1:
        for policy, day_seed in jobs:
            runs[policy.name].append(_one(model, policy, day_seed))
            if progress:
                progress()
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_one, model, p, s) for p, s in jobs]
            for (policy, _), future in zip(jobs, futures, strict=True):
                runs[policy.name].append(future.result())
                if progress:
                    progress()
    return Comparison(model, tuple(policies), seed, runs)


def compare_policies(
    model: PortModel,
    policy: Policy,
    versus: Policy | None,
    replications: int,
    seed: str,
    workers: int = 1,
    progress: Callable[[], None] | None = None,
) -> Comparison:
    """``policy`` alone, or against ``versus`` on the same seeds."""
    chosen = [policy] if versus is None else [policy, versus]
    if versus is not None and versus.name == policy.name:
        raise InvalidInput("compare two different policies", field="vs")
    return replicate(model, chosen, replications, seed, workers, progress)
