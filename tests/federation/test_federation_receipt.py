"""The receiving side on one real database: what is applied, ignored, refused and audited.

This node is the US; its partner MX is a key pair generated here, pinned under the bundled
US-MX agreement. Events are built and signed by hand, so each rule can be broken alone.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, select
from us_receiver import MX, MX_KEY, US, envelope, payload, set_up_us_node

from borderflow.audit import AuditLog
from borderflow.federation.envelope import EVENT_TYP
from borderflow.federation.inbox import Inbox
from borderflow.federation.keys import NodeKey
from borderflow.federation.retention import purge_expired
from borderflow.federation.signing import sign
from borderflow.federation.tables import federation_inbox
from borderflow.ledger.tables import crossings, documents, persons

pytestmark = pytest.mark.storage


@pytest.fixture
def db(engine: Engine) -> Iterator[Engine]:
    set_up_us_node(engine)
    yield engine


def signed(value: dict[str, Any], key: NodeKey = MX_KEY, kid: str | None = None) -> str:
    return sign(value, key.private, kid=kid or MX.node_id, typ=EVENT_TYP)


def receive(connection: Connection, tokens: list[str], **kw: Any) -> Any:
    return Inbox(connection, US, **kw).receive(tokens)


def audit_actions(connection: Connection) -> list[str]:
    return [e.action for e in AuditLog(connection).entries()]


def test_valid_events_become_ledger_records_in_order_and_are_audited(db: Engine) -> None:
    with db.begin() as connection:
        result = receive(connection, [signed(envelope(1)), signed(envelope(2))])
    assert result.applied == 2 and result.rejected == [] and result.acked == {MX.node_id: 2}
    with db.connect() as connection:
        rows = connection.execute(select(crossings.c.source, crossings.c.from_country)).all()
        assert [tuple(r) for r in rows] == [(f"peer:{MX.node_id}", "US")] * 2
        assert audit_actions(connection)[-1] == "federation.received"
        assert AuditLog(connection).verify() == []
        assert result.audit_head["seq"] == AuditLog(connection).count()


def test_redelivery_is_idempotent(db: Engine) -> None:
    first = signed(envelope(1))
    with db.begin() as connection:
        receive(connection, [first])
    with db.begin() as connection:
        again = receive(connection, [first])
    assert (again.applied, again.duplicates, again.rejected) == (0, 1, [])
    with db.connect() as connection:
        assert len(connection.execute(select(crossings.c.id)).all()) == 1


def reasons(result: Any) -> str:
    return " | ".join(r.reason for r in result.rejected)


def test_replay_of_a_used_sequence_number_by_another_event_is_refused(db: Engine) -> None:
    with db.begin() as connection:
        receive(connection, [signed(envelope(1))])
    with db.begin() as connection:
        result = receive(connection, [signed(envelope(1))])
    assert result.applied == 0 and "replayed or forged" in reasons(result)


def test_an_event_out_of_order_waits_and_later_ones_are_held_back(db: Engine) -> None:
    with db.begin() as connection:
        result = receive(connection, [signed(envelope(2)), signed(envelope(3))])
    assert result.applied == 0 and result.acked == {MX.node_id: 0} and result.rejected == []


def tamper(token: str) -> str:
    header, body, signature = token.split(".")
    value = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    value["payload"]["document"]["surname"] = "Someone Else"
    forged = base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: signed(envelope(1), key=NodeKey.generate(), kid="node-unknown"), "unknown key"),
        (lambda: signed(envelope(1), key=NodeKey.generate()), "signature does not verify"),
        (lambda: tamper(signed(envelope(1))), "signature does not verify"),
        (lambda: "not.a-token", "malformed"),
        (lambda: signed(envelope(1, destination="node-elsewhere")), "not to this node"),
        (lambda: signed(envelope(1, version=2)), "version 2 is not supported"),
        (lambda: signed(envelope(1, kind="Gossip")), "unknown event kind"),
        (lambda: signed(envelope(1, agreement_hash="0" * 64)), "agreement mismatch"),
        (lambda: signed(envelope(1, issued_at="2099-01-01T00:00:00+00:00")), "future"),
        (
            lambda: signed(envelope(1, payload={**payload(), "admission_class": "B2"})),
            "fields outside the agreement: admission_class",
        ),
        (lambda: signed(envelope(1, payload={**payload(), "port": "Atlantis"})), "ledger rules"),
    ],
    ids=[
        "unknown-key",
        "wrong-key",
        "tampered",
        "malformed",
        "wrong-destination",
        "unknown-version",
        "unknown-kind",
        "other-agreement",
        "future",
        "outside-fields",
        "ledger-rules",
    ],
)
def test_forged_or_improper_events_are_refused_and_audited(
    db: Engine, make: Any, expected: str
) -> None:
    with db.begin() as connection:
        result = receive(connection, [make()])
    assert result.applied == 0
    assert expected in reasons(result)
    with db.connect() as connection:
        assert connection.execute(select(crossings.c.id)).all() == []
        last = list(AuditLog(connection).entries())[-1]
        assert last.action == "federation.rejected" and expected in last.details["reason"]


def test_retention_purges_received_data_and_audits_it(db: Engine) -> None:
    local = envelope(1)
    with db.begin() as connection:
        receive(connection, [signed(local)])
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=366)
    with db.begin() as connection:
        report = purge_expired(connection, now=lambda: later)
    assert (report.events, report.crossings) == (1, 1)
    with db.connect() as connection:
        for table in (crossings, documents, persons):
            assert connection.execute(select(table)).all() == []
        row = connection.execute(select(federation_inbox)).one()
        assert row.purged_at is not None and row.subject is None and row.payload is None
        last = list(AuditLog(connection).entries())[-1]
        assert last.action == "federation.purged" and last.details["ledger_crossings_deleted"] == 1
    with db.begin() as connection:  # the purged event is still known: a replay is not applied
        assert receive(connection, [signed(local)]).duplicates == 1


def test_nothing_is_purged_before_retention_ends(db: Engine) -> None:
    with db.begin() as connection:
        receive(connection, [signed(envelope(1))])
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=364)
    with db.begin() as connection:
        assert purge_expired(connection, now=lambda: soon).events == 0
    with db.connect() as connection:
        assert len(connection.execute(select(crossings.c.id)).all()) == 1


def test_a_gap_after_a_rejection_does_not_advance(db: Engine) -> None:
    with db.begin() as connection:
        result = receive(connection, [signed(envelope(1, kind="Gossip")), signed(envelope(2))])
    assert result.applied == 0 and result.acked == {MX.node_id: 0}
