"""The identity repositories and node service on a real, migrated database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine

from borderflow.audit import AuditLog
from borderflow.errors import InvalidInput, NotFound
from borderflow.federation.keys import NodeKey
from borderflow.federation.server import NodeWorker
from borderflow.identity import CredentialRejected, ProgramMembership, TravelerClaims
from borderflow.identity.jose import generate_key, private_jwk, public_jwk
from borderflow.identity.keys import load_or_create_key
from borderflow.identity.records import CrossingClaimsRepository
from borderflow.identity.repository import NonceRepository, TrustListRepository
from borderflow.identity.retention import RetentionReason
from borderflow.identity.service import IdentityNode, port_audience
from borderflow.identity.status import CredentialStatus
from borderflow.identity.statuses import StatusListRepository
from borderflow.identity.wallet import Wallet

pytestmark = pytest.mark.storage

NOW = dt.datetime(2026, 11, 29, 15, 30, tzinfo=dt.UTC)
PORT = "2506"
TRAVELER = TravelerClaims(
    family_name="TREMBLAY",
    given_name="LUC",
    birthdate=dt.date(1979, 7, 14),
    nationality="CAN",
    document_number="AB123456",
    document_expiry=dt.date(2030, 2, 1),
    programs=(ProgramMembership("NEXUS", "active"),),
)


@pytest.fixture
def node(tmp_path: Path) -> IdentityNode:
    return IdentityNode("urn:borderflow:node:US", load_or_create_key(tmp_path / "issuer.jwk"))


@pytest.fixture
def wallet(engine: Engine, node: IdentityNode, tmp_path: Path) -> Wallet:
    wallet = Wallet(tmp_path / "wallet.json")
    with engine.begin() as connection:
        node.trust_self(connection, now=NOW)
        _, copies = node.issue_batch(connection, TRAVELER, wallet.new_holder_keys(2), now=NOW)
    wallet.add(copies)
    return wallet


def _cross(engine: Engine, node: IdentityNode, wallet: Wallet, **kwargs: object) -> str:
    with engine.begin() as connection:
        nonce = node.nonce(connection, PORT, now=NOW)
    _, text = wallet.present(
        ["given_name", "nationality", "trusted_programs"],
        audience=port_audience(PORT),
        nonce=nonce,
        now=NOW,
    )
    with engine.begin() as connection:
        record_id, _ = node.verify(connection, text, port=PORT, now=NOW, **kwargs)  # type: ignore[arg-type]
    return record_id


def test_trust_list_round_trip(engine: Engine) -> None:
    jwk = public_jwk(generate_key("EdDSA"))
    with engine.begin() as connection:
        repository = TrustListRepository(connection)
        thumb = repository.add("urn:borderflow:node:MX", jwk, source="federation", now=NOW)
        assert repository.add("urn:borderflow:node:MX", jwk, source="federation", now=NOW) == thumb
        assert repository.load().issuers() == ["urn:borderflow:node:MX"]
        with pytest.raises(CredentialRejected):
            repository.add("x", private_jwk(generate_key()), source="local", now=NOW)
        repository.remove("urn:borderflow:node:MX", thumb)
        assert repository.entries() == []
        with pytest.raises(NotFound):
            repository.remove("urn:borderflow:node:MX", thumb)


def test_nonces_are_single_use_per_port(engine: Engine) -> None:
    with engine.begin() as connection:
        port = NonceRepository(connection, port_audience(PORT))
        nonce = port.issue(now=NOW)
        with pytest.raises(CredentialRejected, match="not issued by this port"):
            NonceRepository(connection, port_audience("0901")).consume(nonce, now=NOW)
        port.consume(nonce, now=NOW)
        with pytest.raises(CredentialRejected, match="replay"):
            port.consume(nonce, now=NOW)
        late = port.issue(now=NOW)
        with pytest.raises(CredentialRejected, match="expired"):
            port.consume(late, now=NOW + dt.timedelta(minutes=6))
        assert port.purge_expired(now=NOW + dt.timedelta(hours=1)) == 2


def test_verified_claims_are_kept_then_purged_with_an_audit_entry(
    engine: Engine, node: IdentityNode, wallet: Wallet
) -> None:
    record_id = _cross(engine, node, wallet)
    with engine.begin() as connection:
        records = CrossingClaimsRepository(connection)
        record = records.get(record_id)
        assert record["claims"] == {
            "given_name": "LUC",
            "nationality": "CAN",
            "trusted_programs": [{"program": "NEXUS", "status": "active"}],
        }
        assert record["retain_until"] == NOW + dt.timedelta(hours=24)
        assert records.purge(now=NOW + dt.timedelta(hours=23), actor="job:purge") == 0
        assert records.purge(now=NOW + dt.timedelta(hours=24), actor="job:purge") == 1
        with pytest.raises(NotFound):
            records.get(record_id)
        audit = AuditLog(connection)
        entries = list(audit.entries())
        assert entries[-1].action == "identity.claims_purged"
        assert entries[-1].details["records"] == [record_id]
        assert audit.verify() == []


def test_referral_keeps_claims_longer_with_the_reason(
    engine: Engine, node: IdentityNode, wallet: Wallet
) -> None:
    record_id = _cross(engine, node, wallet)
    with engine.begin() as connection:
        records = CrossingClaimsRepository(connection)
        with pytest.raises(InvalidInput) as error:
            records.extend(record_id, RetentionReason.REFERRAL, note=" ", actor="user:1", now=NOW)
        assert error.value.field == "note"
        kept = records.extend(
            record_id,
            RetentionReason.REFERRAL,
            note="secondary: docs check",
            actor="user:1:officer",
            now=NOW,
        )
        assert kept["retention_reason"] == "referral"
        assert records.purge(now=NOW + dt.timedelta(days=2), actor="job:purge") == 0
        assert records.get(record_id)["reason_note"] == "secondary: docs check"


def test_traveler_sees_what_was_recorded(
    engine: Engine, node: IdentityNode, wallet: Wallet
) -> None:
    record_id = _cross(
        engine,
        node,
        wallet,
        reason=RetentionReason.WATCH_LIST_HIT,
        note="possible match, list OFAC",
    )
    used = next(c for c in wallet.copies if c.used_at)
    with engine.begin() as connection:
        nonce = node.nonce(connection, PORT, now=NOW)
    proof = wallet.prove(used.id, audience=port_audience(PORT), nonce=nonce, now=NOW)
    with engine.begin() as connection:
        seen = node.traveler_records(connection, proof, port=PORT, now=NOW)
    assert [r["id"] for r in seen] == [record_id]
    assert seen[0]["retention_reason"] == "watch_list_hit"


def test_revoked_batch_is_refused(engine: Engine, node: IdentityNode, tmp_path: Path) -> None:
    wallet = Wallet(tmp_path / "w2.json")
    with engine.begin() as connection:
        node.trust_self(connection, now=NOW)
        batch_id, copies = node.issue_batch(
            connection, TRAVELER, wallet.new_holder_keys(2), now=NOW
        )
        StatusListRepository(connection).set_batch_status(
            batch_id, CredentialStatus.INVALID, now=NOW
        )
    wallet.add(copies)
    with pytest.raises(CredentialRejected) as error:
        _cross(engine, node, wallet)
    assert error.value.field == "status"


def test_the_node_worker_purges_claims_on_schedule(
    engine: Engine, node: IdentityNode, wallet: Wallet
) -> None:
    record_id = _cross(engine, node, wallet)
    worker = NodeWorker(engine, NodeKey.generate(), clock=lambda: NOW + dt.timedelta(hours=25))
    worker._purge()
    with engine.connect() as connection:
        with pytest.raises(NotFound):
            CrossingClaimsRepository(connection).get(record_id)
        last = list(AuditLog(connection).entries())[-1]
    assert (last.action, last.actor) == ("identity.claims_purged", "node:retention")
