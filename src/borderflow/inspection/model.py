"""What the decision at the port consumes and produces, as plain frozen values.

The other capabilities (identity, screening, programs, targeting) hand their results to
:func:`borderflow.inspection.decide` through these narrow types, so each plugs in through
a small adapter (see :mod:`borderflow.inspection.sources`). Nothing here does I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "NORTH_AMERICAN_COUNTRIES",
    "REFERRAL_EXPIRY",
    "TRUSTED_LANES",
    "Arrival",
    "Decision",
    "IdentityResult",
    "Lane",
    "Mode",
    "Officer",
    "OfficerReferral",
    "Outcome",
    "ProgramStatus",
    "ReferralSource",
    "RiskScore",
    "ScreeningHit",
    "ScreeningResult",
]

#: Nationals who may skip the routine primary interview under the ``cbm`` policy.
NORTH_AMERICAN_COUNTRIES = frozenset({"CA", "MX", "US"})
#: How long an open referral counts as occupying a secondary bay. A result not reported
#: by then (a forgotten form, a traveler who left) stops blocking the random checks; it is
#: still owed, and the port's overview counts it as stale. A node sets its own with
#: ``BORDERFLOW_INSPECTION_REFERRAL_EXPIRY_MINUTES``.
REFERRAL_EXPIRY = dt.timedelta(hours=12)


class Mode(StrEnum):
    """How the arrival travels; one decision covers a vehicle and everyone in it."""

    PEDESTRIAN = "pedestrian"
    PERSONAL_VEHICLE = "personal_vehicle"
    BUS = "bus"
    TRUCK = "truck"


class Lane(StrEnum):
    """The primary lanes of a land port."""

    GENERAL = "general"
    READY = "ready"
    SENTRI = "sentri"
    FAST = "fast"
    COMMERCIAL = "commercial"
    PEDESTRIAN = "pedestrian"
    BUS = "bus"


#: Lanes reserved to members of a trusted program recognised by the inspecting country.
TRUSTED_LANES = frozenset({Lane.SENTRI, Lane.FAST})


class Outcome(StrEnum):
    RELEASE = "release"
    REFER = "refer"
    HOLD = "hold"


class ReferralSource(StrEnum):
    """Who or what sent an arrival to secondary (or held it).

    Kept apart from the reasons' text so that random checks stay distinguishable from
    targeted referrals: the random ones estimate prevalence, the targeted ones precision.
    """

    IDENTITY = "identity"
    SCREENING = "screening"
    LANE = "lane"
    TARGETING = "targeting"
    OFFICER = "officer"
    RANDOM = "random"


@dataclass(frozen=True, slots=True)
class IdentityResult:
    """What identity verification established about the traveller (or the driver)."""

    verified: bool
    nationality: str
    document: str = "unknown"


@dataclass(frozen=True, slots=True)
class ScreeningHit:
    """One watch-list match with its similarity score in [0, 1]."""

    list_name: str
    score: float


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    hits: tuple[ScreeningHit, ...] = ()

    @property
    def best(self) -> ScreeningHit | None:
        return max(self.hits, key=lambda hit: hit.score, default=None)


@dataclass(frozen=True, slots=True)
class ProgramStatus:
    """A trusted-program membership (SENTRI, NEXUS, FAST, ...) and who recognises it."""

    program: str
    status: str
    recognized_by: frozenset[str]

    def good_for(self, country: str) -> bool:
        """Active and recognised by ``country`` (mutual recognition)."""
        return self.status == "active" and country in self.recognized_by


@dataclass(frozen=True, slots=True)
class RiskScore:
    """Targeting's score in [0, 1] and the rules or features that produced it."""

    score: float
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OfficerReferral:
    """An officer's own decision to refer, with the observation behind it."""

    officer_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Officer:
    """The deciding officer: their own country and the ports where a partner deputised them.

    ``deputations`` holds ``(country, port_code)`` pairs: at that binational port the officer
    may act under that partner country's authority.
    """

    officer_id: str
    country: str
    deputations: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True, slots=True)
class Arrival:
    """Everything known about one arrival when the decision is taken.

    ``secondary_in_use`` is how many secondary bays are occupied or claimed right now; the
    policy's capacity bounds the random checks only (targeted referrals always go).
    ``declaration_id`` names the cargo declaration targeting scored for this arrival (a
    truck's), so that a secondary inspection's result can become its label.
    """

    arrival_id: str
    port_code: str
    entering: str
    mode: Mode
    lane: Lane
    identity: IdentityResult
    screening: ScreeningResult = ScreeningResult()
    program: ProgramStatus | None = None
    risk: RiskScore | None = None
    officer_referral: OfficerReferral | None = None
    secondary_in_use: int = 0
    declaration_id: str | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """The decision for one arrival, with every reason that led to it.

    ``referred_by`` names the sources of a referral or hold (empty for a release) and
    ``draw`` is the random number drawn for the check, kept so the decision can be audited.
    """

    arrival_id: str
    outcome: Outcome
    primary_interview: bool
    reasons: tuple[str, ...]
    officer_id: str
    authority: str
    policy: str
    referred_by: tuple[ReferralSource, ...]
    draw: float

    @property
    def referred(self) -> bool:
        return self.outcome is not Outcome.RELEASE
