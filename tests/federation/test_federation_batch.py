"""Protocol 2: one signature per batch, over the hashes of the envelope texts it carries.

This node is the US; its partner MX is a key pair generated here, pinned under the bundled
US-MX agreement. Batches are built and signed by hand, so each rule can be broken alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, select, update
from us_receiver import MX, MX_KEY, US, envelope, payload, set_up_us_node

from borderflow.audit import AuditLog
from borderflow.audit.tables import audit_log
from borderflow.federation.canonical import sha256_hex
from borderflow.federation.envelope import BATCH_TYP, batch_claims
from borderflow.federation.inbox import Inbox, ReceiveResult
from borderflow.federation.keys import NodeKey
from borderflow.federation.signing import sign
from borderflow.ledger.tables import crossings

pytestmark = pytest.mark.storage


@pytest.fixture
def db(engine: Engine) -> Iterator[Engine]:
    set_up_us_node(engine)
    yield engine


def signed_batch(
    texts: list[str],
    *,
    key: NodeKey = MX_KEY,
    kid: str | None = None,
    destination: str = US.node_id,
    hashes: list[str] | None = None,
) -> str:
    """The batch JWS a sender holding ``key`` makes for ``texts``."""
    origin = kid or MX.node_id
    digests = hashes if hashes is not None else [sha256_hex(t.encode()) for t in texts]
    return sign(batch_claims(origin, destination, digests), key.private, kid=origin, typ=BATCH_TYP)


def texts_of(*seqs: int) -> list[str]:
    return [json.dumps(envelope(seq, payload(f"B{seq:08d}"))) for seq in seqs]


def receive(connection: Connection, token: str, texts: list[str]) -> ReceiveResult:
    return Inbox(connection, US).receive_batch(token, texts)


def ledger_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return len(connection.execute(select(crossings.c.id)).all())


def test_a_signed_batch_is_applied_in_order_and_audited_with_every_id_and_hash(
    db: Engine,
) -> None:
    texts = texts_of(1, 2, 3)
    with db.begin() as connection:
        result = receive(connection, signed_batch(texts), texts)
    assert (result.applied, result.rejected, result.acked) == (3, [], {MX.node_id: 3})
    assert ledger_count(db) == 3
    with db.connect() as connection:
        entry = list(AuditLog(connection).entries())[-1]
        assert AuditLog(connection).verify() == []
    assert entry.action == "federation.received"
    assert entry.details["events"] == [
        [
            json.loads(t)["seq"],
            json.loads(t)["event_id"],
            "CrossingRecorded",
            sha256_hex(t.encode()),
        ]
        for t in texts
    ]
    assert result.audit_head == {"seq": entry.seq, "hash": entry.hash}


def test_an_envelope_altered_after_signing_is_refused_and_the_rest_waits(db: Engine) -> None:
    texts = texts_of(1, 2, 3)
    token = signed_batch(texts)
    texts[1] = texts[1].replace('"Smith"', '"Someone Else"')
    with db.begin() as connection:
        result = receive(connection, token, texts)
    assert result.applied == 1 and result.acked == {MX.node_id: 1}
    assert [r.index for r in result.rejected] == [1]
    assert "altered after signing" in result.rejected[0].reason
    assert ledger_count(db) == 1
    with db.connect() as connection:
        refused = [e for e in AuditLog(connection).entries() if e.action == "federation.rejected"]
    assert len(refused) == 1 and "altered after signing" in refused[0].details["reason"]


STRANGER = NodeKey.generate()


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda t: signed_batch(t, key=STRANGER, kid=STRANGER.node_id), "unknown key"),
        (lambda t: signed_batch(t, key=STRANGER), "signature does not verify"),
        (lambda t: signed_batch(t, destination="node-elsewhere"), "not a batch from its signer"),
        (lambda t: signed_batch(t[:2]), "the batch signs 2 events, 3 were sent"),
        (lambda t: "not.a-token", "malformed"),
        (
            lambda t: sign({"events": []}, MX_KEY.private, kid=MX.node_id, typ="other+jws"),
            "wrong token type",
        ),
    ],
    ids=["unknown-key", "wrong-key", "addressed-elsewhere", "count", "malformed", "wrong-typ"],
)
def test_a_batch_whose_signature_cannot_be_trusted_is_refused_whole_with_one_audit_entry(
    db: Engine, make: Any, expected: str
) -> None:
    texts = texts_of(1, 2, 3)
    with db.begin() as connection:
        result = receive(connection, make(texts), texts)
    assert result.applied == 0 and [r.index for r in result.rejected] == [0, 1, 2]
    assert all(expected in r.reason for r in result.rejected)
    assert ledger_count(db) == 0
    with db.connect() as connection:
        last = list(AuditLog(connection).entries())[-1]
    assert (last.action, last.subject) == ("federation.rejected", "batch of 3 events")
    assert expected in last.details["reason"]


def test_a_replayed_batch_applies_nothing_twice(db: Engine) -> None:
    texts = texts_of(1, 2)
    token = signed_batch(texts)
    with db.begin() as connection:
        receive(connection, token, texts)
    with db.begin() as connection:
        again = receive(connection, token, texts)
    assert (again.applied, again.duplicates, again.rejected) == (0, 2, [])
    assert ledger_count(db) == 2


def test_fields_outside_the_agreement_are_refused_inside_a_well_signed_batch(db: Engine) -> None:
    texts = [json.dumps(envelope(1, payload("B00000001", admission_class="B2")))]
    with db.begin() as connection:
        result = receive(connection, signed_batch(texts), texts)
    assert result.applied == 0
    assert "fields outside the agreement: admission_class" in result.rejected[0].reason


def test_editing_a_batch_audit_entry_is_detected(db: Engine) -> None:
    texts = texts_of(1, 2)
    with db.begin() as connection:
        receive(connection, signed_batch(texts), texts)
    with db.begin() as connection:
        entry = list(AuditLog(connection).entries())[-1]
        fewer = {**entry.details, "events": entry.details["events"][:1]}
        connection.execute(
            update(audit_log).where(audit_log.c.seq == entry.seq).values(details=fewer)
        )
    with db.connect() as connection:
        problems = AuditLog(connection).verify()
    assert [p.seq for p in problems] == [entry.seq] and "edited" in problems[0].problem
