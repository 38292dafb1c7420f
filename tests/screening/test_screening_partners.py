"""Partners' TCO changes: the event built from a local change, and its application here."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import Connection, Engine, delete

from borderflow.errors import Forbidden
from borderflow.federation.events import WatchlistChanged
from borderflow.federation.inbound import Peer
from borderflow.screening import NominationStatus
from borderflow.screening.partners import WatchlistApplier, partner_event
from borderflow.screening.query import tco_entry
from borderflow.screening.repository import TcoRepository
from borderflow.screening.tables import screening_nominations
from borderflow.screening.tco import TCO_SOURCE, nominate, review
from borderflow.screening.workflow import (
    catch_up_tco,
    file_redress_request,
    load_service,
    nominate_person,
    remove_nomination,
    review_nomination,
)

pytestmark = pytest.mark.storage

US = Peer("node-us", "us", "US", "http://127.0.0.1:1", "key")
CA = Peer("node-ca", "ca", "CA", "http://127.0.0.1:2", "key")


def _changes(engine: Engine) -> list[WatchlistChanged]:
    """A nomination made on another node (US), accepted, then removed, as its events."""
    entry = tco_entry(
        ["Ismael Zambada Garcia", "El Mayo"],
        dob="1948-01-01",
        nationality="MX",
        identifiers=[("passport", "M1234567")],
    )
    with engine.begin() as connection:
        nominated, first = nominate_person(
            connection,
            entry,
            organization="Sinaloa Cartel",
            basis="indictment",
            country="US",
            officer="user:1:ana",
        )
        accepted, second = review_nomination(
            connection,
            nominated.nomination_id,
            accept=True,
            reason="corroborated",
            officer="user:2:bob",
            country="US",
        )
        removed, third = remove_nomination(
            connection,
            nominated.nomination_id,
            reason="in custody",
            officer="user:2:bob",
            country="US",
        )
    return [
        partner_event(nominated, first),
        partner_event(accepted, second),
        partner_event(removed, third),
    ]


def test_the_event_carries_the_state_after_the_change(engine: Engine) -> None:
    nominated, accepted, removed = _changes(engine)
    assert (nominated.change, nominated.status) == ("nominated", "proposed")
    assert (accepted.change, accepted.status, accepted.reason) == (
        "accepted",
        "accepted",
        "corroborated",
    )
    assert accepted.person is not None
    assert accepted.person.names == [("Ismael Zambada Garcia", "primary"), ("El Mayo", "strong")]
    assert accepted.person.birth_dates == [(1948, 1, 1, None)]
    assert accepted.person.identifiers == [("passport", "M1234567", None)]
    assert (removed.change, removed.status, removed.person) == ("removed", "removed", None)
    assert len({nominated.change_id, accepted.change_id, removed.change_id}) == 3


def _forget_own(connection: Connection) -> None:
    """Make this database the partner's: the nominations made above were the owner's."""
    connection.execute(delete(screening_nominations))


def test_a_partners_changes_are_mirrored_idempotently_and_screened(engine: Engine) -> None:
    nominated, accepted, removed = _changes(engine)
    applier = WatchlistApplier()
    with engine.begin() as connection:
        _forget_own(connection)
    with engine.connect() as connection:
        service = load_service(connection)
    for event, found in ((nominated, False), (accepted, True), (accepted, True), (removed, False)):
        with engine.begin() as connection:
            assert applier.problem(connection, event, US) == ""
            applier.apply(connection, event, US)
            catch_up_tco(connection, service)
        hits = service.screener.screen("Ismael Zambada")
        assert bool(hits) is found, event.change
    with engine.connect() as connection:
        [mirror] = TcoRepository(connection).all()
    assert mirror.origin == "node-us" and mirror.status is NominationStatus.REMOVED
    assert mirror.country == "US" and mirror.reason == "in custody"
    assert mirror.entry.names == () and mirror.entry.identifiers == ()  # data dropped


def test_partners_may_not_change_or_take_over_a_nomination(engine: Engine) -> None:
    nominated, accepted, _removed = _changes(engine)
    applier = WatchlistApplier()
    with engine.begin() as connection:
        # the US nominations here are this node's own: no partner may overwrite them
        assert "belongs to this node" in applier.problem(connection, accepted, CA)
        _forget_own(connection)
        applier.apply(connection, accepted, US)
        assert "belongs to node node-us" in applier.problem(connection, accepted, CA)
        no_person = accepted.model_copy(update={"person": None})
        assert "needs the person" in applier.problem(connection, no_person, US)
        other_list = accepted.model_copy(update={"list_name": "ofac_sdn"})
        assert "unknown shared list" in applier.problem(connection, other_list, US)
        for act in (
            lambda: review_nomination(
                connection,
                nominated.nomination_id,
                accept=False,
                reason="x",
                officer="o",
                country="CA",
            ),
            lambda: remove_nomination(
                connection, nominated.nomination_id, reason="x", officer="o", country="CA"
            ),
            lambda: file_redress_request(
                connection, nominated.nomination_id, requester="I. Z.", grounds="x", actor="o"
            ),
        ):
            with pytest.raises(Forbidden, match="made by US"):
                act()


def test_only_the_owner_reviews_in_the_pure_rules() -> None:
    at = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
    nomination, _ = nominate(
        tco_entry(["Someone Listed"]),
        organization="X",
        basis="y",
        country="US",
        officer="a",
        at=at,
    )
    mirror = dataclasses.replace(nomination, origin="node-us")
    with pytest.raises(Forbidden):
        review(mirror, accept=True, reason="ok", officer="b", country="CA", at=at)
    assert mirror.entry.source == TCO_SOURCE
