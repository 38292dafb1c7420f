"""Watch-list entries and what screening returns (pure: no I/O)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "BirthDate",
    "Entry",
    "EntryKind",
    "EntryName",
    "Identifier",
    "NameStrength",
]


class EntryKind(StrEnum):
    """What a list entry designates."""

    PERSON = "person"
    ORGANIZATION = "organization"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"


class NameStrength(StrEnum):
    """How much a name identifies the entry.

    ``primary`` is the listed name; ``strong`` an alias the publisher rates as good;
    ``weak`` a low-quality alias (a nickname or nom de guerre) that may alert only together
    with other evidence; ``former`` a name the entry no longer uses.
    """

    PRIMARY = "primary"
    STRONG = "strong"
    WEAK = "weak"
    FORMER = "former"


@dataclass(frozen=True, slots=True)
class EntryName:
    """One name of an entry, as published, with its strength."""

    name: str
    strength: NameStrength = NameStrength.PRIMARY


@dataclass(frozen=True, slots=True, order=True)
class BirthDate:
    """A date of birth that may be partial (year only, year and month) or a range of years.

    ``year_to`` is set for ranges (``BETWEEN 1960 and 1963``, ``circa``); it equals
    ``year`` for a single date.
    """

    year: int
    month: int | None = None
    day: int | None = None
    year_to: int | None = None

    @property
    def last_year(self) -> int:
        return self.year_to if self.year_to is not None else self.year

    def iso(self) -> str:
        """``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY..YYYY`` for a range."""
        if self.year_to is not None and self.year_to != self.year:
            return f"{self.year:04d}..{self.year_to:04d}"
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    @classmethod
    def from_date(cls, value: dt.date) -> BirthDate:
        return cls(value.year, value.month, value.day)


@dataclass(frozen=True, slots=True)
class Identifier:
    """A document or registration number; ``number`` is kept as published."""

    kind: str
    number: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One designated person, organization, vessel or aircraft on one list version.

    ``key`` is unique across lists (``<source>:<id>``). Nationalities are ISO 3166-1
    alpha-2 codes where the publisher's country name could be resolved, else the
    published name in lower case.
    """

    source: str
    entry_id: str
    kind: EntryKind
    names: tuple[EntryName, ...]
    version: str = ""
    birth_dates: tuple[BirthDate, ...] = ()
    nationalities: frozenset[str] = frozenset()
    gender: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    programs: tuple[str, ...] = ()
    remarks: str = ""
    extra: tuple[tuple[str, str], ...] = field(default=())

    @property
    def key(self) -> str:
        return f"{self.source}:{self.entry_id}"

    @property
    def primary_name(self) -> str:
        return self.names[0].name if self.names else ""

    def fingerprint(self) -> tuple[object, ...]:
        """What a refresh compares to tell a changed entry from an unchanged one."""
        return (
            self.kind,
            self.names,
            self.birth_dates,
            self.nationalities,
            self.gender,
            self.identifiers,
            self.programs,
            self.remarks,
        )
