"""VIN check digits and plates."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderflow.commerce.vehicles import normalise_plate, normalise_vin, vin_check_digit
from borderflow.errors import InvalidInput

VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def test_the_textbook_vin_has_check_digit_x() -> None:
    assert vin_check_digit("1M8GDM9AXKP042788") == "X"
    assert normalise_vin(" 1m8gdm9axkp042788 ") == "1M8GDM9AXKP042788"


@given(st.text(alphabet=VIN_CHARS, min_size=17, max_size=17))
def test_a_vin_with_its_computed_check_digit_is_accepted(raw: str) -> None:
    vin = raw[:8] + vin_check_digit(raw) + raw[9:]
    assert normalise_vin(vin) == vin


@given(st.text(alphabet=VIN_CHARS, min_size=17, max_size=17), st.sampled_from("0123456789X"))
def test_a_wrong_check_digit_is_refused(raw: str, digit: str) -> None:
    vin = raw[:8] + digit + raw[9:]
    if digit == vin_check_digit(vin):
        return
    with pytest.raises(InvalidInput, match="check digit") as error:
        normalise_vin(vin)
    assert error.value.field == "tractor.vin"


@pytest.mark.parametrize("bad", ["1M8GDM9AXKP04278", "1M8GDM9AXKP0427880", "1M8GDM9AXKP04278O"])
def test_length_and_letters_i_o_q_are_checked(bad: str) -> None:
    with pytest.raises(InvalidInput, match="without I, O or Q"):
        normalise_vin(bad)


def test_plates_drop_spaces_and_dashes() -> None:
    assert normalise_plate("tx 1ab-234", field="tractor.plate") == "TX1AB234"
    with pytest.raises(InvalidInput) as error:
        normalise_plate("ÑANDÚ 1", field="trailer.plate")
    assert error.value.field == "trailer.plate"
