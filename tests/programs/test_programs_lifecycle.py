"""The membership lifecycle rules on plain values (no database)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderflow.errors import Conflict, InvalidInput
from borderflow.programs import Action, Membership, ProgramStatus, VettingResult, default_catalog
from borderflow.programs.lifecycle import (
    Standing,
    Vetting,
    add_years,
    after_vetting,
    check_may_apply,
    standing_of,
    transition,
)

NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
NEXUS = default_catalog().program("NEXUS")


def membership(
    status: ProgramStatus,
    *,
    expires: dt.datetime | None = None,
    vettings: tuple[Vetting, ...] = (),
    program: str = "NEXUS",
) -> Membership:
    return Membership(
        7,
        3,
        program,
        "member",
        status,
        NOW - dt.timedelta(days=30),
        expires_at=expires,
        vettings=vettings,
    )


def vetting(country: str, result: VettingResult) -> Vetting:
    return Vetting(country, result, f"case-{country}", NOW)


def test_nexus_becomes_active_only_when_both_countries_cleared() -> None:
    applied = membership(ProgramStatus.APPLIED)
    assert after_vetting(applied, NEXUS, vetting("CA", VettingResult.CLEARED), NOW) is None
    half = membership(ProgramStatus.APPLIED, vettings=(vetting("CA", VettingResult.CLEARED),))
    change = after_vetting(half, NEXUS, vetting("US", VettingResult.CLEARED), NOW)
    assert change is not None
    assert change.status is ProgramStatus.ACTIVE
    assert change.expires_at == dt.datetime(2031, 3, 2, 15, 0, tzinfo=dt.UTC)


def test_conflicting_vetting_results_deny_and_name_both_countries() -> None:
    half = membership(ProgramStatus.APPLIED, vettings=(vetting("CA", VettingResult.CLEARED),))
    change = after_vetting(half, NEXUS, vetting("US", VettingResult.DENIED), NOW)
    assert change is not None
    assert change.status is ProgramStatus.DENIED
    assert change.reason == "conflicting vetting: cleared by CA, denied by US"


def test_a_country_cleared_after_another_denied_is_recorded_without_reviving() -> None:
    denied = membership(ProgramStatus.DENIED, vettings=(vetting("US", VettingResult.DENIED),))
    assert after_vetting(denied, NEXUS, vetting("CA", VettingResult.CLEARED), NOW) is None


@given(
    st.permutations(["CA", "US"]), st.lists(st.sampled_from(VettingResult), min_size=2, max_size=2)
)
def test_the_outcome_does_not_depend_on_the_order_countries_answer(
    order: list[str], results: list[VettingResult]
) -> None:
    current = membership(ProgramStatus.APPLIED)
    for country, result in zip(order, results, strict=True):
        change = after_vetting(current, NEXUS, vetting(country, result), NOW)
        status = change.status if change else current.status
        current = Membership(
            7,
            3,
            "NEXUS",
            "member",
            status,
            current.applied_at,
            vettings=(*current.vettings, vetting(country, result)),
        )
    expected = (
        ProgramStatus.ACTIVE
        if all(r is VettingResult.CLEARED for r in results)
        else ProgramStatus.DENIED
    )
    assert current.status is expected


def test_only_an_operating_country_vets_and_only_once() -> None:
    with pytest.raises(InvalidInput) as stranger:
        after_vetting(
            membership(ProgramStatus.APPLIED), NEXUS, vetting("MX", VettingResult.CLEARED), NOW
        )
    assert stranger.value.field == "country"
    once = membership(ProgramStatus.APPLIED, vettings=(vetting("CA", VettingResult.CLEARED),))
    with pytest.raises(Conflict, match="already vetted"):
        after_vetting(once, NEXUS, vetting("CA", VettingResult.DENIED), NOW)


def test_vetting_is_closed_once_active() -> None:
    with pytest.raises(Conflict, match="vetting is closed"):
        after_vetting(
            membership(ProgramStatus.ACTIVE, expires=NOW + dt.timedelta(days=9)),
            NEXUS,
            vetting("CA", VettingResult.CLEARED),
            NOW,
        )


def test_suspend_reinstate_revoke() -> None:
    later = NOW + dt.timedelta(days=365)
    active = membership(ProgramStatus.ACTIVE, expires=later)
    assert (
        transition(active, Action.SUSPEND, "pending inquiry", NOW).status is ProgramStatus.SUSPENDED
    )
    suspended = membership(ProgramStatus.SUSPENDED, expires=later)
    assert transition(suspended, Action.REINSTATE, "cleared", NOW).status is ProgramStatus.ACTIVE
    assert transition(suspended, Action.REVOKE, "violation", NOW).status is ProgramStatus.REVOKED
    with pytest.raises(Conflict, match="cannot reinstate membership 7: it is active"):
        transition(active, Action.REINSTATE, "x", NOW)
    with pytest.raises(InvalidInput) as no_reason:
        transition(active, Action.SUSPEND, "  ", NOW)
    assert no_reason.value.field == "reason"


def test_a_membership_past_its_end_is_expired_and_cannot_be_reinstated() -> None:
    suspended = membership(ProgramStatus.SUSPENDED, expires=NOW - dt.timedelta(seconds=1))
    assert suspended.effective_status(NOW) is ProgramStatus.EXPIRED
    with pytest.raises(Conflict, match="it is expired"):
        transition(suspended, Action.REINSTATE, "cleared", NOW)
    assert transition(suspended, Action.EXPIRE, "ended", NOW).status is ProgramStatus.EXPIRED
    with pytest.raises(Conflict):
        transition(membership(ProgramStatus.EXPIRED, expires=NOW), Action.EXPIRE, "again", NOW)


def test_a_suspended_member_applying_again_is_refused() -> None:
    suspended = membership(ProgramStatus.SUSPENDED, expires=NOW + dt.timedelta(days=9))
    with pytest.raises(Conflict, match="membership 7 of NEXUS is suspended") as error:
        check_may_apply(NEXUS, [suspended], NOW)
    assert error.value.field == "programs"


@pytest.mark.parametrize(
    "status", [ProgramStatus.REVOKED, ProgramStatus.DENIED, ProgramStatus.EXPIRED]
)
def test_after_a_closed_membership_a_new_application_is_allowed(status: ProgramStatus) -> None:
    check_may_apply(NEXUS, [membership(status, expires=NOW)], NOW)


def test_an_active_membership_past_its_end_does_not_block_renewal() -> None:
    check_may_apply(NEXUS, [membership(ProgramStatus.ACTIVE, expires=NOW)], NOW)


def test_another_programs_membership_does_not_block() -> None:
    check_may_apply(NEXUS, [membership(ProgramStatus.SUSPENDED, program="SENTRI")], NOW)


def test_add_years_keeps_29_february_in_range() -> None:
    leap = dt.datetime(2028, 2, 29, tzinfo=dt.UTC)
    assert add_years(leap, 5) == dt.datetime(2033, 2, 28, tzinfo=dt.UTC)


def test_standing_categories_for_partners() -> None:
    assert standing_of(ProgramStatus.ACTIVE) is Standing.IN_GOOD_STANDING
    assert standing_of(ProgramStatus.SUSPENDED) is Standing.SUSPENDED
    assert standing_of(ProgramStatus.REVOKED) is Standing.REMOVED
    assert standing_of(ProgramStatus.EXPIRED) is Standing.REMOVED
