"""Plain JSON forms of the programs' values, shared by the HTTP API and the CLI (pure)."""

from __future__ import annotations

from typing import Any

from borderflow.programs.lifecycle import Membership
from borderflow.programs.members import Member
from borderflow.programs.model import ProgramCatalog
from borderflow.programs.results import ApplicationResult, PartnerStatus
from borderflow.programs.standing import ProgramStanding
from borderflow.programs.validations import JointValidation

__all__ = [
    "application_view",
    "catalog_view",
    "member_view",
    "membership_view",
    "partner_view",
    "standing_view",
    "validation_view",
]


def _time(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def member_view(member: Member) -> dict[str, Any]:
    return {
        "member_id": member.member_id,
        "kind": member.kind.value,
        "name": member.name,
        "member": str(member.ref),
    }


def membership_view(membership: Membership) -> dict[str, Any]:
    return {
        "membership_id": membership.membership_id,
        "member_id": membership.member_id,
        "program": membership.program,
        "tier": membership.tier,
        "status": membership.status.value,
        "applied_at": _time(membership.applied_at),
        "activated_at": _time(membership.activated_at),
        "expires_at": _time(membership.expires_at),
        "vetting": [
            {
                "country": v.country,
                "result": v.result.value,
                "reference": v.reference,
                "recorded_at": _time(v.recorded_at),
            }
            for v in membership.vettings
        ],
    }


def application_view(result: ApplicationResult) -> dict[str, Any]:
    return {
        "application_id": result.application_id,
        "member_id": result.member_id,
        "memberships": [membership_view(m) for m in result.memberships],
        "vetting_requests": [
            {"membership_id": r.membership_id, "program": r.program, "country": r.country}
            for r in result.vetting_requests
        ],
    }


def standing_view(standing: ProgramStanding) -> dict[str, Any]:
    return {
        "member_id": standing.member_id,
        "country": standing.country,
        "benefits": sorted(standing.benefits),
        "inspection_rate_factor": standing.inspection_rate_factor,
        "reopening_rank": standing.reopening_rank,
        "memberships": [
            {
                "membership_id": m.membership_id,
                "program": m.program,
                "tier": m.tier,
                "status": m.status.value,
                "expires_at": _time(m.expires_at),
                "recognized": m.recognized,
                "benefits": sorted(m.benefits),
            }
            for m in standing.memberships
        ],
    }


def partner_view(status: PartnerStatus) -> dict[str, Any]:
    return {
        "member": status.partner,
        "name": status.name,
        "programs": [
            {"program": p.program, "tier": p.tier, "standing": p.standing.value}
            for p in status.programs
        ],
    }


def validation_view(validation: JointValidation) -> dict[str, Any]:
    return {
        "validation_id": validation.validation_id,
        "membership_id": validation.membership_id,
        "program": validation.program,
        "findings": [
            {
                "country": f.country,
                "validator": f.validator,
                "findings": f.findings,
                "outcome": f.outcome.value,
            }
            for f in validation.findings
        ],
    }


def catalog_view(catalog: ProgramCatalog) -> dict[str, Any]:
    return {
        "programs": [
            {
                "code": p.code,
                "name": p.name,
                "kind": p.kind.value,
                "operating_countries": sorted(p.operating_countries),
                "tiers": list(p.tiers),
                "background_check": p.background_check,
                "publishes_registry": p.publishes_registry,
            }
            for p in catalog.programs.values()
        ],
        "arrangements": [
            {
                "name": a.name,
                "country": a.country,
                "recognizes": a.recognizes,
                "benefits": sorted(a.benefits),
            }
            for a in catalog.arrangements
        ],
        "tiers": [
            {
                "program": t.program,
                "tier": t.tier,
                "benefits": sorted(t.benefits),
                "inspection_rate_factor": t.inspection_rate_factor,
                "reopening_rank": t.reopening_rank,
            }
            for t in catalog.tiers.values()
        ],
    }
