"""OFAC legacy CSV: the SDN list (``sdn.csv``, ``alt.csv``, ``add.csv``) and the
consolidated non-SDN list (``cons_prim.csv``, ``cons_alt.csv``, ``cons_add.csv``,
``cons_comments.csv``).

No header, quoted fields, ``-0-`` for null, a trailing ``0x1A`` byte. ``alt.csv`` has no
strong/weak flag: ``aka``/``nka`` become strong aliases, ``fka`` former names, and the
``a.k.a. '...'`` quoted in remarks weak aliases (OFAC's own weak-a.k.a. convention).
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from borderflow.errors import InvalidInput, RowRejected
from borderflow.screening.countries import country_code
from borderflow.screening.loaders.common import LoadedList, read_text
from borderflow.screening.loaders.ofac_remarks import parse_remarks
from borderflow.screening.model import Entry, EntryKind, EntryName, NameStrength

__all__ = ["load_ofac_consolidated", "load_ofac_sdn"]

_KINDS = {
    "individual": EntryKind.PERSON,
    "vessel": EntryKind.VESSEL,
    "aircraft": EntryKind.AIRCRAFT,
    "": EntryKind.ORGANIZATION,
}
_PROGRAM_SPLIT = re.compile(r"[\[\]]")
_ALT_STRENGTH = {"aka": NameStrength.STRONG, "nka": NameStrength.STRONG, "fka": NameStrength.FORMER}


def load_ofac_sdn(folder: Path, *, version: str = "", source: str = "us_ofac_sdn") -> LoadedList:
    """The SDN list in ``folder``; ``alt.csv`` and ``add.csv`` are optional."""
    return _load(folder, ("sdn.csv", "alt.csv", "add.csv", None), version, source)


def load_ofac_consolidated(
    folder: Path, *, version: str = "", source: str = "us_ofac_cons"
) -> LoadedList:
    """The consolidated non-SDN list in ``folder``."""
    files = ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")
    return _load(folder, files, version, source)


def _load(
    folder: Path, files: tuple[str, str, str, str | None], version: str, source: str
) -> LoadedList:
    prim, alt, add, comments = files
    if not (folder / prim).is_file():
        raise InvalidInput(f"{folder / prim} is missing", field=str(folder / prim))
    loaded = LoadedList(source, version or folder.name)
    aliases = _aliases(folder / alt, loaded)
    countries = _address_countries(folder / add, loaded)
    overflow = _comments(folder / comments, loaded) if comments else {}
    for line, row in _rows(folder / prim, 12, loaded):
        try:
            ent_num = _checked_primary(row, line, prim)
        except RowRejected as problem:
            loaded.rejected.append(problem)
            continue
        loaded.entries.append(_entry(row, ent_num, aliases, countries, overflow, loaded))
    return loaded


def _entry(
    row: list[str],
    ent_num: str,
    aliases: dict[str, list[EntryName]],
    countries: dict[str, set[str]],
    overflow: dict[str, str],
    loaded: LoadedList,
) -> Entry:
    remarks = " ".join(filter(None, (row[11], overflow.get(ent_num, ""))))
    facts = parse_remarks(remarks)
    names = [EntryName(row[1]), *aliases.get(ent_num, [])]
    names += [EntryName(a, NameStrength.WEAK) for a in facts.weak_aliases]
    return Entry(
        source=loaded.source,
        entry_id=ent_num,
        kind=_KINDS[row[2].lower()],
        names=tuple(dict.fromkeys(names)),
        version=loaded.version,
        birth_dates=tuple(dict.fromkeys(facts.birth_dates)),
        nationalities=frozenset(facts.nationalities),
        gender=facts.gender,
        identifiers=tuple(dict.fromkeys(facts.identifiers)),
        programs=tuple(p.strip() for p in _PROGRAM_SPLIT.split(row[3]) if p.strip()),
        remarks=remarks,
        extra=tuple(("address_country", c) for c in sorted(countries.get(ent_num, ()))),
    )


def _rows(path: Path, width: int, loaded: LoadedList) -> Iterator[tuple[int, list[str]]]:
    """Rows of an OFAC CSV with ``-0-`` as empty; rows of the wrong width are rejected."""
    if not path.is_file():
        return
    reader = csv.reader(io.StringIO(read_text(path).replace("\x1a", "")))
    try:
        for row in reader:
            if not row or row == [""]:
                continue
            if len(row) != width:
                loaded.rejected.append(
                    RowRejected(
                        reader.line_num,
                        f"expected {width} columns, found {len(row)}",
                        field=path.name,
                    )
                )
                continue
            yield reader.line_num, [_value(v) for v in row]
    except csv.Error as exc:
        raise InvalidInput(
            f"{path}:{reader.line_num}: malformed CSV: {exc}", field=path.name
        ) from exc


def _value(raw: str) -> str:
    value = raw.strip()
    return "" if value == "-0-" else value


def _ent_num(raw: str, line: int, file: str) -> str:
    if not raw.isdigit():
        raise RowRejected(line, f"ent_num {raw!r} is not a number", field=f"{file}:ent_num")
    return raw


def _checked_primary(row: list[str], line: int, file: str) -> str:
    ent_num = _ent_num(row[0], line, file)
    if not row[1]:
        raise RowRejected(line, "the name is empty", field=f"{file}:SDN_Name")
    if row[2].lower() not in _KINDS:
        raise RowRejected(line, f"unknown SDN_Type {row[2]!r}", field=f"{file}:SDN_Type")
    return ent_num


def _checked_alias(row: list[str], line: int, file: str) -> tuple[str, NameStrength]:
    ent_num = _ent_num(row[0], line, file)
    strength = _ALT_STRENGTH.get(row[2].lower())
    if strength is None or not row[3]:
        raise RowRejected(
            line, f"alias type {row[2]!r} or empty alias name", field=f"{file}:alt_type"
        )
    return ent_num, strength


def _aliases(path: Path, loaded: LoadedList) -> dict[str, list[EntryName]]:
    aliases: dict[str, list[EntryName]] = defaultdict(list)
    for line, row in _rows(path, 5, loaded):
        try:
            ent_num, strength = _checked_alias(row, line, path.name)
        except RowRejected as problem:
            loaded.rejected.append(problem)
            continue
        aliases[ent_num].append(EntryName(row[3], strength))
    return aliases


def _address_countries(path: Path, loaded: LoadedList) -> dict[str, set[str]]:
    countries: dict[str, set[str]] = defaultdict(set)
    for line, row in _rows(path, 6, loaded):
        if not row[0].isdigit():
            loaded.rejected.append(
                RowRejected(
                    line, f"ent_num {row[0]!r} is not a number", field=f"{path.name}:ent_num"
                )
            )
        elif row[4]:
            countries[row[0]].add(country_code(row[4]) or row[4].lower())
    return countries


def _comments(path: Path, loaded: LoadedList) -> dict[str, str]:
    return {row[0]: row[1] for _, row in _rows(path, 2, loaded)}
