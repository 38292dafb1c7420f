"""What the ledger records: travel documents and crossings (pure: no I/O).

A crossing is one movement across a border. It is at once the *entry* into
``to_country`` and the *exit* from ``from_country``: single entry/exit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "LAND_MODES",
    "Crossing",
    "CrossingInput",
    "Document",
    "DocumentInput",
    "DocumentType",
    "Mode",
    "Sex",
]


class Mode(StrEnum):
    PEDESTRIAN = "pedestrian"
    PERSONAL_VEHICLE = "personal_vehicle"
    BUS = "bus"
    TRUCK = "truck"
    RAIL = "rail"
    AIR = "air"
    SEA = "sea"


#: Modes that cross at a land port of entry on a shared border.
LAND_MODES = frozenset({Mode.PEDESTRIAN, Mode.PERSONAL_VEHICLE, Mode.BUS, Mode.TRUCK, Mode.RAIL})


class DocumentType(StrEnum):
    PASSPORT = "passport"
    PASSPORT_CARD = "passport_card"
    NATIONAL_ID = "national_id"
    ENHANCED_DRIVERS_LICENCE = "enhanced_drivers_licence"
    TRUSTED_TRAVELER_CARD = "trusted_traveler_card"
    BORDER_CROSSING_CARD = "border_crossing_card"
    PERMANENT_RESIDENT_CARD = "permanent_resident_card"
    VISA = "visa"
    OTHER = "other"


class Sex(StrEnum):
    FEMALE = "F"
    MALE = "M"
    UNSPECIFIED = "X"


_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class DocumentInput(BaseModel):
    """The traveler's document as read at the crossing."""

    model_config = _STRICT

    doc_type: DocumentType
    issuing_country: str = Field(min_length=2, max_length=3)
    number: str = Field(min_length=1, max_length=24)
    surname: str = Field(default="", max_length=120)
    given_names: str = Field(default="", max_length=120)
    date_of_birth: dt.date
    nationality: str = Field(min_length=2, max_length=3)
    sex: Sex | None = None


class CrossingInput(BaseModel):
    """A crossing as reported by an officer, an import file or a partner node."""

    model_config = _STRICT

    id: str | None = Field(
        default=None,
        max_length=64,
        description="Event id; the same id is recorded once. Derived from the content if absent.",
    )
    document: DocumentInput
    mode: Mode
    port: str = Field(min_length=1, max_length=64)
    from_country: str = Field(min_length=2, max_length=3)
    to_country: str = Field(min_length=2, max_length=3)
    crossed_at: dt.datetime
    admission_class: str | None = Field(default=None, max_length=32)
    admitted_until: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A validated, normalised travel document."""

    doc_type: DocumentType
    issuing_country: str
    number: str
    surname: str
    given_names: str
    date_of_birth: dt.date
    nationality: str
    sex: Sex | None

    @property
    def key(self) -> str:
        """Identifies the document: issuing country, type and number."""
        return f"{self.issuing_country}|{self.doc_type.value}|{self.number}"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as plain values: bulk imports send many documents between processes."""
        return (
            _document,
            (
                self.doc_type.value,
                self.issuing_country,
                self.number,
                self.surname,
                self.given_names,
                self.date_of_birth.toordinal(),
                self.nationality,
                self.sex.value if self.sex else None,
            ),
        )


@dataclass(frozen=True, slots=True)
class Crossing:
    """A validated crossing: the entry into ``to_country`` and the exit from ``from_country``."""

    id: str
    document: Document
    mode: Mode
    port: str
    from_country: str
    to_country: str
    crossed_at: dt.datetime
    local_day: dt.date
    admission_class: str | None
    admitted_until: dt.date | None

    @property
    def direction(self) -> str:
        return f"{self.from_country}->{self.to_country}"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as plain values (several times faster than the dataclass default)."""
        return (
            _crossing,
            (
                self.id,
                self.document,
                self.mode.value,
                self.port,
                self.from_country,
                self.to_country,
                (self.crossed_at - _EPOCH) // _MICROSECOND,
                self.local_day.toordinal(),
                self.admission_class,
                self.admitted_until.toordinal() if self.admitted_until else None,
            ),
        )


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)


def _document(
    doc_type: str,
    issuing_country: str,
    number: str,
    surname: str,
    given_names: str,
    born: int,
    nationality: str,
    sex: str | None,
) -> Document:
    return Document(
        DocumentType(doc_type),
        issuing_country,
        number,
        surname,
        given_names,
        dt.date.fromordinal(born),
        nationality,
        Sex(sex) if sex else None,
    )


def _crossing(
    crossing_id: str,
    document: Document,
    mode: str,
    port: str,
    from_country: str,
    to_country: str,
    micros: int,
    local_day: int,
    admission_class: str | None,
    admitted_until: int | None,
) -> Crossing:
    return Crossing(
        crossing_id,
        document,
        Mode(mode),
        port,
        from_country,
        to_country,
        _EPOCH + dt.timedelta(microseconds=micros),
        dt.date.fromordinal(local_day),
        admission_class,
        dt.date.fromordinal(admitted_until) if admitted_until else None,
    )
