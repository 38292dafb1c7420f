"""The membership lifecycle (pure): applied → vetted by each operating country → active →
suspended → reinstated or revoked → expired.

Each operating country records its own background-check result. A membership becomes
active only when every operating country has cleared it; one denial denies it, even when
another country cleared it (conflicting results are kept, each country's own). Time is
always passed in: nothing here reads a clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from borderflow.errors import Conflict, InvalidInput
from borderflow.programs.model import Program

__all__ = [
    "Action",
    "Membership",
    "ProgramStatus",
    "Standing",
    "StatusChange",
    "Vetting",
    "VettingResult",
    "add_years",
    "after_vetting",
    "check_may_apply",
    "standing_of",
    "transition",
]


class ProgramStatus(StrEnum):
    APPLIED = "applied"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    EXPIRED = "expired"
    DENIED = "denied"


class Standing(StrEnum):
    """How a partner or the public registry sees a membership."""

    IN_GOOD_STANDING = "in_good_standing"
    PENDING = "pending"
    SUSPENDED = "suspended"
    REMOVED = "removed"


class VettingResult(StrEnum):
    CLEARED = "cleared"
    DENIED = "denied"


class Action(StrEnum):
    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    REVOKE = "revoke"
    EXPIRE = "expire"


OPEN_STATUSES = frozenset({ProgramStatus.APPLIED, ProgramStatus.ACTIVE, ProgramStatus.SUSPENDED})


@dataclass(frozen=True, slots=True)
class Vetting:
    country: str
    result: VettingResult
    reference: str
    recorded_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Membership:
    membership_id: int
    member_id: int
    program: str
    tier: str
    status: ProgramStatus
    applied_at: dt.datetime
    activated_at: dt.datetime | None = None
    expires_at: dt.datetime | None = None
    vettings: tuple[Vetting, ...] = ()

    def effective_status(self, now: dt.datetime) -> ProgramStatus:
        """The stored status, except that an active or suspended membership past its end
        has expired even before the expiry job has recorded it."""
        if self.status in (ProgramStatus.ACTIVE, ProgramStatus.SUSPENDED) and self.is_due(now):
            return ProgramStatus.EXPIRED
        return self.status

    def is_due(self, now: dt.datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now


@dataclass(frozen=True, slots=True)
class StatusChange:
    status: ProgramStatus
    reason: str
    activated_at: dt.datetime | None = None
    expires_at: dt.datetime | None = None


def add_years(moment: dt.datetime, years: int) -> dt.datetime:
    """``moment`` plus whole calendar years (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


def standing_of(status: ProgramStatus) -> Standing:
    if status is ProgramStatus.ACTIVE:
        return Standing.IN_GOOD_STANDING
    if status is ProgramStatus.APPLIED:
        return Standing.PENDING
    if status is ProgramStatus.SUSPENDED:
        return Standing.SUSPENDED
    return Standing.REMOVED


def check_may_apply(program: Program, existing: Iterable[Membership], now: dt.datetime) -> None:
    """Refuse a new application while the member holds an open membership of ``program``.

    A suspended member applying again is refused: the suspension must be lifted or the
    membership revoked first. After a denial, revocation or expiry a new application is
    allowed (that is how a membership is renewed).
    """
    for membership in existing:
        status = membership.effective_status(now)
        if membership.program == program.code and status in OPEN_STATUSES:
            raise Conflict(
                f"membership {membership.membership_id} of {program.code} is {status.value}: "
                "a new application needs it revoked, denied or expired first",
                field="programs",
            )


def after_vetting(
    membership: Membership, program: Program, vetting: Vetting, now: dt.datetime
) -> StatusChange | None:
    """The status change (if any) once ``vetting`` is added to ``membership``'s results."""
    if vetting.country not in program.operating_countries:
        countries = ", ".join(sorted(program.operating_countries))
        raise InvalidInput(
            f"{vetting.country} does not operate {program.code} (operated by {countries})",
            field="country",
        )
    if any(v.country == vetting.country for v in membership.vettings):
        raise Conflict(
            f"{vetting.country} has already vetted membership {membership.membership_id}",
            field="country",
        )
    if membership.status not in (ProgramStatus.APPLIED, ProgramStatus.DENIED):
        raise Conflict(
            f"membership {membership.membership_id} is {membership.status.value}: "
            "vetting is closed",
            field="membership_id",
        )
    if membership.status is not ProgramStatus.APPLIED:
        return None
    results = {v.country: v.result for v in (*membership.vettings, vetting)}
    denied = sorted(c for c, r in results.items() if r is VettingResult.DENIED)
    if denied:
        cleared = sorted(c for c, r in results.items() if r is VettingResult.CLEARED)
        reason = f"denied by {', '.join(denied)}"
        if cleared:
            reason = f"conflicting vetting: cleared by {', '.join(cleared)}, {reason}"
        return StatusChange(ProgramStatus.DENIED, reason)
    if set(results) == program.operating_countries:
        return StatusChange(
            ProgramStatus.ACTIVE,
            f"cleared by {', '.join(sorted(results))}",
            activated_at=now,
            expires_at=add_years(now, program.validity_years),
        )
    return None


_ALLOWED_FROM: dict[Action, frozenset[ProgramStatus]] = {
    Action.SUSPEND: frozenset({ProgramStatus.ACTIVE}),
    Action.REINSTATE: frozenset({ProgramStatus.SUSPENDED}),
    Action.REVOKE: frozenset({ProgramStatus.ACTIVE, ProgramStatus.SUSPENDED}),
    Action.EXPIRE: frozenset({ProgramStatus.EXPIRED}),
}
_RESULT: dict[Action, ProgramStatus] = {
    Action.SUSPEND: ProgramStatus.SUSPENDED,
    Action.REINSTATE: ProgramStatus.ACTIVE,
    Action.REVOKE: ProgramStatus.REVOKED,
    Action.EXPIRE: ProgramStatus.EXPIRED,
}


def transition(
    membership: Membership, action: Action, reason: str, now: dt.datetime
) -> StatusChange:
    """The change ``action`` makes, judged on the status in effect at ``now``.

    An expired membership cannot be suspended, reinstated or revoked: it has ended.
    """
    if not reason.strip():
        raise InvalidInput("a status change needs a reason", field="reason")
    current = membership.effective_status(now)
    if current not in _ALLOWED_FROM[action] or (
        action is Action.EXPIRE and membership.status is ProgramStatus.EXPIRED
    ):
        raise Conflict(
            f"cannot {action.value} membership {membership.membership_id}: it is {current.value}",
            field="membership_id",
        )
    return StatusChange(_RESULT[action], reason.strip())
