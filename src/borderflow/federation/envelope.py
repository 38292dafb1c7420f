"""The signed envelope every event travels in (pure).

Protocol 1 signs each envelope as a compact JWS (``typ`` ``borderflow-event+jws``) over its
canonical JSON. Protocol 2 sends each envelope as a JSON text and signs the batch once
(``typ`` ``borderflow-batch+jws``) over the list of the SHA-256 hashes of those texts, so
every envelope is still bound to the signature by its hash. The sequence number counts the
events one origin addressed to one destination, from 1 without gaps, so a receiver applies
them in order and notices anything missing or replayed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "BATCH_TYP",
    "EVENT_TYP",
    "PROTOCOLS",
    "Envelope",
    "EnvelopeError",
    "batch_claims",
]

EVENT_TYP = "borderflow-event+jws"
BATCH_TYP = "borderflow-batch+jws"
#: The delivery protocols this node reads: 1 (a JWS per event), 2 (a JWS per batch).
PROTOCOLS = (1, 2)

_KEYS = (
    "event_id",
    "origin",
    "destination",
    "seq",
    "kind",
    "version",
    "issued_at",
    "agreement_id",
    "agreement_version",
    "agreement_hash",
    "payload",
)


class EnvelopeError(ValueError):
    """A signed value that is not a well-formed envelope."""


@dataclass(frozen=True, slots=True)
class Envelope:
    event_id: str
    origin: str
    destination: str
    seq: int
    kind: str
    version: int
    issued_at: dt.datetime
    agreement_id: str
    agreement_version: int
    agreement_hash: str
    payload: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "origin": self.origin,
            "destination": self.destination,
            "seq": self.seq,
            "kind": self.kind,
            "version": self.version,
            "issued_at": self.issued_at.astimezone(dt.UTC).isoformat(),
            "agreement_id": self.agreement_id,
            "agreement_version": self.agreement_version,
            "agreement_hash": self.agreement_hash,
            "payload": dict(self.payload),
        }

    @classmethod
    def from_dict(cls, data: Any) -> Envelope:
        """An envelope from its JSON form; any missing, extra or mistyped key is refused."""
        if not isinstance(data, dict):
            raise EnvelopeError("an event envelope is a JSON object")
        keys = set(data)
        if keys != set(_KEYS):
            missing, extra = sorted(set(_KEYS) - keys), sorted(keys - set(_KEYS))
            raise EnvelopeError(f"envelope keys wrong: missing {missing}, unexpected {extra}")
        _expect(
            data,
            (
                "event_id",
                "origin",
                "destination",
                "kind",
                "agreement_id",
                "agreement_hash",
                "issued_at",
            ),
            str,
        )
        _expect(data, ("seq", "version", "agreement_version"), int)
        if not isinstance(data["payload"], dict):
            raise EnvelopeError("payload: expected a JSON object")
        try:
            issued_at = dt.datetime.fromisoformat(data["issued_at"])
        except ValueError as exc:
            raise EnvelopeError(f"issued_at: not an ISO 8601 time: {exc}") from exc
        if issued_at.tzinfo is None:
            raise EnvelopeError("issued_at: needs a UTC offset")
        if data["seq"] < 1:
            raise EnvelopeError("seq: starts at 1")
        return cls(**{**data, "issued_at": issued_at})


def batch_claims(origin: str, destination: str, hashes: Sequence[str]) -> dict[str, Any]:
    """What a protocol-2 batch signs: who sends it to whom, and its envelopes' hashes."""
    return {"origin": origin, "destination": destination, "events": list(hashes)}


def _expect(data: Mapping[str, Any], keys: tuple[str, ...], kind: type) -> None:
    for key in keys:
        value = data[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise EnvelopeError(f"{key}: expected {kind.__name__}")
