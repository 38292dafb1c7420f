"""FollowTheMoney entities as JSON lines (OpenSanctions exports, yente fixtures).

Only schemata that can be screened become entries (Person, Organization, Company,
LegalEntity, Vessel, Airplane); sanctions, addresses and links are skipped, not rejected.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from borderflow.errors import RowRejected
from borderflow.screening.countries import country_code
from borderflow.screening.loaders.common import LoadedList, parse_birth_date, read_text
from borderflow.screening.model import Entry, EntryKind, EntryName, Identifier
from borderflow.screening.model import NameStrength as S

__all__ = ["load_ftm_entities"]

_KINDS = {
    "Person": EntryKind.PERSON,
    "Organization": EntryKind.ORGANIZATION,
    "Company": EntryKind.ORGANIZATION,
    "LegalEntity": EntryKind.ORGANIZATION,
    "PublicBody": EntryKind.ORGANIZATION,
    "Vessel": EntryKind.VESSEL,
    "Airplane": EntryKind.AIRCRAFT,
}
_NAMES = (
    ("name", S.STRONG),
    ("alias", S.STRONG),
    ("weakAlias", S.WEAK),
    ("previousName", S.FORMER),
)
_IDS = (
    "idNumber",
    "passportNumber",
    "innCode",
    "taxNumber",
    "registrationNumber",
    "imoNumber",
    "ogrnCode",
    "leiCode",
)


def load_ftm_entities(path: Path, *, version: str = "", source: str = "ftm") -> LoadedList:
    loaded = LoadedList(source, version or path.stem)
    for line, text in enumerate(read_text(path).splitlines(), start=1):
        if not text.strip():
            continue
        try:
            entry = _entry(json.loads(text), line, loaded)
        except json.JSONDecodeError as exc:
            loaded.rejected.append(RowRejected(line, f"invalid JSON: {exc.msg}", field="entity"))
            continue
        except RowRejected as problem:
            loaded.rejected.append(problem)
            continue
        if entry is not None:
            loaded.entries.append(entry)
    return loaded


def _entry(record: Any, line: int, loaded: LoadedList) -> Entry | None:
    if not isinstance(record, dict):
        raise RowRejected(line, "expected a JSON object", field="entity")
    kind = _KINDS.get(str(record.get("schema")))
    if kind is None:
        return None
    props = record.get("properties")
    if not record.get("id") or not isinstance(props, dict):
        raise RowRejected(line, "entity without id or properties", field="id")
    names = [EntryName(str(v), strength) for key, strength in _NAMES for v in _list(props, key)]
    if not names:
        raise RowRejected(line, f"entity {record['id']} has no name", field="properties.name")
    names[0] = EntryName(names[0].name)
    dates = (parse_birth_date(str(v)) for v in _list(props, "birthDate"))
    nations = [*_list(props, "nationality"), *_list(props, "citizenship")]
    genders = _list(props, "gender")
    return Entry(
        source=loaded.source,
        entry_id=str(record["id"]),
        kind=kind,
        names=tuple(dict.fromkeys(names)),
        version=loaded.version,
        birth_dates=tuple(dict.fromkeys(d for d in dates if d is not None)),
        nationalities=frozenset(country_code(str(n)) or str(n).lower() for n in nations),
        gender=str(genders[0]).lower() if genders else None,
        identifiers=tuple(
            dict.fromkeys(Identifier(key, str(v)) for key in _IDS for v in _list(props, key))
        ),
        programs=tuple(str(p) for p in _list(props, "programId") or _list(props, "topics")),
        remarks="; ".join(str(n) for n in _list(props, "notes")),
    )


def _list(props: Mapping[str, Any], key: str) -> Sequence[Any]:
    value = props.get(key, [])
    return value if isinstance(value, list) else [value]
