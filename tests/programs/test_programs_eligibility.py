"""Lane eligibility on plain values: every failed condition is named."""

from __future__ import annotations

import datetime as dt

from borderflow.programs import (
    LaneCandidate,
    Membership,
    ProgramStatus,
    ShipmentGoods,
    default_catalog,
    lane_eligibility,
)
from borderflow.programs.standing import ProgramStanding, standing_in

NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
CATALOG = default_catalog()


def standing(country: str, *programs: tuple[str, str, ProgramStatus]) -> ProgramStanding:
    memberships = [
        Membership(
            i,
            1,
            code,
            tier,
            status,
            NOW - dt.timedelta(days=90),
            expires_at=NOW + dt.timedelta(days=900),
        )
        for i, (code, tier, status) in enumerate(programs, start=1)
    ]
    return standing_in(country, 1, memberships, CATALOG, NOW)


def truck(
    country: str,
    *,
    driver: str = "FAST",
    carrier: str = "CTPAT",
    carrier_status: ProgramStatus = ProgramStatus.ACTIVE,
    hs_codes: tuple[str, ...] = ("870899",),
) -> LaneCandidate:
    carrier_tier = "2" if carrier == "CTPAT" else "member"
    driver_tier = "registered" if driver == "CDRP" else "member"
    return LaneCandidate(
        driver=standing(country, (driver, driver_tier, ProgramStatus.ACTIVE)),
        carrier="US:CARRIER-1",
        carrier_standing=standing(country, (carrier, carrier_tier, carrier_status)),
        importers={"US:IMPORTER-1": standing(country, ("CTPAT", "3", ProgramStatus.ACTIVE))},
        shipments=tuple(ShipmentGoods(i, "US:IMPORTER-1", hs) for i, hs in enumerate(hs_codes, 1)),
    )


def test_fast_driver_with_ctpat_carrier_and_importer_may_use_the_us_fast_lane() -> None:
    result = lane_eligibility(truck("US"), "fast", "us", CATALOG)
    assert result.ok
    assert result.failed_conditions == ()


def test_a_cdrp_driver_is_refused_because_cdrp_has_no_background_check() -> None:
    result = lane_eligibility(truck("US", driver="CDRP"), "FAST", "US", CATALOG)
    assert not result.ok
    [failure] = result.failed_conditions
    assert failure.condition == "driver_vetted"
    assert "CDRP carries no background check" in failure.detail


def test_a_pip_carrier_is_recognized_in_the_us() -> None:
    assert lane_eligibility(truck("US", carrier="PIP"), "FAST", "US", CATALOG).ok


def test_a_suspended_carrier_fails_the_good_standing_condition() -> None:
    result = lane_eligibility(
        truck("US", carrier_status=ProgramStatus.SUSPENDED), "FAST", "US", CATALOG
    )
    assert [f.condition for f in result.failed_conditions] == ["carrier_in_good_standing"]


def test_other_agency_goods_bar_the_lane_only_where_the_country_says_so() -> None:
    beef = truck("CA", hs_codes=("870899", "020130"))
    in_canada = lane_eligibility(beef, "FAST", "CA", CATALOG)
    assert [f.condition for f in in_canada.failed_conditions] == ["no_other_agency_goods"]
    assert "shipment 2: HS 020130 (chapter 02)" in in_canada.failed_conditions[0].detail
    assert lane_eligibility(truck("US", hs_codes=("020130",)), "FAST", "US", CATALOG).ok


def test_every_failed_condition_is_reported_together() -> None:
    candidate = LaneCandidate(
        driver=None,
        carrier="MX:NOBODY",
        carrier_standing=None,
        importers={
            "MX:IMP-1": None,
            "US:IMP-2": standing("CA", ("CTPAT", "1", ProgramStatus.REVOKED)),
        },
        shipments=(ShipmentGoods(1, "MX:IMP-1", "300490"),),
    )
    result = lane_eligibility(candidate, "FAST", "CA", CATALOG)
    assert [f.condition for f in result.failed_conditions] == [
        "driver_vetted",
        "carrier_in_good_standing",
        "importer_in_good_standing",
        "importer_in_good_standing",
        "no_other_agency_goods",
    ]


def test_a_lane_without_a_rule_has_no_conditions() -> None:
    candidate = LaneCandidate(None, "MX:NOBODY", None, {}, ())
    assert lane_eligibility(candidate, "GENERAL", "US", CATALOG).ok


def test_mutual_recognition_shapes_the_standing() -> None:
    ctpat_in_mexico = standing("MX", ("CTPAT", "3", ProgramStatus.ACTIVE))
    assert ctpat_in_mexico.reopening_rank == 3
    assert ctpat_in_mexico.inspection_rate_factor == 0.25
    pip_in_us = standing("US", ("PIP", "member", ProgramStatus.ACTIVE))
    assert pip_in_us.reopening_rank == 0
    assert pip_in_us.memberships[0].recognized
    suspended = standing("US", ("CTPAT", "3", ProgramStatus.SUSPENDED))
    assert suspended.benefits == frozenset()
    assert suspended.inspection_rate_factor == 1.0
