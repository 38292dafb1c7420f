"""Choosing what to inspect under a capacity, keeping a random share.

For one period's scored declarations and a capacity (a rate or a count):

1. every declaration referred by an approved rule is selected (rules refer regardless);
2. the random share of the capacity (default 10%) is drawn uniformly from every other
   declaration, with a seeded generator, so the draw can be replayed;
3. the remaining places go to the highest model risk.

The random draw gives deterrence (anything can be checked) and an unbiased estimate of
prevalence: :func:`estimate_prevalence` combines what the targeted checks found with what
the random checks found among the declarations nobody targeted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np

from borderflow.errors import InvalidInput

if TYPE_CHECKING:
    from borderflow.targeting.scoring import RiskScore

__all__ = [
    "Capacity",
    "PrevalenceEstimate",
    "Selection",
    "SelectionReason",
    "estimate_prevalence",
    "select",
]


class SelectionReason(StrEnum):
    RULE = "rule"
    MODEL = "model"
    RANDOM = "random"


@dataclass(frozen=True, slots=True)
class Capacity:
    """How many inspections a period allows: a share of declarations or a fixed count."""

    rate: float | None = None
    count: int | None = None

    def __post_init__(self) -> None:
        if (self.rate is None) == (self.count is None):
            raise InvalidInput("give either a rate or a count", field="capacity")
        if self.rate is not None and not 0 <= self.rate <= 1:
            raise InvalidInput(f"rate {self.rate} is not between 0 and 1", field="capacity.rate")
        if self.count is not None and self.count < 0:
            raise InvalidInput(f"count {self.count} is negative", field="capacity.count")

    def places(self, population: int) -> int:
        if self.count is not None:
            return min(self.count, population)
        assert self.rate is not None
        return min(round(self.rate * population), population)


@dataclass(slots=True)
class Selection:
    """One declaration chosen for inspection and why (a value: not frozen, for speed)."""

    declaration_id: str
    reason: SelectionReason
    score: float


def select(
    scores: Sequence[RiskScore],
    capacity: Capacity,
    *,
    random_share: float = 0.10,
    seed: int | np.random.SeedSequence = 0,
) -> list[Selection]:
    """The declarations to inspect in one period, each with the reason it was chosen."""
    if not 0 <= random_share <= 1:
        raise InvalidInput(f"{random_share} is not between 0 and 1", field="random_share")
    places = capacity.places(len(scores))
    chosen = [
        Selection(s.declaration_id, SelectionReason.RULE, s.score)
        for s in scores
        if s.referred_by_rule
    ]
    taken = {s.declaration_id for s in chosen}
    rest = [i for i, s in enumerate(scores) if s.declaration_id not in taken]
    random_places = min(round(places * random_share), len(rest))
    rng = np.random.default_rng(seed)
    drawn = rng.choice(len(rest), size=random_places, replace=False) if random_places else ()
    drawn_set = {rest[int(i)] for i in drawn}
    for position in sorted(drawn_set):
        chosen.append(
            Selection(
                scores[position].declaration_id, SelectionReason.RANDOM, scores[position].score
            )
        )
    model_places = max(places - len(chosen), 0)
    candidates = sorted((i for i in rest if i not in drawn_set), key=lambda i: -scores[i].score)
    for position in candidates[:model_places]:
        chosen.append(
            Selection(
                scores[position].declaration_id, SelectionReason.MODEL, scores[position].score
            )
        )
    return chosen


@dataclass(frozen=True, slots=True)
class PrevalenceEstimate:
    """Fraud prevalence of a period estimated from its inspections."""

    estimate: float
    random_checks: int
    random_hit_rate: float


def estimate_prevalence(
    population: int, selections: Sequence[Selection], found: Mapping[str, bool]
) -> PrevalenceEstimate:
    """Frauds found by rule referrals plus the random hit rate times everything else.

    :func:`select` draws the random checks uniformly from every declaration no rule
    referred (before the model picks), so their hit rate is an unbiased estimate for that
    whole population; rule referrals are all inspected and counted as found. ``found``
    maps each inspected declaration id to its outcome.
    """
    randoms = [s for s in selections if s.reason is SelectionReason.RANDOM]
    if not randoms:
        raise InvalidInput("no random check in the selection", field="selections")
    random_rate = sum(found[s.declaration_id] for s in randoms) / len(randoms)
    rule_picks = [s for s in selections if s.reason is SelectionReason.RULE]
    rule_found = sum(found[s.declaration_id] for s in rule_picks)
    estimate = (rule_found + random_rate * (population - len(rule_picks))) / population
    return PrevalenceEstimate(estimate, len(randoms), random_rate)
