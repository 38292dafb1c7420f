"""Plain JSON forms of cards, trips, card reads and the reopening queue (pure)."""

from __future__ import annotations

from typing import Any

from borderflow.commerce.filing import filing_to_dict
from borderflow.commerce.model import Card, CardRead, Trip
from borderflow.commerce.resumption import QueuedTruck
from borderflow.programs import Eligibility

__all__ = ["card_read_view", "card_view", "eligibility_view", "queue_view", "trip_view"]


def card_view(card: Card) -> dict[str, Any]:
    return {
        "card_number": card.card_number,
        "driver_member_id": card.driver_member_id,
        "status": card.status.value,
        "issued_at": card.issued_at.isoformat(),
        "expires_at": card.expires_at.isoformat(),
    }


def trip_view(trip: Trip) -> dict[str, Any]:
    return {
        "trip_id": trip.trip_id,
        "driver_member_id": trip.driver_member_id,
        "filed_at": trip.filed_at.isoformat(),
        "presented_at": None if trip.presented_at is None else trip.presented_at.isoformat(),
        **filing_to_dict(trip.filing),
    }


def eligibility_view(eligibility: Eligibility) -> dict[str, Any]:
    return {
        "lane": eligibility.lane,
        "country": eligibility.country,
        "ok": eligibility.ok,
        "failed_conditions": [
            {"condition": f.condition, "detail": f.detail} for f in eligibility.failed_conditions
        ],
    }


def card_read_view(read: CardRead) -> dict[str, Any]:
    return {
        "card_number": read.card_number,
        "driver": read.driver,
        "read_at": read.read_at.isoformat(),
        "trip": trip_view(read.trip),
        "eligibility": eligibility_view(read.eligibility),
    }


def queue_view(queue: list[QueuedTruck]) -> list[dict[str, Any]]:
    return [
        {
            "position": q.position,
            "card_number": q.card_number,
            "carrier": q.carrier,
            "arrived_at": q.arrived_at.isoformat(),
            "reopening_rank": q.reopening_rank,
        }
        for q in queue
    ]
