"""Name normalisation and the person link key."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from borderflow.ledger.model import Document, DocumentType
from borderflow.ledger.persons import link_explanation, normalise_name, person_key


def test_accents_case_and_punctuation_do_not_matter() -> None:
    assert normalise_name("García-López, María") == "GARCIA LOPEZ MARIA"
    assert normalise_name("  o'brien ") == "O BRIEN"
    assert normalise_name("Côté") == "COTE"


@given(st.text())
def test_normalising_is_idempotent_and_yields_plain_capitals(name: str) -> None:
    once = normalise_name(name)
    assert normalise_name(once) == once
    assert all(ch == " " or "A" <= ch <= "Z" for ch in once)
    assert "  " not in once and once == once.strip()


def document(number: str, surname: str = "Núñez") -> Document:
    return Document(
        DocumentType.PASSPORT, "MX", number, surname, "Ana", dt.date(1990, 1, 1), "MX", None
    )


def test_renewed_documents_share_a_key_and_the_link_says_why() -> None:
    old, new = person_key(document("A1")), person_key(document("B2", surname="NUNEZ"))
    assert old == new and old.digest == new.digest
    assert link_explanation(old) == (
        "same issuing country (MX), same names (NUNEZ, ANA) and same date of birth (1990-01-01)"
    )
    assert person_key(document("C3", surname="Nunes")).digest != old.digest
