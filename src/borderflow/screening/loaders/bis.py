"""The US Commerce BIS Denied Persons List (tab-separated, with a header).

One name per row, no aliases or dates of birth. The list mixes people and companies; a
row is an organization when its name carries a company word, else a person. Rows have no
id, so the id is a digest of name, effective date and Federal Register citation; rows
sharing it are one denial listed at several addresses and become one entry.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import replace
from pathlib import Path

from borderflow.errors import InvalidInput, RowRejected
from borderflow.screening.countries import country_code
from borderflow.screening.loaders.common import LoadedList, read_text
from borderflow.screening.model import Entry, EntryKind, EntryName

__all__ = ["load_bis_denied_persons"]

_REQUIRED = ("Name", "Country", "Effective_Date", "FR_Citation")
_COMPANY = re.compile(
    r"\b(inc|llc|ltd|limited|co|corp|corporation|company|gmbh|s\.?a|srl|trading|"
    r"industries|group|enterprises?|international|technologies|aviation|airlines?)\b\.?",
    re.IGNORECASE,
)


def load_bis_denied_persons(
    path: Path, *, version: str = "", source: str = "us_bis_dpl"
) -> LoadedList:
    reader = csv.DictReader(io.StringIO(read_text(path)), delimiter="\t")
    missing = [c for c in _REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput(f"{path}:1: header lacks {', '.join(missing)}", field=path.name)
    loaded = LoadedList(source, version or path.stem.rsplit("_", 1)[-1])
    seen: dict[str, set[str]] = {}
    for row in reader:
        line = reader.line_num
        name = " ".join((row.get("Name") or "").split())
        if not name:
            loaded.rejected.append(RowRejected(line, "the name is empty", field="Name"))
            continue
        digest = hashlib.sha256(
            "|".join((name, row["Effective_Date"] or "", row["FR_Citation"] or "")).encode()
        ).hexdigest()[:16]
        country = (row.get("Country") or "").strip()
        country = (country_code(country) or country.lower()) if country else ""
        if digest in seen:
            seen[digest].add(country)
            continue
        seen[digest] = {country}
        loaded.entries.append(
            Entry(
                source=source,
                entry_id=digest,
                kind=EntryKind.ORGANIZATION if _COMPANY.search(name) else EntryKind.PERSON,
                names=(EntryName(name),),
                version=loaded.version,
                programs=("DPL",),
                remarks=" ".join((row.get("Action") or "", row.get("FR_Citation") or "")).strip(),
            )
        )
    loaded.entries = [
        replace(e, extra=tuple(("address_country", c) for c in sorted(seen[e.entry_id]) if c))
        for e in loaded.entries
    ]
    return loaded
