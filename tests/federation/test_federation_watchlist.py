"""The shared TCO list between three real nodes: a US nomination, its acceptance and removal
reach the partners whose agreement carries ``WatchlistChanged``, and their screening."""

from __future__ import annotations

import datetime as dt

import httpx
from federation_helpers import Node
from sqlalchemy import select, update

from borderflow.audit import AuditLog
from borderflow.federation.delivery import Deliverer
from borderflow.federation.outbox import Outbox
from borderflow.federation.retention import purge_expired
from borderflow.federation.tables import federation_inbox, federation_outbox
from borderflow.screening import NominationStatus
from borderflow.screening.model import Entry
from borderflow.screening.partners import partner_event
from borderflow.screening.query import tco_entry
from borderflow.screening.repository import TcoRepository
from borderflow.screening.tco import Nomination
from borderflow.screening.workflow import (
    load_service,
    nominate_person,
    remove_nomination,
    review_nomination,
)

NAME = "Ismael Zambada Garcia"


def deliver(node: Node, client: httpx.Client) -> Deliverer:
    deliverer = Deliverer(node.engine, node.key, client, batch_size=50)
    while deliverer.deliver_all() > 0:
        pass
    return deliverer


def screened(node: Node) -> bool:
    with node.engine.connect() as connection:
        service = load_service(connection)
    return any(m.entry.source == "tco_shared" for m in service.screener.screen(NAME))


def nominate(node: Node, entry: Entry) -> Nomination:
    """A US officer nominates ``entry`` to the shared list."""
    with node.engine.begin() as connection:
        nomination, _ = nominate_person(
            connection,
            entry,
            organization="Sinaloa Cartel",
            basis="indictment",
            country="US",
            officer="user:1:ana",
        )
    return nomination


def accept(node: Node, nomination: Nomination) -> None:
    """A US reviewer accepts the nomination."""
    with node.engine.begin() as connection:
        review_nomination(
            connection,
            nomination.nomination_id,
            accept=True,
            reason="corroborated",
            officer="user:2:bob",
            country="US",
        )


def test_a_nomination_travels_is_screened_by_partners_and_stops_after_removal(
    nodes: dict[str, Node], network_client: httpx.Client
) -> None:
    us, ca, mx = nodes["US"], nodes["CA"], nodes["MX"]
    entry = tco_entry(
        [NAME, "El Mayo"], dob="1948-01-01", nationality="MX", identifiers=[("passport", "M1")]
    )
    nomination = nominate(us, entry)
    with us.engine.connect() as connection:
        queued = connection.execute(
            select(federation_outbox.c.kind, federation_outbox.c.destination)
        )
        assert sorted(queued) == sorted(
            [("WatchlistChanged", ca.config.node_id), ("WatchlistChanged", mx.config.node_id)]
        )
    deliver(us, network_client)
    with ca.engine.connect() as connection:
        mirror = TcoRepository(connection).get(nomination.nomination_id)
    assert (mirror.status, mirror.origin) == (NominationStatus.PROPOSED, us.config.node_id)
    assert not screened(ca)  # proposed: seen, not screened

    accept(us, nomination)
    deliver(us, network_client)
    assert screened(ca) and screened(mx)
    with ca.engine.connect() as connection:
        assert TcoRepository(connection).get(nomination.nomination_id).entry.identifiers
    with mx.engine.connect() as connection:  # the US-MX agreement sends no document numbers
        assert TcoRepository(connection).get(nomination.nomination_id).entry.identifiers == ()

    with us.engine.begin() as connection:
        remove_nomination(
            connection,
            nomination.nomination_id,
            reason="in custody",
            officer="user:2:bob",
            country="US",
        )
    deliver(us, network_client)
    assert not screened(ca) and not screened(mx)
    with mx.engine.connect() as connection:
        kinds = connection.execute(select(federation_inbox.c.kind)).scalars().all()
        removed = TcoRepository(connection).get(nomination.nomination_id)
    assert kinds == ["WatchlistChanged"] * 3
    assert removed.status is NominationStatus.REMOVED and removed.entry.names == ()
    for node in nodes.values():
        with node.engine.connect() as connection:
            assert AuditLog(connection).verify() == []


def test_canada_cannot_change_a_us_nomination_nor_send_to_mexico(
    nodes: dict[str, Node], network_client: httpx.Client
) -> None:
    us, ca, mx = nodes["US"], nodes["CA"], nodes["MX"]
    with us.engine.begin() as connection:
        nomination, event = nominate_person(
            connection,
            tco_entry([NAME]),
            organization="Sinaloa Cartel",
            basis="indictment",
            country="US",
            officer="user:1:ana",
        )
    forged = partner_event(nomination, event).model_copy(update={"status": "rejected"})
    with ca.engine.begin() as connection:
        queued = Outbox(connection).emit(forged)
    assert [e.destination for e in queued] == [us.config.node_id]  # no CA-MX flow
    deliverer = deliver(ca, network_client)
    assert "belongs to this node" in deliverer.failures[us.config.node_id]
    with us.engine.connect() as connection:
        kept = TcoRepository(connection).get(nomination.nomination_id)
        refused = [e for e in AuditLog(connection).entries() if e.action == "federation.rejected"]
    assert kept.status is NominationStatus.PROPOSED and kept.origin is None
    assert "refused by this node's rules" in refused[-1].details["reason"]
    with mx.engine.connect() as connection:
        assert TcoRepository(connection).all() == []


def test_a_partners_nomination_is_forgotten_when_its_retention_ends(
    nodes: dict[str, Node], network_client: httpx.Client
) -> None:
    """Canada keeps the US nomination's person only as long as the CA-US agreement says
    (365 days from receipt); a later event still retained keeps it, and the purge is audited."""
    us, ca = nodes["US"], nodes["CA"]
    entry = tco_entry([NAME], dob="1948-01-01", nationality="MX")
    nomination = nominate(us, entry)
    accept(us, nomination)
    deliver(us, network_client)
    assert screened(ca)
    with ca.engine.begin() as connection:
        # The acceptance counts as received a month later than the nomination.
        last, expires = connection.execute(
            select(federation_inbox.c.seq, federation_inbox.c.expires_at)
            .order_by(federation_inbox.c.seq.desc())
            .limit(1)
        ).one()
        connection.execute(
            update(federation_inbox)
            .where(federation_inbox.c.seq == last)
            .values(expires_at=expires + dt.timedelta(days=30))
        )
    after_first = dt.datetime.now(dt.UTC) + dt.timedelta(days=366)
    with ca.engine.begin() as connection:
        assert purge_expired(connection, now=lambda: after_first).events == 1
    assert screened(ca)  # the acceptance, still retained, carries the person

    after_both = after_first + dt.timedelta(days=30)
    with ca.engine.begin() as connection:
        assert purge_expired(connection, now=lambda: after_both).events == 1
    assert not screened(ca)
    with ca.engine.connect() as connection:
        mirror = TcoRepository(connection).get(nomination.nomination_id)
        purge = list(AuditLog(connection).entries())[-1]
        assert AuditLog(connection).verify() == []
    assert mirror.status is NominationStatus.ACCEPTED and mirror.entry.names == ()
    assert mirror.entry.birth_dates == () and mirror.entry.nationalities == frozenset()
    assert purge.action == "federation.purged"
    assert purge.details["WatchlistChanged_forgotten"] == [nomination.nomination_id]
