"""ICAO 9303 MRZ: the upstream vectors, check digits, OCR repair and compose/parse round trips."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderflow.errors import InvalidInput
from borderflow.identity.mrz import (
    MrzFields,
    MrzFormat,
    check_digit,
    compose_mrz,
    parse_mrz,
    parse_with_repair,
)

#: Upstream (cheminfo) marks these valid-check-digit zones invalid only because their state
#: code (UTO, the ICAO specimen state) is not a real country; we validate structure and
#: check digits, not the list of state codes (see docs/identity.md).
UTOPIA_SPECIMENS = {
    "Utopia example",
    "Document number field details",
    "parse document number ICAO Doc 9303 Sample",
    "Utopia example - wrong personal number check digit",
}

_CHEMINFO_FIELDS = {
    "documentCode": "document_code",
    "issuingState": "issuing_state",
    "documentNumber": "document_number",
    "birthDate": "birth_date",
    "expirationDate": "expiry_date",
    "nationality": "nationality",
    "lastName": "surname",
    "firstName": "given_names",
}
_SEX = {"male": "M", "female": "F", "nonspecified": "X"}


def _parse_cases(load_json: Any) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = load_json("mrz/cheminfo-mrz-parse-cases.json")["cases"]
    return cases


def test_cheminfo_parse_cases(load_json: Any) -> None:
    checked = 0
    for case in _parse_cases(load_json):
        if "expected_error" in case:
            with pytest.raises(InvalidInput) as error:
                parse_mrz(case["mrz"])
            assert error.value.field == "mrz"
            checked += 1
            continue
        if "expected_valid" not in case:
            continue
        result = parse_mrz(case["mrz"])
        assert result.format.value == case["expected_format"], case["test_name"]
        if case["test_name"] in UTOPIA_SPECIMENS and case["mrz"][0][2:5] == "UTO":
            wrong_digit = "wrong" in case["test_name"]
            assert result.valid is not wrong_digit, case["test_name"]
        else:
            assert result.valid is case["expected_valid"], (case["test_name"], result.problems)
        for theirs, ours in _CHEMINFO_FIELDS.items():
            expected = case.get("expected_fields", {}).get(theirs)
            if expected is not None:
                assert getattr(result.fields, ours) == expected, (case["test_name"], theirs)
        if "sex" in case.get("expected_fields", {}):
            assert result.fields.sex == _SEX[case["expected_fields"]["sex"]]
        checked += 1
    assert checked == 22


def test_wrong_check_digit_names_field_expected_and_found(load_json: Any) -> None:
    case = next(
        c
        for c in _parse_cases(load_json)
        if c["test_name"].endswith("wrong birth date check digit")
    )
    result = parse_mrz(case["mrz"])
    birth = next(p for p in result.problems if p.field == "birth_date")
    assert (birth.expected, birth.found) == ("7", "8")
    with pytest.raises(InvalidInput) as error:
        result.raise_for_problems()
    assert error.value.field == "mrz.birth_date"
    assert "expected 7, found 8" in error.value.message


def test_long_document_number_and_single_identifier() -> None:
    portugal = parse_mrz(
        [
            "I<PRT007777779<ZZ92<<<<<<<<<<<",
            "8303143M3405282PRT<<<<<<<<<<<2",
            "CACADOR<DE<ARAUJO<<ANDRE<ESTEV",
        ]
    )
    assert portugal.valid and portugal.fields.document_number == "007777779ZZ9"
    single = parse_mrz(
        [
            "IDSRB95555554612902968000000<<",
            "6802295F1307245SRB<<<<<<<<<<<6",
            "TEST<<<<<<<<<<<<<<<<<<<<<<<<<<",
        ]
    )
    assert single.valid
    assert (single.fields.surname, single.fields.given_names) == ("TEST", "")


@pytest.mark.parametrize("case_index", range(15), ids=lambda i: f"check-digit-{i}")
def test_check_digit_cases(load_json: Any, case_index: int) -> None:
    case = load_json("mrz/cheminfo-check-digit-cases.json")["cases"][case_index]
    digit = check_digit(case["input"])
    if "claimed_check_digit" in case:
        assert (digit == case["claimed_check_digit"]) is case["expected_valid"]
    elif "computed_check_digit_is" in case:
        assert digit == str(case["computed_check_digit_is"])
    else:
        assert digit != str(case["computed_check_digit_is_not"])


def test_arg0s1080_strings(load_json: Any) -> None:
    """Same verdict as mrz 0.6.2 except where it checks country codes (ASU, BOS: fake/old)."""
    country_code_only = {"valid country code", "valid nationality code"}
    cases = load_json("mrz/arg0s1080-mrz-checker-strings.json")["cases"]
    for case in cases:
        result = parse_mrz(case["mrz"])
        observed = case["observed_mrz_0_6_2_default_checker"]
        assert result.format.value.replace("-", "") == observed["format"]
        if set(observed["falses"]) <= country_code_only:
            assert result.valid, (case["source_file"], result.problems)
        else:
            assert not result.valid, case["source_file"]
    assert len(cases) == 31


def test_ocr_repair_applies_only_when_every_check_passes(load_json: Any) -> None:
    noisy_cases = [c for c in _parse_cases(load_json) if "ocr_noisy_mrz" in c]
    assert len(noisy_cases) == 3
    for case in noisy_cases:
        assert not parse_mrz(case["ocr_noisy_mrz"]).valid
        repaired = parse_with_repair(case["ocr_noisy_mrz"])
        assert repaired.valid and repaired.repairs
        assert repaired.fields == parse_mrz(case["mrz"]).fields
    # A wrong digit that no confusion explains stays a problem and no repair is reported.
    broken = [
        "IDCHEA1234567<6<<<<<<<<<<<<<<<",
        "7510253M2009018CHE<<<<<<<<<<<8",
        "5M1TH<<JOHN<<<<<<<<<<<<<<<<<<<",
    ]
    result = parse_with_repair(broken)
    assert not result.valid and not result.repairs
    assert result.fields.surname == "5M1TH"


def test_malformed_input_names_the_line() -> None:
    with pytest.raises(InvalidInput) as error:
        parse_mrz(
            [
                "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                "L898902C36UTO7408122F1204159ZE184226B<<<<<1#",
            ]
        )
    assert error.value.field == "mrz.line2"
    assert "position 44" in error.value.message


_WORD = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=6)
_DATE = st.builds(
    lambda y, m, d: f"{y:02d}{m:02d}{d:02d}",
    st.integers(0, 99),
    st.integers(1, 12),
    st.integers(1, 28),
)
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


@st.composite
def _zones(draw: st.DrawFn) -> tuple[MrzFormat, MrzFields]:
    fmt = draw(st.sampled_from(list(MrzFormat)))
    long_number = fmt in (MrzFormat.TD1, MrzFormat.TD2) and draw(st.booleans())
    number = draw(
        st.text(_ALNUM, min_size=10 if long_number else 1, max_size=12 if long_number else 9)
    )
    optional_width = {
        MrzFormat.TD1: 15,
        MrzFormat.TD2: 7,
        MrzFormat.TD3: 14,
        MrzFormat.MRV_A: 16,
        MrzFormat.MRV_B: 8,
    }[fmt]
    room = optional_width - (len(number) - 9 + 2 if long_number else 0)
    optional = draw(st.text(_ALNUM, max_size=max(room, 0))) if room > 0 else ""
    surname = " ".join(draw(st.lists(_WORD, min_size=1, max_size=2)))
    given_names = " ".join(draw(st.lists(_WORD, max_size=2)))
    code = "V" if fmt in (MrzFormat.MRV_A, MrzFormat.MRV_B) else draw(st.sampled_from("PIAC"))
    fields = MrzFields(
        document_code=code + draw(st.sampled_from(["", "D", "X"])),
        issuing_state=draw(st.sampled_from(["CAN", "USA", "MEX", "GTM", "D"])),
        surname=surname,
        given_names=given_names,
        document_number=number,
        nationality=draw(st.sampled_from(["CAN", "USA", "MEX", "GTM", "D"])),
        birth_date=draw(_DATE),
        sex=draw(st.sampled_from("MFX")),
        expiry_date=draw(_DATE),
        optional1=optional,
        optional2=draw(st.text(_ALNUM, max_size=11)) if fmt is MrzFormat.TD1 else "",
    )
    return fmt, fields


@given(_zones())
def test_compose_then_parse_round_trips(zone: tuple[MrzFormat, MrzFields]) -> None:
    fmt, fields = zone
    lines = compose_mrz(fmt, fields)
    assert all(len(line) == fmt.line_length for line in lines)
    result = parse_mrz(lines)
    assert result.format is fmt
    assert result.valid, result.problems
    assert result.fields == fields
