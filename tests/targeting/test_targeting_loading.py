"""Loading declarations: the two published versions, agency files through a mapping."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderflow.errors import InvalidInput
from borderflow.targeting import Declaration, builtin_mapping, load_declarations, load_mapping
from borderflow.targeting.declaration import DECLARATION_FIELDS, LABEL_FIELDS
from borderflow.targeting.mapping import detect_mapping, parse_mapping

PAPER = "paper_version_2022-06-03_hs10"


def test_valid_split_matches_the_published_counts(data_dir: Path) -> None:
    report = load_declarations(data_dir / "customs" / "df_syn_valid_eng.csv")
    assert report.mapping == "kcs-synthetic-hs6"
    assert report.rejected == []
    # SOURCE.md: 8,134 rows, 1,704 frauds, 78 critical (Critical Fraud = 2), 2021 Q1.
    assert len(report.declarations) == 8134
    assert sum(bool(d.fraud) for d in report.declarations) == 1704
    assert sum(bool(d.critical) for d in report.declarations) == 78
    dates = [d.date for d in report.declarations]
    assert (min(dates), max(dates)) == (dt.date(2021, 1, 1), dt.date(2021, 3, 31))
    # SOURCE.md: 795 missing Seller IDs in valid.
    assert sum(d.seller_id is None for d in report.declarations) == 795


def test_paper_version_loads_with_ten_digit_codes_matching_hs6(data_dir: Path) -> None:
    current = load_declarations(data_dir / "customs" / "df_syn_valid_eng.csv").declarations
    paper = load_declarations(data_dir / "customs" / PAPER / "df_syn_valid_eng.csv")
    assert paper.mapping == "kcs-synthetic-hs10"
    assert paper.rejected == []
    assert all(len(d.hs_code) == 10 for d in paper.declarations)
    by_id = {d.declaration_id: d for d in current}
    assert all(by_id[d.declaration_id].hs_code == d.hs6 for d in paper.declarations)


AGENCY_MAPPING = """
name: agency-x
date_format: "%d/%m/%Y"
columns:
  declaration_id: DECL_NO
  date: ACCEPTED
  office_id: OFFICE
  importer_id: IMPORTER
  declarant_id: BROKER
  hs_code: TARIFF
  origin_country: ORIGIN
  departure_country: SHIPPED_FROM
  transport_mode: MODE
  net_mass: KG
  item_price: VALUE
  tax_rate: DUTY_PCT
  tax_type: DUTY_KIND
labels:
  fraud: FOUND
"""
AGENCY_HEADER = [
    "DECL_NO",
    "ACCEPTED",
    "OFFICE",
    "IMPORTER",
    "BROKER",
    "TARIFF",
    "ORIGIN",
    "SHIPPED_FROM",
    "MODE",
    "KG",
    "VALUE",
    "DUTY_PCT",
    "DUTY_KIND",
    "FOUND",
]


def _agency_file(tmp_path: Path, rows: list[list[str]]) -> tuple[Path, Path]:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(AGENCY_MAPPING, encoding="utf-8")
    data = tmp_path / "agency.csv"
    with data.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(AGENCY_HEADER)
        writer.writerows(rows)
    return data, mapping


def test_agency_file_through_a_mapping_reports_every_bad_row(tmp_path: Path) -> None:
    good = [
        "A-1",
        "02/03/2025",
        "07",
        "I9",
        "B2",
        "8471.30",
        "mx",
        "US",
        "3",
        "12.5",
        "900",
        "0",
        "A",
        "1",
    ]
    rows = [
        good,
        [*good[:1], "2025-03-02", *good[2:]],  # line 3: date not in the agency's format
        ["A-3", *good[1:5], "84", *good[6:]],  # line 4: HS code too short
        ["A-4", *good[1:9], "-1", *good[10:]],  # line 5: negative mass
        ["A-5", *good[1:13], "yes"],  # line 6: label not 0/1
        good,  # line 7: duplicate id
        ["A-7", *good[1:3], "", *good[4:]],  # line 8: no importer
    ]
    data, mapping = _agency_file(tmp_path, rows)
    report = load_declarations(data, load_mapping(mapping))
    assert [d.declaration_id for d in report.declarations] == ["A-1"]
    first = report.declarations[0]
    assert (first.hs_code, first.origin_country, first.date) == (
        "847130",
        "MX",
        dt.date(2025, 3, 2),
    )
    assert first.fraud is True
    assert [(r.line, r.field) for r in report.rejected] == [
        (3, "date"),
        (4, "hs_code"),
        (5, "net_mass"),
        (6, "fraud"),
        (7, "declaration_id"),
        (8, "importer_id"),
    ]
    assert "%d/%m/%Y" in report.rejected[0].message


def test_a_file_lacking_mapped_columns_is_refused_naming_them(tmp_path: Path) -> None:
    data, mapping = _agency_file(tmp_path, [])
    data.write_text("DECL_NO,ACCEPTED\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="OFFICE") as caught:
        load_declarations(data, load_mapping(mapping))
    assert caught.value.field == "header"


def test_mapping_errors_name_the_key() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_mapping({"name": "x", "columns": {"declaration_id": "ID"}})
    assert caught.value.field == "mapping.columns"
    assert "date" in caught.value.message
    with pytest.raises(InvalidInput, match="matches no built-in mapping"):
        detect_mapping(["ID", "DATE"])


_text = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=1, max_size=8)
_money = st.floats(min_value=0, max_value=1e9, allow_nan=False).map(lambda x: round(x, 3))
_declarations = st.builds(
    Declaration,
    declaration_id=_text,
    date=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
    office_id=_text,
    importer_id=_text,
    declarant_id=_text,
    hs_code=st.from_regex(r"\d{6}(\d{4})?", fullmatch=True),
    origin_country=st.from_regex(r"[A-Z]{2}", fullmatch=True),
    departure_country=st.from_regex(r"[A-Z]{2}", fullmatch=True),
    transport_mode=_text,
    net_mass=_money,
    item_price=_money,
    tax_rate=st.floats(min_value=0, max_value=100).map(lambda x: round(x, 2)),
    tax_type=_text,
    seller_id=st.none() | _text,
    courier_id=st.none() | _text,
    process_type=_text,
    import_type=_text,
    import_use=_text,
    payment_type=_text,
    origin_indicator=_text,
    fraud=st.booleans(),
    critical=st.booleans(),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_declarations, min_size=1, max_size=5, unique_by=lambda d: d.declaration_id))
def test_csv_round_trip_through_the_builtin_mapping(
    tmp_path_factory: pytest.TempPathFactory, declarations: list[Declaration]
) -> None:
    builtin = builtin_mapping("kcs-synthetic-hs6")
    columns = {**builtin.columns, **builtin.labels}
    path = tmp_path_factory.mktemp("round") / "d.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns.values()))
        writer.writeheader()
        for d in declarations:
            writer.writerow({columns[f]: _cell(d, f) for f in DECLARATION_FIELDS if f in columns})
    loaded = load_declarations(path, builtin).declarations
    assert loaded == declarations
    assert set(LABEL_FIELDS) <= set(columns)


def _cell(declaration: Declaration, name: str) -> str:
    value = getattr(declaration, name)
    if name == "fraud":
        return "1" if value else "0"
    if name == "critical":
        return "2" if value else "0"
    return "" if value is None else str(value)
