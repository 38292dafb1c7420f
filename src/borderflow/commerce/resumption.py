"""Business resumption (pure): the order in which waiting trucks go when a port reopens.

Trucks go by their carrier's reopening rank in the port's country (the tier's
``reopening_rank`` where the country grants ``front_of_line``: see the programs'
``benefits.toml``), highest first, then by the time they arrived at the closed port.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["QueuedTruck", "WaitingTruck", "reopening_queue"]


@dataclass(frozen=True, slots=True)
class WaitingTruck:
    card_number: str
    carrier: str
    arrived_at: dt.datetime
    reopening_rank: int


@dataclass(frozen=True, slots=True)
class QueuedTruck:
    position: int
    card_number: str
    carrier: str
    arrived_at: dt.datetime
    reopening_rank: int


def reopening_queue(trucks: Iterable[WaitingTruck]) -> list[QueuedTruck]:
    """The trucks in reopening order: rank (highest first), then arrival, then card number."""
    ordered = sorted(trucks, key=lambda t: (-t.reopening_rank, t.arrived_at, t.card_number))
    return [
        QueuedTruck(i, t.card_number, t.carrier, t.arrived_at, t.reopening_rank)
        for i, t in enumerate(ordered, start=1)
    ]
