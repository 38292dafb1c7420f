"""Lane eligibility (pure): may this truck use this lane in this country, and if not, why not.

The conditions come from the country's lane rule (``lanes.toml``): a driver holding the
lane's driver benefit there (a FAST-vetted driver; a CDRP registration carries no
background check and grants nothing), a carrier and every importer holding the trader
benefit (in good standing in a recognized trader program), and, where the rule lists
other-agency HS chapters, none of those goods. Every failed condition is reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from borderflow.programs.model import ProgramCatalog
from borderflow.programs.standing import ProgramStanding

__all__ = ["Eligibility", "FailedCondition", "LaneCandidate", "ShipmentGoods", "lane_eligibility"]


@dataclass(frozen=True, slots=True)
class ShipmentGoods:
    line: int
    importer: str
    hs_code: str


@dataclass(frozen=True, slots=True)
class LaneCandidate:
    """A truck at a lane: its driver's, carrier's and importers' standings and its goods.

    A standing of ``None`` means the party is not a member of any program.
    """

    driver: ProgramStanding | None
    carrier: str
    carrier_standing: ProgramStanding | None
    importers: Mapping[str, ProgramStanding | None]
    shipments: tuple[ShipmentGoods, ...]


@dataclass(frozen=True, slots=True)
class FailedCondition:
    condition: str
    detail: str


@dataclass(frozen=True, slots=True)
class Eligibility:
    lane: str
    country: str
    ok: bool
    failed_conditions: tuple[FailedCondition, ...]


def _programs_of(standing: ProgramStanding | None) -> str:
    if standing is None or not standing.active_programs():
        return "no active program"
    return "only " + ", ".join(standing.active_programs())


def _driver_failure(
    candidate: LaneCandidate, benefit: str, country: str, catalog: ProgramCatalog
) -> FailedCondition | None:
    driver = candidate.driver
    if driver is not None and driver.has(benefit):
        return None
    detail = f"the driver holds {_programs_of(driver)} granting {benefit} in {country}"
    unchecked = [
        code
        for code in (driver.active_programs() if driver else ())
        if not catalog.program(code).background_check
    ]
    if unchecked:
        detail += f" ({', '.join(unchecked)} carries no background check)"
    return FailedCondition("driver_vetted", detail)


def _trader_failures(candidate: LaneCandidate, benefit: str) -> list[FailedCondition]:
    failures: list[FailedCondition] = []
    if candidate.carrier_standing is None or not candidate.carrier_standing.has(benefit):
        failures.append(
            FailedCondition(
                "carrier_in_good_standing",
                f"carrier {candidate.carrier} holds {_programs_of(candidate.carrier_standing)} "
                f"granting {benefit} here",
            )
        )
    for importer, standing in sorted(candidate.importers.items()):
        if standing is None or not standing.has(benefit):
            failures.append(
                FailedCondition(
                    "importer_in_good_standing",
                    f"importer {importer} holds {_programs_of(standing)} granting {benefit} here",
                )
            )
    return failures


def lane_eligibility(
    candidate: LaneCandidate, lane: str, country: str, catalog: ProgramCatalog
) -> Eligibility:
    """Whether ``candidate`` may use ``lane`` entering ``country``, naming each failed condition."""
    rule = catalog.lane_rule(country, lane)
    lane_name, country_code = lane.strip().upper(), country.upper()
    if rule is None:
        return Eligibility(lane_name, country_code, ok=True, failed_conditions=())
    failures: list[FailedCondition] = []
    driver_failure = _driver_failure(candidate, rule.driver_benefit, country_code, catalog)
    if driver_failure is not None:
        failures.append(driver_failure)
    failures.extend(_trader_failures(candidate, rule.trader_benefit))
    for goods in candidate.shipments:
        chapter = goods.hs_code[:2]
        if chapter in rule.other_agency_hs_chapters:
            failures.append(
                FailedCondition(
                    "no_other_agency_goods",
                    f"shipment {goods.line}: HS {goods.hs_code} (chapter {chapter}) is "
                    f"regulated by another agency in {country_code}",
                )
            )
    return Eligibility(lane_name, country_code, not failures, tuple(failures))
