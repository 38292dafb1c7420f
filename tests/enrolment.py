"""Shared by the programs and commerce tests: a clock that only moves when told, and
enrolment of members into programs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

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


Enrol = Callable[..., Member]


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
