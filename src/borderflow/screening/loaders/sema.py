"""Canada's Consolidated Autonomous Sanctions List (SEMA/JVCFOA), flat XML.

Records have no stable id; ``Country``/``Schedule``/``Item`` is the nearest key. ``Country``
is the sanctions regime (it becomes the program), not a nationality. ``Aliases`` is one
free-text field, split on commas and semicolons.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element

from borderflow.errors import RowRejected
from borderflow.screening.loaders.common import LoadedList, parse_birth_date
from borderflow.screening.loaders.xml import parse_xml, text_of
from borderflow.screening.model import Entry, EntryKind, EntryName, NameStrength

__all__ = ["load_sema"]

_ALIAS_SPLIT = re.compile(r"[;,]")


def load_sema(path: Path, *, version: str = "", source: str = "ca_sema") -> LoadedList:
    root = parse_xml(path)
    loaded = LoadedList(source, version or path.stem.rsplit("_", 1)[-1])
    for position, record in enumerate(root.iter("record"), start=1):
        try:
            loaded.entries.append(_entry(record, position, loaded))
        except RowRejected as problem:
            loaded.rejected.append(problem)
    return loaded


def _entry(record: Element, position: int, loaded: LoadedList) -> Entry:
    regime = text_of(record, "Country")
    key = "/".join((regime.split(" / ")[0], text_of(record, "Schedule"), text_of(record, "Item")))
    person = " ".join(p for p in (text_of(record, "GivenName"), text_of(record, "LastName")) if p)
    entity = text_of(record, "Entity") or text_of(record, "EntityOrShip")
    if not (person or entity):
        raise RowRejected(
            position, f"record {key} has neither a person nor an entity name", field="LastName"
        )
    aliases = [a.strip() for a in _ALIAS_SPLIT.split(text_of(record, "Aliases")) if a.strip()]
    birth = parse_birth_date(text_of(record, "DateOfBirth"))
    return Entry(
        source=loaded.source,
        entry_id=key,
        kind=EntryKind.PERSON if person else EntryKind.ORGANIZATION,
        names=tuple(
            dict.fromkeys(
                [EntryName(person or entity)] + [EntryName(a, NameStrength.STRONG) for a in aliases]
            )
        ),
        version=loaded.version,
        birth_dates=(birth,) if birth else (),
        programs=(regime,) if regime else (),
        remarks=text_of(record, "Title"),
    )
