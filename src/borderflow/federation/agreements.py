"""Sharing agreements: what flows between two parties, which fields, why, kept how long (pure).

An agreement is a versioned TOML file that both parties hold. Its hash (SHA-256 of the
canonical JSON of the validated content) is carried in every event; a receiver holding a
different version refuses the event and says which versions and hashes differ.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from borderflow.errors import InvalidInput
from borderflow.federation.canonical import canonical_json, sha256_hex
from borderflow.federation.events import EVENT_KINDS

__all__ = [
    "Agreement",
    "Flow",
    "agreement_from_mapping",
    "fields_outside",
    "flatten",
    "load_agreement",
    "parse_agreement",
    "strip_payload",
]

_STRICT = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Flow(BaseModel):
    """One direction of one event kind: sender country → receiver country."""

    model_config = _STRICT

    sender: str = Field(alias="from", min_length=2, max_length=2)
    receiver: str = Field(alias="to", min_length=2, max_length=2)
    kind: str
    fields: tuple[str, ...] = Field(min_length=1)
    retention_days: int = Field(ge=1, le=36500)
    purpose: str | None = None

    @functools.cached_property
    def allowed(self) -> frozenset[str]:
        """The fields as a set (cached: the model is frozen)."""
        return frozenset(self.fields)

    @field_validator("sender", "receiver")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in EVENT_KINDS:
            raise ValueError(
                f"unknown event kind {value!r}; expected one of " + ", ".join(sorted(EVENT_KINDS))
            )
        return value

    @model_validator(mode="after")
    def _fields_of_kind(self) -> Flow:
        spec = EVENT_KINDS[self.kind]
        unknown = sorted(set(self.fields) - spec.fields)
        if unknown:
            raise ValueError(f"{self.kind} has no field(s) {', '.join(unknown)}")
        missing = sorted(spec.required - set(self.fields))
        if missing:
            raise ValueError(f"{self.kind} cannot be applied without {', '.join(missing)}")
        return self


class Agreement(BaseModel):
    """A bilateral sharing agreement between two countries' nodes."""

    model_config = _STRICT

    id: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    version: int = Field(ge=1)
    parties: tuple[str, str]
    purpose: str = Field(min_length=1)
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    flows: tuple[Flow, ...] = Field(min_length=1)

    @field_validator("parties")
    @classmethod
    def _two_parties(cls, value: tuple[str, str]) -> tuple[str, str]:
        upper = (value[0].upper(), value[1].upper())
        if upper[0] == upper[1]:
            raise ValueError("an agreement needs two different parties")
        return upper

    @model_validator(mode="after")
    def _flows_between_parties(self) -> Agreement:
        seen: set[tuple[str, str, str]] = set()
        for flow in self.flows:
            if {flow.sender, flow.receiver} != set(self.parties):
                raise ValueError(
                    f"flow {flow.sender}->{flow.receiver} is not between the "
                    f"parties {self.parties[0]} and {self.parties[1]}"
                )
            key = (flow.sender, flow.receiver, flow.kind)
            if key in seen:
                raise ValueError(f"flow {flow.sender}->{flow.receiver} {flow.kind} given twice")
            seen.add(key)
        return self

    @functools.cached_property
    def hash(self) -> str:
        """SHA-256 of the canonical JSON of the content (cached: the model is frozen).

        Build agreements by validation only; ``model_copy(update=...)`` skips validation
        and would carry the cached hash of the original.
        """
        return sha256_hex(canonical_json(self.model_dump(mode="json", by_alias=True)))

    def partner_of(self, country: str) -> str:
        return self.parties[1] if self.parties[0] == country else self.parties[0]

    def flow(self, sender: str, receiver: str, kind: str) -> Flow | None:
        for flow in self.flows:
            if (flow.sender, flow.receiver, flow.kind) == (sender, receiver, kind):
                return flow
        return None

    def in_force(self, on: dt.date) -> bool:
        after_start = self.valid_from is None or on >= self.valid_from
        before_end = self.valid_until is None or on <= self.valid_until
        return after_start and before_end


def parse_agreement(text: str, *, source: str = "agreement") -> Agreement:
    """An agreement from TOML text; every problem names its field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{source} is not valid TOML: {exc}", field="file") from exc
    return agreement_from_mapping(data)


def agreement_from_mapping(data: Mapping[str, Any]) -> Agreement:
    try:
        return Agreement.model_validate(dict(data))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "agreement"
        others = len(exc.errors()) - 1
        more = f" (and {others} more problem{'s' if others > 1 else ''})" if others else ""
        raise InvalidInput(f"{first['msg']}{more}", field=where) from exc


def load_agreement(path: Path) -> Agreement:
    if not path.is_file():
        raise InvalidInput(f"no agreement file at {path}", field="file")
    return parse_agreement(path.read_text(encoding="utf-8"), source=str(path))


def flatten(payload: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Leaf paths of a payload: ``{"document": {"number": 1}}`` → ``{"document.number": 1}``."""
    flat: dict[str, Any] = {}
    for key, value in payload.items():
        path = prefix + key
        if isinstance(value, Mapping):
            flat.update(flatten(value, path + "."))
        else:
            flat[path] = value
    return flat


def fields_outside(payload: Mapping[str, Any], allowed: frozenset[str]) -> list[str]:
    """The leaf paths of ``payload`` that ``allowed`` does not name, sorted."""
    return sorted(path for path in flatten(payload) if path not in allowed)


def strip_payload(
    payload: Mapping[str, Any], allowed: frozenset[str] | tuple[str, ...], prefix: str = ""
) -> dict[str, Any]:
    """``payload`` without the leaf fields outside ``allowed`` (data minimisation); an object
    left without any field goes too."""
    allowed_set = allowed if isinstance(allowed, frozenset) else frozenset(allowed)
    kept: dict[str, Any] = {}
    for key, value in payload.items():
        path = prefix + key
        if isinstance(value, Mapping):
            inner = strip_payload(value, allowed_set, path + ".")
            if inner:
                kept[key] = inner
        elif path in allowed_set:
            kept[key] = value
    return kept
