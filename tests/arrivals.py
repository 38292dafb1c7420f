"""Shared inspection fixtures: a Mexican traveler's crossing into San Ysidro (2504) and the
arrival targeting flags there."""

from __future__ import annotations

from typing import Any

from borderflow.inspection import Arrival, IdentityResult, Lane, Mode, RiskScore

#: A Mexican national driving into San Ysidro, whom targeting scores high.
FLAGGED = Arrival(
    "a-1",
    "2504",
    "US",
    Mode.PERSONAL_VEHICLE,
    Lane.GENERAL,
    IdentityResult(True, "MX"),
    risk=RiskScore(0.995, ("route",)),
)


def crossing_body(
    crossing_id: str = "c-1",
    *,
    number: str = "G123",
    port: str = "2504",
    mode: str = "personal_vehicle",
    crossed_at: str = "2025-03-10T09:55:00-08:00",
) -> dict[str, Any]:
    """The ledger crossing (as its JSON body) of the holder of Mexican passport ``number``
    from Mexico into the US: Ana García for G123, Ana López for any other."""
    return {
        "id": crossing_id,
        "document": {
            "doc_type": "passport",
            "issuing_country": "MX",
            "number": number,
            "surname": "García" if number == "G123" else "López",
            "given_names": "Ana",
            "date_of_birth": "1990-01-01",
            "nationality": "MX",
        },
        "mode": mode,
        "port": port,
        "from_country": "MX",
        "to_country": "US",
        "crossed_at": crossed_at,
    }
