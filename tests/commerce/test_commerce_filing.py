"""Trip filings from their JSON form: field-named errors and the round trip."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from commerce_helpers import VIN, filing_json
from hypothesis import given
from hypothesis import strategies as st

from borderflow.commerce import filing_to_dict, parse_filing
from borderflow.errors import InvalidInput
from borderflow.programs import default_catalog
from borderflow.reference import default_catalog as reference_catalog

ARRIVAL = dt.datetime(2026, 3, 2, 18, 0, tzinfo=dt.UTC)
CARD = "0123456789ABCDEF"


def test_a_valid_filing_is_parsed_and_normalised() -> None:
    filing = parse_filing(filing_json("0123-4567-89ab-cdef", arrival=ARRIVAL))
    assert filing.card_number == CARD
    assert filing.tractor.plate == "TX1AB234"
    assert filing.tractor.vin == VIN
    assert filing.shipments[0].importer.identifier == "IMPORTER-1"
    assert str(filing.shipments[0].value) == "12500.00"


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("card_number",), "12", "card_number"),
        (("carrier",), "carrier one", "carrier"),
        (("expected_arrival",), "2026-03-02T18:00:00", "expected_arrival"),
        (("expected_arrival",), "tomorrow", "expected_arrival"),
        (("tractor", "vin"), "1XKYDP9X0NJ123457", "tractor.vin"),
        (("trailer", "plate"), "", "trailer.plate"),
        (("shipments", 0, "hs_code"), "8708", "shipments[1].hs_code"),
        (("shipments", 0, "value"), "-5", "shipments[1].value"),
        (("shipments", 0, "value"), "1.005", "shipments[1].value"),
        (("shipments", 0, "origin"), "MEX", "shipments[1].origin"),
        (("shipments", 0, "importer"), "IMPORTER-1", "shipments[1].importer"),
        (("shipments",), [], "shipments"),
        (("tractor",), "TX1AB234", "tractor"),
    ],
)
def test_each_bad_field_is_named(path: tuple[Any, ...], value: object, field: str) -> None:
    raw = filing_json(CARD, arrival=ARRIVAL)
    target: Any = raw
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(InvalidInput) as error:
        parse_filing(raw)
    assert error.value.field == field


hs = st.from_regex(r"\d{6}(\d{2}){0,2}", fullmatch=True)
amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
moments = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
)


@given(
    st.lists(st.tuples(hs, amounts), min_size=1, max_size=5),
    moments,
    st.from_regex(r"[0-9A-F]{16}", fullmatch=True),
)
def test_filing_round_trips_through_its_json_form(
    lines: list[tuple[str, Any]], arrival: dt.datetime, card: str
) -> None:
    raw = filing_json(card, arrival=arrival, hs_codes=tuple(code for code, _ in lines))
    for shipment, (_, amount) in zip(raw["shipments"], lines, strict=True):
        shipment["value"] = str(amount)
    first = parse_filing(raw)
    assert parse_filing(filing_to_dict(first)) == first


def test_real_declarations_make_valid_shipments(data_dir: Path) -> None:
    """Shipments built from the first 300 synthetic customs declarations parse cleanly, and
    Canada's FAST rule bars some of them as other-agency goods (food, plants, drugs)."""
    path = data_dir / "customs" / "df_syn_test_eng.csv"
    with path.open(newline="") as handle:
        rows = [row for _, row in zip(range(300), csv.DictReader(handle), strict=False)]
    raw = filing_json(CARD, arrival=ARRIVAL, hs_codes=tuple(r["HS6 Code"] for r in rows))
    for shipment, row in zip(raw["shipments"], rows, strict=True):
        shipment["origin"] = row["Country of Origin"]
        shipment["importer"] = f"KR:{row['Importer ID']}"
    filing = parse_filing(raw)
    assert len(filing.shipments) == 300
    for shipment in filing.shipments:
        reference_catalog().country(shipment.origin)
    rule = default_catalog().lane_rule("CA", "FAST")
    assert rule is not None
    barred = [s for s in filing.shipments if s.hs_code[:2] in rule.other_agency_hs_chapters]
    assert 0 < len(barred) < len(filing.shipments)
