"""A member's standing in one country, with mutual recognition applied (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from borderflow.programs.lifecycle import Membership, ProgramStatus
from borderflow.programs.model import ProgramCatalog

__all__ = ["MembershipView", "ProgramStanding", "standing_in"]

REDUCED_INSPECTION = "reduced_inspection"
FRONT_OF_LINE = "front_of_line"


@dataclass(frozen=True, slots=True)
class MembershipView:
    """One membership as seen from ``country``: its status and the benefits it gives there."""

    membership_id: int
    program: str
    tier: str
    status: ProgramStatus
    expires_at: dt.datetime | None
    recognized: bool
    benefits: frozenset[str]


@dataclass(frozen=True, slots=True)
class ProgramStanding:
    """What a member's programs are worth in ``country`` at one moment."""

    member_id: int
    country: str
    memberships: tuple[MembershipView, ...]
    benefits: frozenset[str]
    inspection_rate_factor: float
    reopening_rank: int

    def has(self, benefit: str) -> bool:
        return benefit in self.benefits

    def active_programs(self) -> tuple[str, ...]:
        return tuple(m.program for m in self.memberships if m.status is ProgramStatus.ACTIVE)


def standing_in(
    country: str,
    member_id: int,
    memberships: Iterable[Membership],
    catalog: ProgramCatalog,
    now: dt.datetime,
) -> ProgramStanding:
    """The member's standing in ``country``: only active memberships give benefits, each the
    benefits its tier grants there (all of them in an operating country, the recognized
    ones elsewhere)."""
    views: list[MembershipView] = []
    factor, rank = 1.0, 0
    for membership in memberships:
        status = membership.effective_status(now)
        program = catalog.program(membership.program)
        benefits = catalog.benefits_in(country, program.code, membership.tier)
        active = status is ProgramStatus.ACTIVE
        views.append(
            MembershipView(
                membership.membership_id,
                program.code,
                membership.tier,
                status,
                membership.expires_at,
                recognized=country not in program.operating_countries,
                benefits=benefits if active else frozenset(),
            )
        )
        policy = catalog.tier(program.code, membership.tier)
        if active and REDUCED_INSPECTION in benefits:
            factor = min(factor, policy.inspection_rate_factor)
        if active and FRONT_OF_LINE in benefits:
            rank = max(rank, policy.reopening_rank)
    granted = frozenset().union(*(v.benefits for v in views))
    return ProgramStanding(member_id, country, tuple(views), granted, factor, rank)
