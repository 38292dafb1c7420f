"""The UN Security Council Consolidated List (XML, schema ``sc-sanctions.xsd``).

Name parts ``FIRST_NAME`` .. ``FOURTH_NAME`` are joined in the list's own order;
``NAME_ORIGINAL_SCRIPT`` becomes a strong alias; alias ``QUALITY`` ``Good``/``a.k.a.`` is
strong, ``Low`` weak and ``f.k.a.`` former.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from borderflow.errors import RowRejected
from borderflow.screening.countries import country_code
from borderflow.screening.loaders.common import LoadedList, parse_birth_date
from borderflow.screening.loaders.xml import parse_xml, text_of
from borderflow.screening.model import BirthDate, Entry, EntryKind, EntryName, Identifier
from borderflow.screening.model import NameStrength as S

__all__ = ["load_un_consolidated"]

_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_QUALITY = {"good": S.STRONG, "a.k.a.": S.STRONG, "low": S.WEAK, "f.k.a.": S.FORMER}


def load_un_consolidated(path: Path, *, version: str = "", source: str = "un_sc") -> LoadedList:
    root = parse_xml(path)
    loaded = LoadedList(source, version or root.get("dateGenerated", "")[:10] or path.stem)
    records = [(r, EntryKind.PERSON) for r in root.iter("INDIVIDUAL")]
    records += [(r, EntryKind.ORGANIZATION) for r in root.iter("ENTITY")]
    for position, (record, kind) in enumerate(records, start=1):
        try:
            loaded.entries.append(_entry(record, kind, position, loaded))
        except RowRejected as problem:
            loaded.rejected.append(problem)
    return loaded


def _entry(record: Element, kind: EntryKind, position: int, loaded: LoadedList) -> Entry:
    dataid = text_of(record, "DATAID")
    if not dataid:
        raise RowRejected(position, "record has no DATAID", field="DATAID")
    primary = " ".join(p for p in (text_of(record, t) for t in _PARTS) if p)
    if not primary:
        raise RowRejected(position, f"record {dataid} has no name", field="FIRST_NAME")
    names = [EntryName(primary)]
    if original := text_of(record, "NAME_ORIGINAL_SCRIPT"):
        names.append(EntryName(original, S.STRONG))
    for alias in [*record.iter("INDIVIDUAL_ALIAS"), *record.iter("ENTITY_ALIAS")]:
        name = text_of(alias, "ALIAS_NAME")
        if name:
            strength = _QUALITY.get(text_of(alias, "QUALITY").lower(), S.STRONG)
            names.append(EntryName(name, strength))
    gender = text_of(record, "GENDER").lower() or None
    return Entry(
        source=loaded.source,
        entry_id=dataid,
        kind=kind,
        names=tuple(dict.fromkeys(names)),
        version=loaded.version,
        birth_dates=tuple(dict.fromkeys(_birth_dates(record))),
        nationalities=frozenset(
            country_code(v) or v.lower()
            for v in (text_of(e) for e in record.iterfind("NATIONALITY/VALUE"))
            if v
        ),
        gender=gender if gender in ("male", "female") else None,
        identifiers=tuple(_documents(record)),
        programs=tuple(p for p in (text_of(record, "UN_LIST_TYPE"),) if p),
        remarks=text_of(record, "COMMENTS1"),
        extra=(("reference", text_of(record, "REFERENCE_NUMBER")),),
    )


def _birth_dates(record: Element) -> list[BirthDate]:
    dates: list[BirthDate] = []
    for element in record.iter("INDIVIDUAL_DATE_OF_BIRTH"):
        low, high = text_of(element, "FROM_YEAR"), text_of(element, "TO_YEAR")
        if low.isdigit() and high.isdigit():
            dates.append(BirthDate(int(low), year_to=int(high)))
            continue
        value = parse_birth_date(text_of(element, "DATE") or text_of(element, "YEAR"))
        if value is None:
            continue
        if text_of(element, "TYPE_OF_DATE") == "APPROXIMATELY":
            value = BirthDate(value.year - 1, year_to=value.last_year + 1)
        dates.append(value)
    return dates


def _documents(record: Element) -> list[Identifier]:
    documents = []
    for element in record.iter("INDIVIDUAL_DOCUMENT"):
        number = text_of(element, "NUMBER")
        if number:
            country = text_of(element, "ISSUING_COUNTRY") or text_of(element, "COUNTRY_OF_ISSUE")
            documents.append(
                Identifier(
                    text_of(element, "TYPE_OF_DOCUMENT") or "document",
                    number,
                    country_code(country) if country else None,
                )
            )
    return documents
