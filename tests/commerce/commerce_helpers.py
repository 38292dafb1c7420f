"""Helpers of the commerce tests: a stepping clock, enrolled members and a valid filing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from borderflow.commerce.vehicles import vin_check_digit
from borderflow.programs import (
    Member,
    MemberKind,
    MemberRef,
    ProgramRequest,
    ProgramService,
    VettingResult,
)

START = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)


class StepClock:
    """Time for the code under test: fixed until the test advances it."""

    def __init__(self, start: dt.datetime = START) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def enrol(
    service: ProgramService, ref: str, name: str, kind: MemberKind, **tiers: str | None
) -> Member:
    """Register a member and make each named program active (every operating country clears)."""
    member = service.register_member(kind, name, MemberRef.parse(ref))
    requests = [ProgramRequest(program, tier) for program, tier in tiers.items()]
    if requests:
        application = service.apply(member.member_id, requests, actor="test", country="US")
        for request in application.vetting_requests:
            service.record_vetting(
                request.membership_id,
                request.country,
                VettingResult.CLEARED,
                f"case-{request.membership_id}-{request.country}",
                actor="test",
            )
    return member


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
