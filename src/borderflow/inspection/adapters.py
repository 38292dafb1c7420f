"""Adapters from the other contexts' results to the inputs of :func:`decide`.

Each function reads only public attributes of the other context's value, so inspection
depends on their shapes, not on their storage; the imports are for type checking only
and cost nothing at run time (the simulator never loads those contexts).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from borderflow.errors import NotFound
from borderflow.inspection.model import (
    IdentityResult,
    ProgramStatus,
    RiskScore,
    ScreeningHit,
    ScreeningResult,
)
from borderflow.reference import default_catalog

if TYPE_CHECKING:
    from borderflow.identity import PortVerification
    from borderflow.programs.standing import ProgramStanding
    from borderflow.screening import Match
    from borderflow.targeting import RiskScore as TargetingScore

__all__ = [
    "identity_from_verification",
    "program_from_standing",
    "risk_from_targeting",
    "screening_from_matches",
]


def _alpha2(code: str) -> str:
    """An ICAO/ISO nationality code as ISO alpha-2; unknown codes are kept as given."""
    try:
        return default_catalog().country(code).alpha2
    except NotFound:
        return code.upper()


def identity_from_verification(
    verification: PortVerification | None, declared: str
) -> IdentityResult:
    """A verified known-traveler presentation, or (None) an unverified declared nationality."""
    if verification is None:
        return IdentityResult(verified=False, nationality=_alpha2(declared))
    nationality = str(verification.claims.get("nationality", declared))
    return IdentityResult(True, _alpha2(nationality), document=verification.vct)


def screening_from_matches(matches: Iterable[Match]) -> ScreeningResult:
    """Screening's matches as hits named by their list (source)."""
    return ScreeningResult(tuple(ScreeningHit(m.entry.source, m.score) for m in matches))


def risk_from_targeting(score: TargetingScore) -> RiskScore:
    """Targeting's score with each reason as ``code: detail``."""
    return RiskScore(score.score, tuple(f"{r.code}: {r.detail}" for r in score.reasons))


def program_from_standing(standing: ProgramStanding) -> ProgramStatus | None:
    """The member's best membership as seen from ``standing.country``.

    A membership is recognised by that country when it is active and gives benefits there
    (its own program, or a partner's under mutual recognition); otherwise it is reported
    with its status and no recognising country, which :func:`decide` treats as no program.
    """
    if not standing.memberships:
        return None
    for view in standing.memberships:
        if view.status.value == "active" and view.benefits:
            return ProgramStatus(view.program, "active", frozenset({standing.country}))
    first = standing.memberships[0]
    return ProgramStatus(first.program, first.status.value, frozenset())
