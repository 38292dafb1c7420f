"""The reference catalog: shipped countries and ports, their lookups and their derivation."""

from __future__ import annotations

import csv
import gzip
import runpy
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from borderflow.errors import ConfigurationError, InvalidInput, NotFound
from borderflow.reference import Catalog, Port, default_catalog, parse_countries, parse_ports
from borderflow.reference.catalog import PORT_COLUMNS

REPO_ROOT = Path(__file__).resolve().parents[2]
BTS_MAIN = Path("crossings") / "bts_border_crossing_entry_data_1996-01_2022-07.csv.gz"
SEA_PORTS = {"0401", "2501", "3001", "3006", "5301"}  # one stray BTS record each, no location


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return default_catalog()


@pytest.fixture(scope="module")
def derive() -> Callable[[Path, Path], int]:
    """``derive(data_dir, out)`` from ``scripts/derive_ports.py``, loaded from its path."""
    namespace = runpy.run_path(str(REPO_ROOT / "scripts" / "derive_ports.py"), run_name="derive")
    function: Callable[[Path, Path], int] = namespace["derive"]
    return function


def _port_row(**changes: str) -> str:
    """A CSV text holding one valid port row (San Ysidro) with ``changes`` applied."""
    row = {
        "code": "2504",
        "name": "San Ysidro",
        "state": "CA",
        "border": "US-MX",
        "countries": "MX US",
        "latitude": "32.54",
        "longitude": "-117.03",
        "kind": "land",
        "first_month": "1996-01",
        "last_month": "2022-07",
        "timezone": "America/Los_Angeles",
        "source": "test",
    }
    row.update(changes)
    return ",".join(PORT_COLUMNS) + "\n" + ",".join(row[c] for c in PORT_COLUMNS) + "\n"


# -- derivation --------------------------------------------------------------------------


def test_every_bts_port_code_is_in_the_catalog(data_dir: Path, catalog: Catalog) -> None:
    with gzip.open(data_dir / BTS_MAIN, "rt", encoding="utf-8", newline="") as handle:
        bts_codes = {row["Port Code"].zfill(4) for row in csv.DictReader(handle)}
    shipped = {port.code for port in catalog.ports()}
    assert len(bts_codes) == 123
    assert bts_codes <= shipped


def test_derivation_reproduces_the_shipped_file(
    data_dir: Path, tmp_path: Path, derive: Callable[[Path, Path], int]
) -> None:
    out = tmp_path / "ports.csv"
    count = derive(data_dir, out)
    shipped = files("borderflow.reference").joinpath("data", "ports.csv").read_text("utf-8")
    assert out.read_text(encoding="utf-8") == shipped
    assert count == len(default_catalog().ports()) == 128


# -- ports -------------------------------------------------------------------------------


def test_san_ysidro_is_on_the_mexican_border_with_its_location(catalog: Catalog) -> None:
    port = catalog.port("2504")
    assert (port.name, port.state, port.border, port.kind) == ("San Ysidro", "CA", "US-MX", "land")
    assert port.latitude == pytest.approx(32.54, abs=0.01)
    assert port.longitude == pytest.approx(-117.03, abs=0.01)
    assert (port.first_month, port.last_month) == ("1996-01", "2022-07")


def test_blaine_is_on_the_canadian_border(catalog: Catalog) -> None:
    port = catalog.port("3004")
    assert port.name == "Blaine"
    assert port.border == "US-CA"
    assert port.countries == frozenset({"CA", "US"})


@pytest.mark.parametrize(
    "name",
    ["Ciudad Hidalgo-Tecún Umán", "Ciudad Cuauhtémoc-La Mesilla", "Talismán-El Carmen"],
)
def test_main_mexico_guatemala_crossings_exist(catalog: Catalog, name: str) -> None:
    port = catalog.port(name)
    assert port.border == "MX-GT"
    assert port.code.startswith("MXGT")
    assert port.connects("GT", "MX")
    assert port.timezone == "America/Mexico_City"
    assert port.latitude is not None
    assert 14.5 < port.latitude < 18


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("2504", "2504"),
        ("San Ysidro", "2504"),
        ("  san ysidro ", "2504"),
        ("103", "0103"),  # BTS writes most codes without the leading zero
        ("0103", "0103"),
        ("mxgt02", "MXGT02"),
        ("talisman-el carmen", "MXGT02"),  # accents and case do not matter
        ("Ciudad Hidalgo\u2013Tec\u00fan Um\u00e1n", "MXGT01"),  # an en dash
        ("Eastport, ID", "3302"),
    ],
)
def test_port_lookup_by_code_or_name(catalog: Catalog, query: str, code: str) -> None:
    assert catalog.port(query).code == code


def test_a_name_shared_by_two_ports_is_refused(catalog: Catalog) -> None:
    with pytest.raises(InvalidInput) as caught:
        catalog.port("Eastport")
    assert caught.value.field == "port"
    assert "0103" in caught.value.message
    assert "3302" in caught.value.message


@pytest.mark.parametrize("query", ["9999", "XX", "Atlantis", ""])
def test_unknown_port_raises_not_found_naming_the_field(catalog: Catalog, query: str) -> None:
    with pytest.raises(NotFound) as caught:
        catalog.port(query)
    assert caught.value.field == "port"
    assert caught.value.status == 404


def test_connects_compares_both_countries_in_any_order(catalog: Catalog) -> None:
    blaine = catalog.port("Blaine")
    assert blaine.connects("US", "CA")
    assert blaine.connects("ca", "us")
    assert not blaine.connects("US", "MX")
    assert not blaine.connects("US", "US")


@pytest.mark.parametrize(
    ("name", "zone"),
    [
        ("El Paso", "America/Denver"),
        ("Ysleta", "America/Denver"),
        ("Tornillo", "America/Denver"),
        ("Presidio", "America/Chicago"),  # Presidio County keeps Central time
        ("Laredo", "America/Chicago"),
        ("Nogales", "America/Phoenix"),
        ("Porthill", "America/Los_Angeles"),
        ("Eastport, ID", "America/Los_Angeles"),
        ("Detroit", "America/Detroit"),
        ("Alcan", "America/Anchorage"),
        ("Pembina", "America/Chicago"),
        ("Sweetgrass", "America/Denver"),
        ("El Ceibo", "America/Mexico_City"),
    ],
)
def test_port_time_zones(catalog: Catalog, name: str, zone: str) -> None:
    port = catalog.port(name)
    assert port.timezone == zone
    assert port.zone == ZoneInfo(zone)


def test_ports_filter_by_border_and_country(catalog: Catalog) -> None:
    mexico = catalog.ports(border="us-mx")
    assert mexico
    assert all(port.border == "US-MX" for port in mexico)
    guatemala = catalog.ports(country="GTM")
    assert {port.code for port in guatemala} == {f"MXGT0{i}" for i in range(1, 6)}
    assert catalog.ports(border="US-CA", country="MX") == []
    assert len(catalog.ports(country="MX")) == len(mexico) + len(guatemala)
    codes = [port.code for port in catalog.ports()]
    assert codes == sorted(codes)


def test_ports_with_an_unknown_border_raise_not_found(catalog: Catalog) -> None:
    with pytest.raises(NotFound) as caught:
        catalog.ports(border="US-CU")
    assert caught.value.field == "border"


def test_only_the_stray_coastal_ports_lack_a_location(catalog: Catalog) -> None:
    missing = {port.code for port in catalog.ports() if not port.has_location}
    assert missing == SEA_PORTS
    assert {p.code for p in catalog.ports() if p.kind == "sea"} == SEA_PORTS


# -- countries ---------------------------------------------------------------------------


def test_countries_cover_iso_3166_with_unique_codes(catalog: Catalog) -> None:
    countries = catalog.countries()
    assert len(countries) > 240
    for attribute in ("alpha2", "alpha3", "numeric", "name"):
        values = [getattr(country, attribute) for country in countries]
        assert len(set(values)) == len(values), attribute
    assert {c.alpha2 for c in countries if c.is_participant} == {"CA", "GT", "MX", "US"}


@pytest.mark.parametrize("code", ["US", "us", "USA", "usa", " Usa "])
def test_country_lookup_by_alpha2_or_alpha3(catalog: Catalog, code: str) -> None:
    country = catalog.country(code)
    assert (country.alpha2, country.alpha3, country.numeric) == ("US", "USA", "840")


def test_mrz_codes_resolve(catalog: Catalog) -> None:
    assert catalog.country("DEU").alpha2 == "DE"
    assert catalog.country("GTM").name == "Guatemala"


@pytest.mark.parametrize("code", ["XX", "ZZZ", "", "U"])
def test_unknown_country_raises_not_found_naming_the_field(catalog: Catalog, code: str) -> None:
    with pytest.raises(NotFound) as caught:
        catalog.country(code)
    assert caught.value.field == "country"
    assert "ISO 3166-1" in caught.value.message


# -- loading -----------------------------------------------------------------------------


def test_default_catalog_is_built_once() -> None:
    assert default_catalog() is default_catalog()


@pytest.mark.parametrize(
    "changes",
    [
        {"latitude": "north"},
        {"latitude": "132.5"},
        {"longitude": ""},
        {"border": "US-XX"},
        {"countries": "CA US"},
        {"timezone": "Mars/Olympus"},
        {"first_month": "2022-13"},
        {"first_month": "2023-01"},
        {"kind": "air"},
        {"code": ""},
    ],
)
def test_a_malformed_port_row_names_the_file_and_line(changes: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError) as caught:
        parse_ports(_port_row(**changes), source="ports.csv")
    assert "ports.csv line 2" in str(caught.value)


def test_a_valid_port_row_parses() -> None:
    (port,) = parse_ports(_port_row())
    assert port == Port(
        code="2504",
        name="San Ysidro",
        state="CA",
        border="US-MX",
        countries=frozenset({"MX", "US"}),
        latitude=32.54,
        longitude=-117.03,
        kind="land",
        timezone="America/Los_Angeles",
        first_month="1996-01",
        last_month="2022-07",
    )


def test_a_row_with_missing_fields_names_the_file_and_line() -> None:
    text = "alpha2,alpha3,numeric,name,is_participant\nUS,USA,840,United States,true\nCA,CAN\n"
    with pytest.raises(ConfigurationError, match=r"countries\.csv line 3"):
        parse_countries(text)


def test_wrong_columns_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="line 1"):
        parse_countries("a2,a3\nUS,USA\n")


def test_duplicate_codes_are_refused() -> None:
    countries = parse_countries(
        "alpha2,alpha3,numeric,name,is_participant\n"
        "US,USA,840,United States,true\nUS,USA,840,United States,true\n"
    )
    with pytest.raises(ConfigurationError, match="duplicate"):
        Catalog(countries=countries, ports=[])
