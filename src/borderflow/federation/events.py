"""The events nodes exchange: typed, versioned, with stable names (pure).

Each kind is a pydantic model whose fields are the payload. Field names are addressed in
agreements by dotted paths (``document.surname``). A kind's name and version never change
meaning: a new shape is a new version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "EVENT_KINDS",
    "CrossingRecorded",
    "EventKind",
    "EventModel",
    "InspectionOutcome",
    "ListedPerson",
    "ProgramStatusChanged",
    "TravelDocument",
    "WatchlistChanged",
    "WatchlistNomination",
    "event_kind",
]

_PAYLOAD = ConfigDict(extra="forbid", frozen=True)


class EventModel(BaseModel):
    """Base of every event payload."""

    model_config = _PAYLOAD
    kind: ClassVar[str]
    version: ClassVar[int]


class TravelDocument(BaseModel):
    model_config = _PAYLOAD

    doc_type: str
    issuing_country: str
    number: str
    surname: str = ""
    given_names: str = ""
    date_of_birth: dt.date
    nationality: str
    sex: str | None = None


class CrossingRecorded(EventModel):
    """A crossing recorded by the country entered; the partner left records it as its exit."""

    kind: ClassVar[str] = "CrossingRecorded"
    version: ClassVar[int] = 1

    id: str
    document: TravelDocument
    mode: str
    port: str
    from_country: str
    to_country: str
    crossed_at: dt.datetime
    admission_class: str | None = None
    admitted_until: dt.date | None = None


class ProgramStatusChanged(EventModel):
    """A trusted-program membership changed status (approved, suspended, revoked...)."""

    kind: ClassVar[str] = "ProgramStatusChanged"
    version: ClassVar[int] = 1

    membership_id: str
    program: str
    status: str
    previous_status: str | None = None
    changed_at: dt.datetime
    reason: str | None = None
    holder: TravelDocument | None = None


class WatchlistNomination(EventModel):
    """A person nominated to a partner's watch list, with the grounds given."""

    kind: ClassVar[str] = "WatchlistNomination"
    version: ClassVar[int] = 1

    nomination_id: str
    list_name: str
    full_name: str
    date_of_birth: dt.date | None = None
    nationality: str | None = None
    document_number: str | None = None
    grounds: str
    nominated_at: dt.datetime


class ListedPerson(BaseModel):
    """A person on a shared watch list, as partners need them to screen.

    ``names`` are (name, strength) pairs; ``birth_dates`` are (year, month, day, year_to)
    with the parts not known as null; ``identifiers`` are (kind, number, country).
    """

    model_config = _PAYLOAD

    entry_id: str
    kind: str
    names: list[tuple[str, str]] = Field(min_length=1)
    birth_dates: list[tuple[int, int | None, int | None, int | None]] = Field(default_factory=list)
    nationalities: list[str] = Field(default_factory=list)
    gender: str | None = None
    identifiers: list[tuple[str, str, str | None]] = Field(default_factory=list)


class WatchlistChanged(EventModel):
    """A change to a nomination on a shared watch list, sent by the node that owns it.

    The state after the change travels whole (status, and the person while proposed or
    listed), so a receiver applies it as an upsert. Successor of the flat
    ``WatchlistNomination``, which cannot say accepted, removed or redress decided.
    """

    kind: ClassVar[str] = "WatchlistChanged"
    version: ClassVar[int] = 1

    change_id: str
    nomination_id: str
    list_name: str
    change: str = Field(description="nominated, accepted, rejected, removed, redress_<outcome>")
    status: str = Field(description="proposed, accepted, rejected or removed")
    country: str = Field(description="the nominating country")
    organization: str
    basis: str | None = None
    reason: str | None = None
    nominated_at: dt.datetime
    occurred_at: dt.datetime
    person: ListedPerson | None = None


class InspectionOutcome(EventModel):
    """The outcome of a secondary inspection (a label for the partner's targeting)."""

    kind: ClassVar[str] = "InspectionOutcome"
    version: ClassVar[int] = 1

    inspection_id: str
    crossing_id: str | None = None
    port: str
    decided_at: dt.datetime
    decision: str = Field(description="release or refer")
    found: bool | None = None
    findings: list[str] = Field(default_factory=list)
    authority: str
    document_number: str | None = None


@dataclass(frozen=True, slots=True)
class EventKind:
    """What an agreement may name: a kind's model, its field paths and the required ones."""

    name: str
    version: int
    model: type[EventModel]
    fields: frozenset[str]
    required: frozenset[str]

    def parse(self, payload: Mapping[str, Any]) -> EventModel:
        return self.model.model_validate(dict(payload))


def _paths(model: type[BaseModel], prefix: str = "") -> tuple[set[str], set[str]]:
    """(every leaf path, required leaf paths) of a model, nested models expanded."""
    every: set[str] = set()
    required: set[str] = set()
    for name, info in model.model_fields.items():
        path = prefix + name
        nested = info.annotation
        inner = _nested_model(nested)
        if inner is None:
            every.add(path)
            if info.is_required():
                required.add(path)
            continue
        sub_every, sub_required = _paths(inner, path + ".")
        every |= sub_every
        if info.is_required():
            required |= sub_required
    return every, required


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    candidates = getattr(annotation, "__args__", (annotation,))
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _kind(model: type[EventModel]) -> EventKind:
    every, required = _paths(model)
    return EventKind(model.kind, model.version, model, frozenset(every), frozenset(required))


_MODELS: tuple[type[EventModel], ...] = (
    CrossingRecorded,
    ProgramStatusChanged,
    WatchlistNomination,
    WatchlistChanged,
    InspectionOutcome,
)
EVENT_KINDS: Mapping[str, EventKind] = {model.kind: _kind(model) for model in _MODELS}


def event_kind(name: str) -> EventKind | None:
    return EVENT_KINDS.get(name)
