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
    "PackedCrossings",
    "Sex",
    "pack_crossings",
    "unpack_crossings",
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


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)
_MODES = {mode.value: mode for mode in Mode}
_DOCUMENT_TYPES = {kind.value: kind for kind in DocumentType}
_SEXES = {sex.value: sex for sex in Sex}

#: Crossings as one list per field, see :func:`pack_crossings`.
PackedCrossings = tuple[list[Any], ...]


def pack_crossings(crossings: list[Crossing]) -> PackedCrossings:
    """Crossings as one list of plain values per field.

    Bulk imports validate in worker processes and send the crossings to the writer; lists
    of strings and numbers pickle and unpickle several times faster than objects.
    """
    docs = [c.document for c in crossings]
    return (
        [c.id for c in crossings],
        [c.mode.value for c in crossings],
        [c.port for c in crossings],
        [c.from_country for c in crossings],
        [c.to_country for c in crossings],
        [(c.crossed_at - _EPOCH) // _MICROSECOND for c in crossings],
        [c.local_day.toordinal() for c in crossings],
        [c.admission_class for c in crossings],
        [c.admitted_until.toordinal() if c.admitted_until else 0 for c in crossings],
        [d.doc_type.value for d in docs],
        [d.issuing_country for d in docs],
        [d.number for d in docs],
        [d.surname for d in docs],
        [d.given_names for d in docs],
        [d.date_of_birth.toordinal() for d in docs],
        [d.nationality for d in docs],
        [d.sex.value if d.sex else "" for d in docs],
    )


def unpack_crossings(packed: PackedCrossings) -> list[Crossing]:
    """The crossings that :func:`pack_crossings` packed, equal to the originals."""
    (ids, modes, ports, origins, destinations, micros, days, classes, untils) = packed[:9]
    documents = [
        Document(
            _DOCUMENT_TYPES[kind],
            issuing,
            number,
            surname,
            given,
            dt.date.fromordinal(born),
            nationality,
            _SEXES[sex] if sex else None,
        )
        for kind, issuing, number, surname, given, born, nationality, sex in zip(
            *packed[9:], strict=True
        )
    ]
    return [
        Crossing(
            crossing_id,
            document,
            _MODES[mode],
            port,
            origin,
            destination,
            _EPOCH + dt.timedelta(microseconds=moment),
            dt.date.fromordinal(day),
            admission_class,
            dt.date.fromordinal(until) if until else None,
        )
        for (
            crossing_id,
            document,
            mode,
            port,
            origin,
            destination,
            moment,
            day,
            admission_class,
            until,
        ) in zip(
            ids,
            documents,
            modes,
            ports,
            origins,
            destinations,
            micros,
            days,
            classes,
            untils,
            strict=True,
        )
    ]
