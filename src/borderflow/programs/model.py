"""The program catalog as values: programs, tiers, benefits, arrangements and lane rules (pure).

A :class:`ProgramCatalog` answers the one question mutual recognition asks: which benefits
does a membership of program P at tier T give in country C? In P's operating countries,
all of the tier's benefits; elsewhere, only those the country's arrangement recognizes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from borderflow.errors import InvalidInput, NotFound

__all__ = [
    "Arrangement",
    "BenefitDefinition",
    "LaneRule",
    "Program",
    "ProgramCatalog",
    "ProgramKind",
    "TierPolicy",
]


class ProgramKind(StrEnum):
    TRAVELER = "traveler"
    DRIVER = "driver"
    TRADER = "trader"


@dataclass(frozen=True, slots=True)
class Program:
    code: str
    name: str
    kind: ProgramKind
    operating_countries: frozenset[str]
    background_check: bool
    tiers: tuple[str, ...]
    validity_years: int
    publishes_registry: bool


@dataclass(frozen=True, slots=True)
class BenefitDefinition:
    name: str
    description: str
    needs_background_check: bool


@dataclass(frozen=True, slots=True)
class TierPolicy:
    """What one tier of one program grants where the program is honoured in full."""

    program: str
    tier: str
    benefits: frozenset[str]
    inspection_rate_factor: float
    reopening_rank: int


@dataclass(frozen=True, slots=True)
class Arrangement:
    """``country`` recognizes ``recognizes`` (another country's program) for ``benefits``."""

    name: str
    country: str
    recognizes: str
    benefits: frozenset[str]


@dataclass(frozen=True, slots=True)
class LaneRule:
    """What a truck needs to use ``lane`` when entering ``country``."""

    country: str
    lane: str
    driver_benefit: str
    trader_benefit: str
    other_agency_hs_chapters: frozenset[str]


@dataclass(frozen=True, slots=True)
class ProgramCatalog:
    """Every program, benefit, tier policy, arrangement and lane rule, validated."""

    programs: Mapping[str, Program]
    benefits: Mapping[str, BenefitDefinition]
    tiers: Mapping[tuple[str, str], TierPolicy]
    arrangements: tuple[Arrangement, ...]
    lanes: Mapping[tuple[str, str], LaneRule]

    def program(self, code: str) -> Program:
        """The program named ``code`` (case-insensitive); an unknown code names the field."""
        found = self.programs.get(code.strip().upper())
        if found is None:
            known = ", ".join(sorted(self.programs))
            raise NotFound(f"unknown program {code!r}: expected one of {known}", field="program")
        return found

    def tier(self, program: str, tier: str | None) -> TierPolicy:
        """The policy of ``tier`` of ``program``; ``None`` means the program's first tier."""
        found = self.program(program)
        name = found.tiers[0] if tier is None else tier.strip()
        if name not in found.tiers:
            allowed = ", ".join(found.tiers)
            raise InvalidInput(
                f"{found.code} has no tier {tier!r}: expected one of {allowed}", field="tier"
            )
        return self.tiers[(found.code, name)]

    def benefits_in(self, country: str, program: str, tier: str) -> frozenset[str]:
        """Benefits a membership gives in ``country``, mutual recognition applied."""
        found = self.program(program)
        granted = self.tier(found.code, tier).benefits
        if country in found.operating_countries:
            return granted
        recognized: set[str] = set()
        for arrangement in self.arrangements:
            if arrangement.country == country and arrangement.recognizes == found.code:
                recognized |= arrangement.benefits
        return granted & recognized

    def recognizing_countries(self, program: str) -> frozenset[str]:
        """Countries outside the operating ones that recognize ``program`` for something."""
        code = self.program(program).code
        return frozenset(a.country for a in self.arrangements if a.recognizes == code)

    def lane_rule(self, country: str, lane: str) -> LaneRule | None:
        """The rule of ``lane`` in ``country``; ``None`` for a lane without conditions."""
        return self.lanes.get((country.upper(), lane.strip().upper()))
