"""The other contexts' real result types, turned into the decision's inputs."""

from __future__ import annotations

import datetime as dt

from borderflow.identity import PortVerification
from borderflow.inspection.adapters import (
    identity_from_verification,
    program_from_standing,
    risk_from_targeting,
    screening_from_matches,
)
from borderflow.programs import ProgramStatus as MembershipStatus
from borderflow.programs.standing import MembershipView, ProgramStanding
from borderflow.screening import Entry, EntryKind, Match
from borderflow.screening.model import EntryName, NameStrength
from borderflow.targeting import Reason, ReasonKind
from borderflow.targeting import RiskScore as TargetingScore


def test_verified_presentation_gives_alpha2_nationality() -> None:
    verification = PortVerification(
        issuer="https://cbp.example",
        vct="known-traveler",
        claims={"nationality": "MEX"},
        copy_id="c1",
        verified_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    identity = identity_from_verification(verification, declared="USA")
    assert (identity.verified, identity.nationality, identity.document) == (
        True,
        "MX",
        "known-traveler",
    )
    assert identity_from_verification(None, declared="CAN").verified is False
    assert identity_from_verification(None, declared="CAN").nationality == "CA"


def test_screening_matches_become_hits_by_list() -> None:
    entry = Entry("us_ofac", "123", EntryKind.PERSON, (EntryName("Juan Perez"),))
    match = Match(entry, 0.93, 0.95, "Juan Perez", NameStrength.PRIMARY, (), (), (), True)
    result = screening_from_matches([match])
    assert result.best is not None
    assert (result.best.list_name, result.best.score) == ("us_ofac", 0.93)


def test_targeting_reasons_are_kept() -> None:
    score = TargetingScore(
        "d1", 0.97, 0.6, True, (Reason(ReasonKind.RULE, "R7", "undervalued steel"),)
    )
    risk = risk_from_targeting(score)
    assert risk.score == 0.97
    assert risk.reasons == ("R7: undervalued steel",)


def _view(status: MembershipStatus, benefits: frozenset[str]) -> MembershipView:
    return MembershipView(1, "NEXUS", "standard", status, None, True, benefits)


def test_recognised_active_membership_is_good_for_the_inspecting_country() -> None:
    standing = ProgramStanding(
        7,
        "US",
        (_view(MembershipStatus.ACTIVE, frozenset({"reduced_inspection"})),),
        frozenset({"reduced_inspection"}),
        0.5,
        1,
    )
    program = program_from_standing(standing)
    assert program is not None and program.good_for("US")


def test_suspended_membership_is_reported_and_not_recognised() -> None:
    standing = ProgramStanding(
        7, "US", (_view(MembershipStatus.SUSPENDED, frozenset()),), frozenset(), 1.0, 9
    )
    program = program_from_standing(standing)
    assert program is not None
    assert program.status == "suspended" and not program.good_for("US")
    assert program_from_standing(ProgramStanding(7, "US", (), frozenset(), 1.0, 9)) is None
