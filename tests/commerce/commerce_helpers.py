"""Helpers of the commerce tests: a valid filing (the clock and enrolment are shared, see
``tests/enrolment.py``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from borderflow.commerce.vehicles import vin_check_digit
from enrolment import START, StepClock, enrol

__all__ = ["START", "VIN", "StepClock", "enrol", "filing_json", "with_check_digit"]


def with_check_digit(vin: str) -> str:
    """``vin`` with position 9 set to its computed check digit."""
    return vin[:8] + vin_check_digit(vin) + vin[9:]


VIN = with_check_digit("1XKYDP9X0NJ123456")


def filing_json(
    card_number: str,
    *,
    arrival: dt.datetime,
    country: str = "US",
    port: str = "2304",
    lane: str = "FAST",
    carrier: str = "US:CARRIER-1",
    hs_codes: tuple[str, ...] = ("870899",),
) -> dict[str, Any]:
    """A trip filing as a carrier's system sends it (JSON values)."""
    return {
        "card_number": card_number,
        "carrier": carrier,
        "country": country,
        "port": port,
        "lane": lane,
        "expected_arrival": arrival.isoformat(),
        "tractor": {"plate": "TX 1AB-234", "vin": VIN},
        "trailer": {"plate": "TR55831"},
        "shipments": [
            {
                "importer": "US:IMPORTER-1",
                "hs_code": hs,
                "value": "12500.00",
                "currency": "USD",
                "origin": "MX",
            }
            for hs in hs_codes
        ],
    }
