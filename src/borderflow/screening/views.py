"""Plain JSON views of matches and nominations, shared by the HTTP API and the CLI."""

from __future__ import annotations

from typing import Any

from borderflow.screening.codec import entry_to_dict
from borderflow.screening.screener import Match
from borderflow.screening.tco import Nomination, RedressRequest

__all__ = ["match_view", "nomination_view", "redress_view"]


def match_view(match: Match) -> dict[str, Any]:
    entry = match.entry
    return {
        "entry_key": entry.key,
        "source": entry.source,
        "list_version": entry.version,
        "kind": entry.kind.value,
        "listed_name": entry.primary_name,
        "matched_name": match.matched_name,
        "name_strength": match.strength.value,
        "score": match.score,
        "name_score": match.name_score,
        "alert": match.alert,
        "programs": list(entry.programs),
        "birth_dates": [d.iso() for d in entry.birth_dates],
        "nationalities": sorted(entry.nationalities),
        "parts": [
            {"query": p.query_part, "entry": p.entry_part, "how": p.how, "score": p.score}
            for p in match.parts
        ],
        "adjustments": [{"reason": a.reason, "delta": a.delta} for a in match.adjustments],
        "explanation": match.explain(),
    }


def nomination_view(nomination: Nomination) -> dict[str, Any]:
    return {
        "nomination_id": nomination.nomination_id,
        "status": nomination.status.value,
        "organization": nomination.organization,
        "basis": nomination.basis,
        "country": nomination.country,
        "origin": nomination.origin,
        "nominated_by": nomination.nominated_by,
        "nominated_at": nomination.nominated_at.isoformat(),
        "decided_by": nomination.decided_by,
        "decided_at": nomination.decided_at.isoformat() if nomination.decided_at else None,
        "reason": nomination.reason,
        "entry": entry_to_dict(nomination.entry),
    }


def redress_view(request: RedressRequest) -> dict[str, Any]:
    return {
        "request_id": request.request_id,
        "nomination_id": request.nomination_id,
        "requester": request.requester,
        "grounds": request.grounds,
        "received_at": request.received_at.isoformat(),
        "outcome": request.outcome.value,
        "decided_by": request.decided_by,
        "reason": request.reason,
    }
