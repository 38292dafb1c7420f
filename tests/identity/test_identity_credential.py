"""Known-traveler credentials end to end in memory: batch issue, wallet, port verification."""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path

import pytest

from borderflow.errors import ConfigurationError, Conflict, InvalidInput
from borderflow.identity import (
    CredentialRejected,
    KnownTravelerIssuer,
    PortVerifier,
    ProgramMembership,
    StatusReference,
    TravelerClaims,
    TrustedKey,
    TrustList,
)
from borderflow.identity.jose import generate_key, public_jwk
from borderflow.identity.keys import load_or_create_key
from borderflow.identity.port import MemoryNonces
from borderflow.identity.retention import RetentionPolicy, RetentionReason
from borderflow.identity.sdjwt import SdJwt, to_json_serialization
from borderflow.identity.status import CredentialStatus, StatusList, status_list_token
from borderflow.identity.status_cache import StatusLists
from borderflow.identity.wallet import Wallet

NOW = dt.datetime(2026, 11, 29, 15, 30, tzinfo=dt.UTC)
ISSUER = "urn:borderflow:node:US"
AUD = "urn:borderflow:port:2506"
STATUS_URI = f"{ISSUER}/status/1"

TRAVELER = TravelerClaims(
    family_name="GARCIA LOPEZ",
    given_name="MARIA",
    birthdate=dt.date(1984, 3, 2),
    nationality="MEX",
    document_number="G12345678",
    document_expiry=dt.date(2031, 5, 1),
    programs=(
        ProgramMembership("SENTRI", "active", dt.date(2029, 1, 1)),
        ProgramMembership("GLOBAL_ENTRY", "active"),
    ),
    photo_ref="urn:borderflow:photo:9f2c",
)


class Node:
    """An issuing node with its status list, and a port that trusts it."""

    def __init__(self) -> None:
        self.key = generate_key("ES256")
        self.status = StatusList.empty(1024, bits=2)
        self.issuer = KnownTravelerIssuer(ISSUER, self.key)
        self.nonces = MemoryNonces()
        self.port = PortVerifier(
            audience=AUD,
            trust=TrustList.of([TrustedKey(ISSUER, public_jwk(self.key))]),
            nonces=self.nonces,
            statuses=StatusLists(
                lambda uri: status_list_token(
                    self.status, uri=uri, issuer=ISSUER, key=self.key, now=NOW
                )
            ),
        )


@pytest.fixture
def node() -> Node:
    return Node()


@pytest.fixture
def wallet(tmp_path: Path, node: Node) -> Wallet:
    wallet = Wallet(tmp_path / "wallet.json")
    keys = wallet.new_holder_keys(3)
    statuses = [StatusReference(STATUS_URI, i) for i in (17, 401, 902)]
    wallet.add(node.issuer.issue_batch(TRAVELER, keys, statuses, now=NOW))
    return wallet


def test_batch_copies_share_nothing_that_links_them(node: Node) -> None:
    keys = [public_jwk(generate_key("ES256")) for _ in range(50)]
    statuses = [StatusReference(STATUS_URI, i) for i in range(50)]
    copies = [SdJwt.parse(c) for c in node.issuer.issue_batch(TRAVELER, keys, statuses, now=NOW)]
    payloads = [c.unverified_payload() for c in copies]
    assert len({p["cnf"]["jwk"]["x"] for p in payloads}) == 50
    assert len({p["status"]["status_list"]["idx"] for p in payloads}) == 50
    digests = [d.digest for c in copies for d in c.disclosures]
    assert len(set(digests)) == len(digests)
    # times are rounded to the day: the same for every copy issued that day
    assert {p["iat"] for p in payloads} == {
        int(dt.datetime(2026, 11, 29, tzinfo=dt.UTC).timestamp())
    }


def test_batch_needs_distinct_keys(node: Node) -> None:
    key = public_jwk(generate_key("ES256"))
    with pytest.raises(InvalidInput) as error:
        node.issuer.issue_batch(
            TRAVELER,
            [key, key],
            [StatusReference(STATUS_URI, 1), StatusReference(STATUS_URI, 2)],
            now=NOW,
        )
    assert error.value.field == "holder_keys"
    with pytest.raises(InvalidInput) as error:
        node.issuer.issue_batch(
            TRAVELER, [{"kty": "RSA", "n": "x"}], [StatusReference(STATUS_URI, 1)], now=NOW
        )
    assert error.value.field == "holder_keys[0]"


def test_port_sees_only_the_requested_disclosed_claims(node: Node, wallet: Wallet) -> None:
    nonce = node.nonces.issue("nonce-1", now=NOW)
    _, text = wallet.present(
        ["given_name", "family_name", "trusted_programs"], audience=AUD, nonce=nonce, now=NOW
    )
    result = node.port.verify(text, now=NOW + dt.timedelta(seconds=3))
    assert result.claims == {
        "family_name": "GARCIA LOPEZ",
        "given_name": "MARIA",
        "trusted_programs": [
            {"program": "SENTRI", "status": "active", "valid_until": "2029-01-01"},
            {"program": "GLOBAL_ENTRY", "status": "active"},
        ],
    }
    assert result.issuer == ISSUER


def test_replayed_presentation_is_refused(node: Node, wallet: Wallet) -> None:
    nonce = node.nonces.issue("nonce-2", now=NOW)
    _, text = wallet.present(["nationality"], audience=AUD, nonce=nonce, now=NOW)
    node.port.verify(text, now=NOW)
    with pytest.raises(CredentialRejected) as error:
        node.port.verify(text, now=NOW)
    assert error.value.field == "kb_jwt.nonce" and "replay" in error.value.message


def test_presentation_for_another_port_or_nonce_is_refused(node: Node, wallet: Wallet) -> None:
    _, elsewhere = wallet.present(
        ["nationality"],
        audience="urn:borderflow:port:0901",
        nonce=node.nonces.issue("n-3", now=NOW),
        now=NOW,
    )
    with pytest.raises(CredentialRejected) as error:
        node.port.verify(elsewhere, now=NOW)
    assert error.value.field == "kb_jwt.aud"
    _, unknown = wallet.present(["nationality"], audience=AUD, nonce="made-up", now=NOW)
    with pytest.raises(CredentialRejected) as error:
        node.port.verify(unknown, now=NOW)
    assert "not issued by this port" in error.value.message


def test_stale_key_binding_is_refused(node: Node, wallet: Wallet) -> None:
    nonce = node.nonces.issue("n-4", now=NOW)
    _, text = wallet.present(["nationality"], audience=AUD, nonce=nonce, now=NOW)
    with pytest.raises(CredentialRejected) as error:
        node.port.verify(text, now=NOW + dt.timedelta(minutes=10))
    assert error.value.field == "kb_jwt.iat"


def test_json_serialized_copies_and_presentations_work_like_compact(
    node: Node, tmp_path: Path
) -> None:
    wallet = Wallet(tmp_path / "json-wallet.json")
    keys = wallet.new_holder_keys(1)
    [copy] = node.issuer.issue_batch(TRAVELER, keys, [StatusReference(STATUS_URI, 3)], now=NOW)
    wallet.add([to_json_serialization(SdJwt.parse(copy), general=True)])
    nonce = node.nonces.issue("n-json", now=NOW)
    _, text = wallet.present(
        ["birthdate"], audience=AUD, nonce=nonce, now=NOW, json_serialization=True
    )
    assert json.loads(text)["header"]["kb_jwt"]
    assert node.port.verify(text, now=NOW).claims == {"birthdate": "1984-03-02"}
    tampered = json.loads(text)
    tampered["header"]["disclosures"] = tampered["header"]["disclosures"][:0]
    with pytest.raises(CredentialRejected) as error:
        node.port.verify(json.dumps(tampered), now=NOW)
    assert error.value.field == "kb_jwt.sd_hash"


@pytest.mark.parametrize("status", [CredentialStatus.INVALID, CredentialStatus.SUSPENDED])
def test_revoked_or_suspended_copy_is_refused(
    node: Node, wallet: Wallet, status: CredentialStatus
) -> None:
    node.status.set(17, status)
    nonce = node.nonces.issue("n-5", now=NOW)
    _, text = wallet.present(["nationality"], audience=AUD, nonce=nonce, now=NOW)
    with pytest.raises(CredentialRejected) as error:
        node.port.verify(text, now=NOW)
    assert error.value.field == "status" and status.name.lower() in error.value.message


def test_wallet_uses_each_copy_once(node: Node, wallet: Wallet, tmp_path: Path) -> None:
    used = {
        wallet.present(["nationality"], audience=AUD, nonce=f"n{i}", now=NOW)[0] for i in range(3)
    }
    assert len(used) == 3
    with pytest.raises(Conflict):
        wallet.present(["nationality"], audience=AUD, nonce="n9", now=NOW)
    assert stat.S_IMODE((tmp_path / "wallet.json").stat().st_mode) == 0o600
    assert all(c.used_at for c in Wallet(tmp_path / "wallet.json").copies)


def test_wallet_refuses_unknown_claims_and_foreign_credentials(
    node: Node, wallet: Wallet, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInput) as error:
        wallet.present(["ssn"], audience=AUD, nonce="n", now=NOW)
    assert error.value.field == "claims"
    foreign = node.issuer.issue_batch(
        TRAVELER, [public_jwk(generate_key())], [StatusReference(STATUS_URI, 5)], now=NOW
    )
    with pytest.raises(InvalidInput) as error:
        Wallet(tmp_path / "other.json").add(foreign)
    assert error.value.field == "credentials[0]"


def test_status_list_matches_the_draft_example() -> None:
    """Token Status List draft, 1-bit example: statuses 1,0,0,1,1,1,0,1 / 1,1,0,0,0,1,0,1."""
    statuses = StatusList.empty(16, bits=1)
    for index, value in enumerate([1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]):
        statuses.set(index, value)
    assert bytes(statuses.data) == bytes([0xB9, 0xA3])
    decoded = StatusList.decode({"bits": 1, "lst": "eNrbuRgAAhcBXQ"})
    assert bytes(decoded.data) == bytes([0xB9, 0xA3])
    assert StatusList.decode(statuses.encode()).data == statuses.data


def test_two_bit_status_list_round_trips() -> None:
    statuses = StatusList.empty(100, bits=2)
    statuses.set(7, 2)
    statuses.set(8, 1)
    again = StatusList.decode(statuses.encode())
    assert [again.get(i) for i in (6, 7, 8, 9)] == [0, 2, 1, 0]
    with pytest.raises(InvalidInput):
        statuses.set(3, 4)


def test_retention_policy() -> None:
    policy = RetentionPolicy()
    assert policy.retain_until(NOW) == NOW + dt.timedelta(hours=24)
    assert policy.retain_until(NOW, RetentionReason.REFERRAL) > NOW + dt.timedelta(days=1)
    with pytest.raises(InvalidInput) as error:
        policy.reason("curiosity")
    assert error.value.field == "reason"


def test_issuer_key_file_is_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "issuer.jwk"
    key = load_or_create_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert public_jwk(load_or_create_key(path)) == public_jwk(key)
    path.chmod(0o644)
    with pytest.raises(ConfigurationError):
        load_or_create_key(path)
