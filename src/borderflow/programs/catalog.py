"""Loading the program catalog from the shipped TOML files, validated on load.

Every problem raises :class:`ConfigurationError` naming the file and the key, for example
``benefits.toml: tier[3].benefits: unknown benefit 'fast_lane'``: changing an arrangement is
a data change, and a broken data change must say exactly where it is broken.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from borderflow.errors import ConfigurationError
from borderflow.programs.model import (
    Arrangement,
    BenefitDefinition,
    LaneRule,
    Program,
    ProgramCatalog,
    ProgramKind,
    TierPolicy,
)

__all__ = ["DATA_DIR", "default_catalog", "load_catalog"]

DATA_DIR = Path(__file__).with_name("data")
COUNTRIES = frozenset({"CA", "MX", "US", "GT"})


class _Table:
    """A TOML table with typed getters whose errors name the file and the key path."""

    def __init__(self, file: str, key: str, data: Any) -> None:
        if not isinstance(data, dict):
            raise _problem(file, key, "expected a table")
        self.file, self.key, self.data = file, key, data

    def _get(self, name: str, kind: type | tuple[type, ...], expected: str) -> Any:
        value = self.data.get(name)
        if isinstance(value, bool) and kind is not bool:
            value = None
        if not isinstance(value, kind):
            raise _problem(self.file, f"{self.key}.{name}", f"expected {expected}, got {value!r}")
        return value

    def text(self, name: str) -> str:
        value: str = self._get(name, str, "a string")
        if not value.strip():
            raise _problem(self.file, f"{self.key}.{name}", "must not be empty")
        return value.strip()

    def flag(self, name: str) -> bool:
        value: bool = self._get(name, bool, "true or false")
        return value

    def number(self, name: str) -> float:
        return float(self._get(name, (int, float), "a number"))

    def integer(self, name: str) -> int:
        value: int = self._get(name, int, "an integer")
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        values = self._get(name, list, "a list of strings")
        if not all(isinstance(v, str) and v.strip() for v in values):
            raise _problem(self.file, f"{self.key}.{name}", "expected a list of strings")
        return tuple(v.strip() for v in values)

    def country(self, name: str) -> str:
        value = self.text(name).upper()
        if value not in COUNTRIES:
            raise _problem(self.file, f"{self.key}.{name}", f"unknown country {value!r}")
        return value


def _problem(file: str, key: str, message: str) -> ConfigurationError:
    return ConfigurationError(f"{file}: {key}: {message}", field=key)


def _read(folder: Path, name: str) -> dict[str, Any]:
    path = folder / name
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigurationError(f"{name}: the catalog file is missing in {folder}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{name}: not valid TOML: {exc}") from None


def _entries(file: str, data: dict[str, Any], key: str) -> list[_Table]:
    rows = data.get(key, [])
    if not isinstance(rows, list):
        raise _problem(file, key, "expected an array of tables ([[...]])")
    return [_Table(file, f"{key}[{i}]", row) for i, row in enumerate(rows)]


def _programs(data: dict[str, Any]) -> dict[str, Program]:
    table = _Table("programs.toml", "programs", data.get("programs"))
    programs: dict[str, Program] = {}
    for code, body in table.data.items():
        row = _Table("programs.toml", f"programs.{code}", body)
        kind = row.text("kind")
        if kind not in {k.value for k in ProgramKind}:
            raise _problem(row.file, f"{row.key}.kind", f"unknown kind {kind!r}")
        countries = frozenset(c.upper() for c in row.texts("operating_countries"))
        if not countries or not countries <= COUNTRIES:
            expected = ", ".join(sorted(COUNTRIES))
            raise _problem(
                row.file, f"{row.key}.operating_countries", f"expected countries among {expected}"
            )
        tiers = row.texts("tiers")
        if not tiers:
            raise _problem(row.file, f"{row.key}.tiers", "a program needs at least one tier")
        programs[code.upper()] = Program(
            code=code.upper(),
            name=row.text("name"),
            kind=ProgramKind(kind),
            operating_countries=countries,
            background_check=row.flag("background_check"),
            tiers=tiers,
            validity_years=row.integer("validity_years"),
            publishes_registry=row.flag("publishes_registry"),
        )
    return programs


def _benefits(data: dict[str, Any]) -> dict[str, BenefitDefinition]:
    table = _Table("benefits.toml", "benefits", data.get("benefits"))
    benefits: dict[str, BenefitDefinition] = {}
    for name, body in table.data.items():
        row = _Table("benefits.toml", f"benefits.{name}", body)
        benefits[name] = BenefitDefinition(
            name=name,
            description=row.text("description"),
            needs_background_check=row.flag("needs_background_check"),
        )
    return benefits


def _benefit_names(row: _Table, name: str, known: dict[str, BenefitDefinition]) -> frozenset[str]:
    names = frozenset(row.texts(name))
    for benefit in sorted(names - known.keys()):
        raise _problem(row.file, f"{row.key}.{name}", f"unknown benefit {benefit!r}")
    return names


def _program_code(row: _Table, name: str, programs: dict[str, Program]) -> Program:
    code = row.text(name).upper()
    if code not in programs:
        raise _problem(row.file, f"{row.key}.{name}", f"unknown program {code!r}")
    return programs[code]


def _tiers(
    data: dict[str, Any], programs: dict[str, Program], benefits: dict[str, BenefitDefinition]
) -> dict[tuple[str, str], TierPolicy]:
    tiers: dict[tuple[str, str], TierPolicy] = {}
    for row in _entries("benefits.toml", data, "tier"):
        program = _program_code(row, "program", programs)
        tier = row.text("tier")
        if tier not in program.tiers:
            raise _problem(row.file, f"{row.key}.tier", f"{program.code} has no tier {tier!r}")
        granted = _benefit_names(row, "benefits", benefits)
        needing_check = sorted(b for b in granted if benefits[b].needs_background_check)
        if needing_check and not program.background_check:
            raise _problem(
                row.file,
                f"{row.key}.benefits",
                f"{program.code} carries no background check and cannot grant {needing_check}",
            )
        if (program.code, tier) in tiers:
            raise _problem(row.file, row.key, f"{program.code} tier {tier!r} is listed twice")
        factor = row.number("inspection_rate_factor")
        if not 0.0 <= factor <= 1.0:
            raise _problem(row.file, f"{row.key}.inspection_rate_factor", "expected 0 to 1")
        tiers[(program.code, tier)] = TierPolicy(
            program.code, tier, granted, factor, row.integer("reopening_rank")
        )
    for program in programs.values():
        for tier in program.tiers:
            if (program.code, tier) not in tiers:
                raise _problem("benefits.toml", "tier", f"no policy for {program.code} {tier!r}")
    return tiers


def _arrangements(
    data: dict[str, Any], programs: dict[str, Program], benefits: dict[str, BenefitDefinition]
) -> tuple[Arrangement, ...]:
    found: list[Arrangement] = []
    for row in _entries("recognition.toml", data, "arrangement"):
        program = _program_code(row, "recognizes", programs)
        country = row.country("country")
        if country in program.operating_countries:
            raise _problem(
                row.file, f"{row.key}.country", f"{country} operates {program.code} itself"
            )
        found.append(
            Arrangement(
                row.text("name"), country, program.code, _benefit_names(row, "benefits", benefits)
            )
        )
    return tuple(found)


def _lanes(
    data: dict[str, Any], benefits: dict[str, BenefitDefinition]
) -> dict[tuple[str, str], LaneRule]:
    lanes: dict[tuple[str, str], LaneRule] = {}
    for row in _entries("lanes.toml", data, "lane"):
        country, lane = row.country("country"), row.text("lane").upper()
        needed = [row.text("driver_benefit"), row.text("trader_benefit")]
        for key, benefit in zip(("driver_benefit", "trader_benefit"), needed, strict=True):
            if benefit not in benefits:
                raise _problem(row.file, f"{row.key}.{key}", f"unknown benefit {benefit!r}")
        chapters = frozenset(row.texts("other_agency_hs_chapters"))
        for chapter in sorted(c for c in chapters if not (len(c) == 2 and c.isdigit())):
            raise _problem(
                row.file, f"{row.key}.other_agency_hs_chapters", f"not an HS chapter: {chapter!r}"
            )
        if (country, lane) in lanes:
            raise _problem(row.file, row.key, f"lane {lane} of {country} is listed twice")
        lanes[(country, lane)] = LaneRule(country, lane, needed[0], needed[1], chapters)
    return lanes


def load_catalog(folder: Path = DATA_DIR) -> ProgramCatalog:
    """The catalog from the four files in ``folder`` (programs, benefits, recognition, lanes)."""
    programs = _programs(_read(folder, "programs.toml"))
    benefit_data = _read(folder, "benefits.toml")
    benefits = _benefits(benefit_data)
    return ProgramCatalog(
        programs=programs,
        benefits=benefits,
        tiers=_tiers(benefit_data, programs, benefits),
        arrangements=_arrangements(_read(folder, "recognition.toml"), programs, benefits),
        lanes=_lanes(_read(folder, "lanes.toml"), benefits),
    )


@cache
def default_catalog() -> ProgramCatalog:
    """The catalog shipped with BorderFlow, loaded once."""
    return load_catalog(DATA_DIR)
