"""Member references ``CC:IDENTIFIER``: parsing, normalising and the round trip."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderflow.errors import InvalidInput
from borderflow.programs import MemberRef

countries = st.from_regex(r"[A-Z]{2}", fullmatch=True)
identifiers = st.from_regex(r"[A-Z0-9][A-Z0-9-]{0,63}", fullmatch=True)


@given(countries, identifiers)
def test_a_reference_round_trips_through_its_text(country: str, identifier: str) -> None:
    ref = MemberRef.of(country, identifier)
    assert MemberRef.parse(str(ref)) == ref


@given(countries, identifiers)
def test_case_and_spaces_do_not_matter(country: str, identifier: str) -> None:
    assert MemberRef.parse(f" {country.lower()}: {identifier.lower()} ") == MemberRef(
        country, identifier
    )


@pytest.mark.parametrize("text", ["US12-3456789", "USA:123", "US:", "US:12 345", "U1:AB", ":AB"])
def test_malformed_references_name_the_field(text: str) -> None:
    with pytest.raises(InvalidInput) as error:
        MemberRef.parse(text, field="carrier")
    assert error.value.field == "carrier"
