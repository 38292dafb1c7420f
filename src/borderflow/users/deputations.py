"""Cross-deputations: a partner country lets an officer act under its authority at one port.

At a binational port an officer of one country may be deputised by the other, for a
period, until revoked. The inspection decision reads the active ones as
``Officer.deputations``; this module holds the value and its rules (pure, no I/O).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from borderflow.errors import InvalidInput, NotFound, Problem
from borderflow.reference import Catalog
from borderflow.users.model import Principal, Role

__all__ = ["DEPUTABLE_ROLES", "Deputation", "DeputationRequest", "check_deputation"]

#: Only users who decide at a booth can act under a partner's authority.
DEPUTABLE_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR})


@dataclass(frozen=True, slots=True)
class Deputation:
    """One grant, as stored. ``partner`` and ``port`` are an alpha-2 code and a port code."""

    deputation_id: int
    user_id: int
    user_name: str
    partner: str
    port: str
    granted_by: str
    valid_from: dt.date
    valid_until: dt.date
    granted_at: dt.datetime
    revoked_at: dt.datetime | None = None
    revoked_by: str | None = None

    def active_at(self, moment: dt.datetime, local_day: dt.date) -> bool:
        """Not revoked by ``moment`` and ``local_day`` (the port's calendar) within its dates."""
        if self.revoked_at is not None and self.revoked_at <= moment:
            return False
        return self.valid_from <= local_day <= self.valid_until


@dataclass(frozen=True, slots=True)
class DeputationRequest:
    """A grant as typed by whoever records it: codes or names, not yet checked."""

    partner: str
    port: str
    granted_by: str
    valid_from: dt.date
    valid_until: dt.date


def check_deputation(
    request: DeputationRequest, officer: Principal, catalog: Catalog
) -> tuple[str, str]:
    """The partner's alpha-2 code and the port code, once the grant is known to be sound.

    The port must lie on the border between the officer's country and the partner (a
    country does not deputise its own officers), the officer must decide at booths, the
    period must not end before it starts and someone must be named as granting it.
    """
    try:
        partner = catalog.country(request.partner).alpha2
    except NotFound as error:
        raise NotFound(error.message, field="partner") from None
    port = catalog.port(request.port)
    problems: list[Problem] = []
    if not officer.has_any(DEPUTABLE_ROLES):
        problems.append(Problem("user", f"{officer.name} is neither officer nor supervisor"))
    if partner == officer.country:
        problems.append(
            Problem("partner", f"{officer.name} already acts for {partner}: no deputation needed")
        )
    elif port.countries != {partner, officer.country}:
        problems.append(
            Problem(
                "port",
                f"port {port.name} ({port.code}) is on the {port.border} border, not between "
                f"{officer.country} and {partner}",
            )
        )
    if request.valid_until < request.valid_from:
        problems.append(Problem("valid_until", "the deputation ends before it starts"))
    if not request.granted_by.strip():
        problems.append(Problem("granted_by", "name who grants the deputation"))
    if problems:
        raise InvalidInput.of(problems)
    return partner, port.code
