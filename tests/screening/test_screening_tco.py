"""The shared TCO list's rules and the events partners receive (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from borderflow.errors import Conflict, Forbidden, InvalidInput
from borderflow.screening import NominationStatus, RedressOutcome, RedressRequest
from borderflow.screening.codec import entry_from_dict
from borderflow.screening.query import amend_entry, tco_entry
from borderflow.screening.tco import decide_redress, nominate, remove, review

AT = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def _nominated():  # type: ignore[no-untyped-def]
    entry = tco_entry(["Joaquin Guzman Loera", "El Chapo"], dob="1957-04-04", nationality="Mexico")
    return nominate(
        entry,
        organization="Sinaloa Cartel",
        basis="conviction 2019",
        country="mx",
        officer="user:1:ana",
        at=AT,
    )


def test_nomination_event_has_a_stable_kind_and_json_body() -> None:
    nomination, event = _nominated()
    assert nomination.status is NominationStatus.PROPOSED
    body = event.to_dict()
    assert body["kind"] == "screening.tco.nominated" and body["version"] == 1
    assert body["country"] == "MX" and body["occurred_at"] == AT.isoformat()
    assert entry_from_dict(body["entry"]) == nomination.entry


def test_review_accepts_by_another_officer_only() -> None:
    nomination, _ = _nominated()
    with pytest.raises(Forbidden):
        review(nomination, accept=True, reason="ok", officer="user:1:ana", country="US", at=AT)
    accepted, event = review(
        nomination, accept=True, reason="corroborated", officer="user:2:bob", country="US", at=AT
    )
    assert accepted.status is NominationStatus.ACCEPTED
    assert event.to_dict()["accepted"] is True
    with pytest.raises(Conflict):
        review(accepted, accept=False, reason="again", officer="user:3:cy", country="CA", at=AT)
    rejected, event = review(
        nomination, accept=False, reason="thin basis", officer="user:2:bob", country="US", at=AT
    )
    assert rejected.status is NominationStatus.REJECTED and event.to_dict()["entry"] == {}


def test_removal_and_redress_outcomes() -> None:
    nomination, _ = _nominated()
    accepted, _ = review(
        nomination, accept=True, reason="ok", officer="user:2:bob", country="US", at=AT
    )
    removed, event = remove(accepted, reason="deceased", officer="user:2:bob", country="US", at=AT)
    assert removed.status is NominationStatus.REMOVED
    assert event.kind == "screening.tco.removed"
    with pytest.raises(Conflict):
        remove(removed, reason="again", officer="user:2:bob", country="US", at=AT)

    request = RedressRequest(
        "r1", accepted.nomination_id, "J. Guzman (namesake)", "I am a namesake born 1980", AT
    )
    amended_entry = amend_entry(accepted.entry, dob="1957-04-04", nationality="MX")
    decided, updated, event = decide_redress(
        request,
        accepted,
        outcome=RedressOutcome.AMENDED,
        reason="DOB added to tell apart",
        officer="user:2:bob",
        country="US",
        at=AT,
        amended=amended_entry,
    )
    assert decided.outcome is RedressOutcome.AMENDED
    assert updated.status is NominationStatus.ACCEPTED and updated.entry == amended_entry
    assert event.to_dict()["kind"] == "screening.tco.redress_decided"
    with pytest.raises(Conflict):
        decide_redress(
            decided,
            updated,
            outcome=RedressOutcome.DELISTED,
            reason="x",
            officer="user:2:bob",
            country="US",
            at=AT,
        )
    _, delisted, event = decide_redress(
        request,
        accepted,
        outcome=RedressOutcome.DELISTED,
        reason="mistaken identity",
        officer="user:2:bob",
        country="US",
        at=AT,
    )
    assert delisted.status is NominationStatus.REMOVED and event.to_dict()["entry"] == {}


def test_bad_nominations_name_the_field() -> None:
    with pytest.raises(InvalidInput) as caught:
        tco_entry(["  "])
    assert caught.value.field == "names"
    with pytest.raises(InvalidInput) as caught:
        tco_entry(["Ana"], dob="31/02/1990")
    assert caught.value.field == "dob"
    entry = tco_entry(["Ana"])
    with pytest.raises(InvalidInput) as caught:
        nominate(entry, organization="X", basis=" ", country="MX", officer="u", at=AT)
    assert caught.value.field == "basis"
