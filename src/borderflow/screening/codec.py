"""Entries to and from plain JSON-ready dicts (for storage, the API and events)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from borderflow.errors import InvalidInput
from borderflow.screening.model import (
    BirthDate,
    Entry,
    EntryKind,
    EntryName,
    Identifier,
    NameStrength,
)

__all__ = ["entry_from_dict", "entry_to_dict"]


def entry_to_dict(entry: Entry) -> dict[str, Any]:
    return {
        "source": entry.source,
        "entry_id": entry.entry_id,
        "kind": entry.kind.value,
        "names": [{"name": n.name, "strength": n.strength.value} for n in entry.names],
        "version": entry.version,
        "birth_dates": [[d.year, d.month, d.day, d.year_to] for d in entry.birth_dates],
        "nationalities": sorted(entry.nationalities),
        "gender": entry.gender,
        "identifiers": [[i.kind, i.number, i.country] for i in entry.identifiers],
        "programs": list(entry.programs),
        "remarks": entry.remarks,
        "extra": [list(pair) for pair in entry.extra],
    }


def entry_from_dict(data: Mapping[str, Any]) -> Entry:
    """The entry ``entry_to_dict`` wrote; a malformed dict names the missing field."""
    try:
        return Entry(
            source=str(data["source"]),
            entry_id=str(data["entry_id"]),
            kind=EntryKind(data["kind"]),
            names=tuple(EntryName(n["name"], NameStrength(n["strength"])) for n in data["names"]),
            version=str(data.get("version", "")),
            birth_dates=tuple(BirthDate(*d) for d in data.get("birth_dates", [])),
            nationalities=frozenset(data.get("nationalities", [])),
            gender=data.get("gender"),
            identifiers=tuple(Identifier(*i) for i in data.get("identifiers", [])),
            programs=tuple(data.get("programs", [])),
            remarks=str(data.get("remarks", "")),
            extra=tuple((str(k), str(v)) for k, v in data.get("extra", [])),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(f"malformed entry: {exc}", field="entry") from exc
