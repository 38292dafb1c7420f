"""What the programs service answers with (pure values)."""

from __future__ import annotations

from dataclasses import dataclass

from borderflow.programs.lifecycle import Membership, Standing

__all__ = [
    "ApplicationResult",
    "PartnerStatus",
    "ProgramRequest",
    "PublicStatus",
    "VettingRequest",
]


@dataclass(frozen=True, slots=True)
class ProgramRequest:
    program: str
    tier: str | None = None


@dataclass(frozen=True, slots=True)
class VettingRequest:
    """One country's background check that an application is waiting for."""

    membership_id: int
    program: str
    country: str


@dataclass(frozen=True, slots=True)
class ApplicationResult:
    application_id: int
    member_id: int
    memberships: tuple[Membership, ...]
    vetting_requests: tuple[VettingRequest, ...]


@dataclass(frozen=True, slots=True)
class PublicStatus:
    """A trader program membership as a partner or the public registry sees it."""

    program: str
    tier: str
    standing: Standing


@dataclass(frozen=True, slots=True)
class PartnerStatus:
    partner: str
    name: str
    programs: tuple[PublicStatus, ...]
