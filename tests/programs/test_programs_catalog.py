"""The shipped program catalog, mutual recognition, and validation of the data files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from borderflow.errors import ConfigurationError, InvalidInput, NotFound
from borderflow.programs import default_catalog, load_catalog
from borderflow.programs.catalog import DATA_DIR
from borderflow.programs.model import ProgramKind


def test_every_program_of_the_issue_is_in_the_catalog_with_its_countries() -> None:
    catalog = default_catalog()
    expected = {
        "NEXUS": ({"CA", "US"}, ProgramKind.TRAVELER),
        "SENTRI": ({"US"}, ProgramKind.TRAVELER),
        "GLOBAL_ENTRY": ({"US"}, ProgramKind.TRAVELER),
        "FAST": ({"CA", "US"}, ProgramKind.DRIVER),
        "VIAJERO_CONFIABLE": ({"MX"}, ProgramKind.TRAVELER),
        "CTPAT": ({"US"}, ProgramKind.TRADER),
        "PIP": ({"CA"}, ProgramKind.TRADER),
        "OEA": ({"MX"}, ProgramKind.TRADER),
    }
    for code, (countries, kind) in expected.items():
        program = catalog.program(code)
        assert program.operating_countries == countries, code
        assert program.kind is kind, code
    assert catalog.program("ctpat").tiers == ("1", "2", "3")


def test_operating_country_grants_the_whole_tier_and_a_partner_only_what_it_recognizes() -> None:
    catalog = default_catalog()
    assert catalog.benefits_in("US", "CTPAT", "3") == {
        "fast_lane_trader",
        "reduced_inspection",
        "front_of_line",
    }
    assert catalog.benefits_in("US", "PIP", "member") == {"fast_lane_trader", "reduced_inspection"}
    assert catalog.benefits_in("MX", "PIP", "member") == {"reduced_inspection"}
    assert catalog.benefits_in("CA", "SENTRI", "member") == frozenset()


def test_tier_one_of_ctpat_gives_less_than_tier_three() -> None:
    catalog = default_catalog()
    assert catalog.tier("CTPAT", "1").reopening_rank < catalog.tier("CTPAT", "3").reopening_rank
    assert "front_of_line" not in catalog.benefits_in("CA", "CTPAT", "1")


def test_cdrp_registration_grants_no_benefit_anywhere() -> None:
    catalog = default_catalog()
    assert not catalog.program("CDRP").background_check
    for country in ("CA", "MX", "US"):
        assert catalog.benefits_in(country, "CDRP", "registered") == frozenset()


def test_unknown_program_and_tier_name_their_field() -> None:
    catalog = default_catalog()
    with pytest.raises(NotFound) as unknown:
        catalog.program("TSA_PRECHECK")
    assert unknown.value.field == "program"
    with pytest.raises(InvalidInput) as tier:
        catalog.tier("CTPAT", "4")
    assert tier.value.field == "tier"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped catalog files."""
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    return folder


def test_changing_an_arrangement_is_a_data_change(data_copy: Path) -> None:
    path = data_copy / "recognition.toml"
    text = path.read_text()
    cut = text.index('[[arrangement]]\nname = "C-TPAT / PIP mutual recognition"\ncountry = "US"')
    end = text.index("[[arrangement]]", cut + 1)
    path.write_text(text[:cut] + text[end:])
    assert load_catalog(data_copy).benefits_in("US", "PIP", "member") == frozenset()
    assert load_catalog(data_copy).benefits_in("CA", "CTPAT", "1") == {"fast_lane_trader"}


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "benefits.toml",
            'benefits = ["fast_lane_driver"]',
            'benefits = ["fast_lane"]',
            "benefits.toml: tier[4].benefits: unknown benefit 'fast_lane'",
        ),
        (
            "benefits.toml",
            'tier = "registered"\nbenefits = []',
            'tier = "registered"\nbenefits = ["fast_lane_driver"]',
            "CDRP carries no background check",
        ),
        (
            "recognition.toml",
            'country = "US"\nrecognizes = "PIP"',
            'country = "CA"\nrecognizes = "PIP"',
            "recognition.toml: arrangement[0].country: CA operates PIP itself",
        ),
        (
            "recognition.toml",
            'recognizes = "OEA"',
            'recognizes = "AEO_EU"',
            "unknown program 'AEO_EU'",
        ),
        (
            "programs.toml",
            'kind = "trader"',
            'kind = "shipper"',
            "programs.toml: programs.CTPAT.kind: unknown kind 'shipper'",
        ),
        (
            "programs.toml",
            "validity_years = 4",
            'validity_years = "four"',
            "programs.CTPAT.validity_years: expected an integer",
        ),
        (
            "lanes.toml",
            '"01", "02", "03", "04", "06"',
            '"1", "02", "03", "04", "06"',
            "lanes.toml: lane[2].other_agency_hs_chapters: not an HS chapter: '1'",
        ),
    ],
)
def test_a_broken_data_file_names_the_file_and_the_key(
    data_copy: Path, file: str, old: str, new: str, message: str
) -> None:
    path = data_copy / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ConfigurationError) as error:
        load_catalog(data_copy)
    assert message in str(error.value)


def test_a_missing_tier_policy_is_refused(data_copy: Path) -> None:
    path = data_copy / "programs.toml"
    path.write_text(
        path.read_text().replace('tiers = ["1", "2", "3"]', 'tiers = ["1", "2", "3", "4"]')
    )
    with pytest.raises(ConfigurationError, match="no policy for CTPAT '4'"):
        load_catalog(data_copy)


def test_invalid_toml_names_the_file(data_copy: Path) -> None:
    (data_copy / "lanes.toml").write_text("[[lane]\n")
    with pytest.raises(ConfigurationError, match=r"lanes\.toml: not valid TOML"):
        load_catalog(data_copy)
