"""List loaders on the real published files, and on broken copies of them."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderflow.errors import InvalidInput
from borderflow.screening.loaders import (
    LoadedList,
    load_bis_denied_persons,
    load_ftm_entities,
    load_ofac_consolidated,
    load_ofac_sdn,
    load_sema,
    load_un_consolidated,
    parse_birth_date,
)
from borderflow.screening.loaders.ofac_remarks import parse_remarks
from borderflow.screening.model import BirthDate, EntryKind, Identifier, NameStrength


def test_ofac_sdn_keeps_every_entry_alias_and_fact(sdn_2023: LoadedList) -> None:
    assert len(sdn_2023.entries) == 13_821
    assert sdn_2023.rejected == []
    kinds = [e.kind for e in sdn_2023.entries]
    assert kinds.count(EntryKind.PERSON) == 6_646
    assert kinds.count(EntryKind.VESSEL) == 764
    maduro = next(e for e in sdn_2023.entries if e.entry_id == "22790")
    assert maduro.primary_name == "MADURO MOROS, Nicolas"
    assert maduro.birth_dates == (BirthDate(1962, 11, 23),)
    assert maduro.nationalities == {"VE"}
    assert maduro.gender == "male"
    assert Identifier("Cedula No.", "5892464", "VE") in maduro.identifiers
    assert maduro.programs == ("VENEZUELA", "IRAN-CON-ARMS-EO")
    assert maduro.version == "ofac_sdn_2023-12-28"
    ostrowsky = next(e for e in sdn_2023.entries if e.entry_id == "41480")
    assert any(
        n.name == "OSTROUSKY, Alexander" and n.strength is NameStrength.STRONG
        for n in ostrowsky.names
    )


def test_ofac_fka_is_a_former_name_and_quoted_aka_is_weak(sdn_2023: LoadedList) -> None:
    strengths = {n.strength for e in sdn_2023.entries for n in e.names}
    assert strengths == set(NameStrength)
    bnc = next(e for e in sdn_2023.entries if e.entry_id == "306")
    assert ("BNC", NameStrength.WEAK) in [(n.name, n.strength) for n in bnc.names]


def test_ofac_consolidated_and_newer_sdn_without_alias_files(watchlists: Path) -> None:
    cons = load_ofac_consolidated(watchlists / "ofac_cons_nonsdn_2025-12-19")
    assert len(cons.entries) == 442
    assert sum(e.kind is EntryKind.PERSON for e in cons.entries) == 79
    newer = load_ofac_sdn(watchlists / "ofac_sdn_2024-05-03")
    assert len(newer.entries) == 14_965


def test_un_list_names_scripts_aliases_and_dates(un_list: LoadedList) -> None:
    assert len(un_list.entries) == 1_003
    assert un_list.version == "2026-02-27"
    assert sum(e.kind is EntryKind.PERSON for e in un_list.entries) == 730
    saddam = next(e for e in un_list.entries if e.entry_id == "6908048")
    assert saddam.primary_name == "SADDAM HUSSEIN AL-TIKRITI"
    assert ("صدام حسين التكريتي", NameStrength.STRONG) in [
        (n.name, n.strength) for n in saddam.names
    ]
    assert ("Abu Ali", NameStrength.WEAK) in [(n.name, n.strength) for n in saddam.names]
    assert saddam.birth_dates == (BirthDate(1937, 4, 28),)
    assert saddam.nationalities == {"IQ"}


def test_sema_bis_and_ftm(watchlists: Path) -> None:
    sema = load_sema(watchlists / "canada" / "sema-lmes_2020-04-15.xml")
    assert len(sema.entries) == 1_369
    assert sum(e.kind is EntryKind.PERSON for e in sema.entries) == 985
    assert all("\xa0" not in n.name for e in sema.entries for n in e.names)
    bis = load_bis_denied_persons(watchlists / "us_bis" / "dpl_2022-09-07.txt")
    # 581 rows; a denial listed at several addresses is one entry.
    assert len(bis.entries) == len({e.entry_id for e in bis.entries}) == 487
    assert bis.rejected == []
    ftm = load_ftm_entities(watchlists / "opensanctions" / "zala_sample.entities.ftm.json")
    persons = [e for e in ftm.entries if e.kind is EntryKind.PERSON]
    assert len(persons) == 6
    osetrova = next(e for e in persons if e.primary_name.startswith("OSETROVA"))
    assert osetrova.birth_dates == (BirthDate(1988, 1, 7),)
    assert any(n.strength is NameStrength.FORMER for n in osetrova.names)
    assert any(not n.name.isascii() for n in osetrova.names)


def test_bad_ofac_rows_are_reported_and_skipped(watchlists: Path, tmp_path: Path) -> None:
    shutil.copy(watchlists / "ofac_sdn_2023-12-28" / "sdn.csv", tmp_path / "sdn.csv")
    with (tmp_path / "sdn.csv").open("a", encoding="ascii") as handle:
        handle.write('\nX12,"BROKEN, Row","individual","SDGT",-0- \n')
        handle.write('99999999,"","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n')
    loaded = load_ofac_sdn(tmp_path)
    assert len(loaded.entries) == 13_821
    assert [(r.field, r.line) for r in loaded.rejected] == [
        ("sdn.csv", 13_823),
        ("sdn.csv:SDN_Name", 13_824),
    ]


def test_malformed_xml_names_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "un.xml"
    broken.write_text("<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL>\n</CONSOLIDATED_LIST>\n")
    with pytest.raises(InvalidInput, match=r"un\.xml:4:") as caught:
        load_un_consolidated(broken)
    assert caught.value.field == "un.xml"


def test_bad_xml_record_is_skipped_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_text(
        "<CONSOLIDATED_LIST dateGenerated='2026-01-01T00:00:00'><INDIVIDUALS>"
        "<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>ANA</FIRST_NAME></INDIVIDUAL>"
        "<INDIVIDUAL><FIRST_NAME>NO ID</FIRST_NAME></INDIVIDUAL>"
        "</INDIVIDUALS></CONSOLIDATED_LIST>"
    )
    loaded = load_un_consolidated(path)
    assert [e.entry_id for e in loaded.entries] == ["1"]
    assert [(r.line, r.field) for r in loaded.rejected] == [(2, "DATAID")]


def test_bad_json_line_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "x.ftm.json"
    path.write_text(
        '{"id": "a", "schema": "Person", "properties": {"name": ["Ana Diaz"]}}\n'
        "{not json\n"
        '{"id": "b", "schema": "Person", "properties": {}}\n'
    )
    loaded = load_ftm_entities(path)
    assert [e.entry_id for e in loaded.entries] == ["a"]
    assert [r.line for r in loaded.rejected] == [2, 3]


def test_missing_ofac_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"sdn\.csv is missing"):
        load_ofac_sdn(tmp_path)


def test_remarks_parser() -> None:
    facts = parse_remarks(
        "DOB 01 Jan 1957 to 31 Jan 1957; alt. DOB circa 1960; nationality "
        "Mexico; Gender Female; C.U.R.P. AAAA570101MDFXXX01 (Mexico); "
        "a.k.a. 'LA JEFA'."
    )
    assert facts.birth_dates == [BirthDate(1957, 1), BirthDate(1959, year_to=1961)]
    assert facts.nationalities == {"MX"}
    assert facts.gender == "female"
    assert facts.identifiers == [Identifier("C.U.R.P.", "AAAA570101MDFXXX01", "MX")]
    assert facts.weak_aliases == ["LA JEFA"]


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@given(st.dates(min_value=dt.date(1900, 1, 1)))
def test_birth_dates_in_list_and_iso_forms_agree(day: dt.date) -> None:
    listed = f"{day.day:02d} {_MONTHS[day.month - 1]} {day.year}"
    assert parse_birth_date(listed) == parse_birth_date(day.isoformat()) == BirthDate.from_date(day)
    assert parse_birth_date(BirthDate.from_date(day).iso()) == BirthDate.from_date(day)


@given(st.text(max_size=30))
def test_birth_date_parser_never_crashes(text: str) -> None:
    parsed = parse_birth_date(text)
    assert parsed is None or 0 < parsed.year <= parsed.last_year
