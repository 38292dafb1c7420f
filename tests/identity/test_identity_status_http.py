"""Status lists over real HTTP: an issuing node serves them, a port fetches, caches, refuses.

The issuer is the identity router served by uvicorn on a loopback port in a thread; its
clock and the port's are the same pinned timeline. A ``/provider/{name}`` route on the same
server plays a status provider that answers whatever a test sets, to show each way a
status list can fail and that the port then refuses the credential.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI, Response
from sqlalchemy import Engine

from borderflow.api.errors import install_error_handlers
from borderflow.api.routers.identity import current_time, router
from borderflow.federation.network import free_port
from borderflow.identity import (
    CredentialRejected,
    KnownTravelerIssuer,
    PortVerifier,
    StatusReference,
    TravelerClaims,
    TrustedKey,
    TrustList,
)
from borderflow.identity.jose import PrivateKey, b64encode, generate_key, public_jwk, sign_jws
from borderflow.identity.keys import load_or_create_key
from borderflow.identity.port import MemoryNonces
from borderflow.identity.sdjwt import KeyBinding, SdJwt
from borderflow.identity.service import IdentityNode
from borderflow.identity.status import (
    MAX_LIST_BYTES,
    CredentialStatus,
    StatusList,
    status_list_token,
)
from borderflow.identity.status_cache import StatusLists
from borderflow.identity.status_http import HttpStatusFetcher
from borderflow.identity.status_token import read_status_list_token
from borderflow.identity.statuses import StatusListRepository
from borderflow.settings import Settings

pytestmark = pytest.mark.storage

T0 = dt.datetime(2026, 11, 29, 15, 30, tzinfo=dt.UTC)
ISSUER = "urn:borderflow:node:US"
AUD = "urn:borderflow:port:2506"
JWT = "application/statuslist+jwt"
TRAVELER = TravelerClaims(
    family_name="GARCIA LOPEZ",
    given_name="MARIA",
    birthdate=dt.date(1984, 3, 2),
    nationality="MEX",
    document_number="G12345678",
    document_expiry=dt.date(2031, 5, 1),
)


@dataclass
class Issuer:
    """The issuing node on a loopback port, with its clock and a scriptable provider."""

    url: str
    node: IdentityNode
    engine: Engine
    clock: list[dt.datetime]
    answers: dict[str, tuple[int, str, str]] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)

    def provider_uri(self, name: str) -> str:
        return f"{self.url}/provider/{name}"


def _provider_app(issuer: Issuer) -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    app.state.engine = issuer.engine
    app.state.settings = Settings(database_url=str(issuer.engine.url))
    app.state.identity_node = issuer.node
    app.include_router(router)
    app.dependency_overrides[current_time] = lambda: issuer.clock[0]

    @app.get("/provider/{name}")
    def provider(name: str) -> Response:
        issuer.hits[name] = issuer.hits.get(name, 0) + 1
        status, media_type, body = issuer.answers[name]
        return Response(body, status_code=status, media_type=media_type)

    return app


@pytest.fixture
def issuer(engine: Engine, tmp_path: Path) -> Iterator[Issuer]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    node = IdentityNode(ISSUER, load_or_create_key(tmp_path / "issuer.jwk"), base_url=url)
    running = Issuer(url, node, engine, [T0])
    config = uvicorn.Config(_provider_app(running), host="127.0.0.1", port=port, log_level="error")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the issuer did not start"
        time.sleep(0.02)
    yield running
    server.should_exit = True
    thread.join(timeout=10)


@dataclass
class Port:
    """A port trusting the issuer's key, fetching status lists over HTTP."""

    trust: TrustList
    fetcher: HttpStatusFetcher
    nonces: MemoryNonces = field(default_factory=MemoryNonces)
    counter: Iterator[int] = field(default_factory=itertools.count)

    def __post_init__(self) -> None:
        self.statuses = StatusLists(self.fetcher)
        self.verifier = PortVerifier(AUD, self.trust, self.nonces, self.statuses)

    def cross(self, copy: str, holder: PrivateKey, at: dt.datetime) -> dict[str, Any]:
        nonce = self.nonces.issue(f"n-{next(self.counter)}", now=at)
        text = SdJwt.parse(copy).present({"nationality": True}, KeyBinding(holder, AUD, nonce, at))
        return self.verifier.verify(text.serialize(), now=at).claims


@pytest.fixture
def port(issuer: Issuer) -> Iterator[Port]:
    fetcher = HttpStatusFetcher(timeout=5.0)
    yield Port(TrustList.of([TrustedKey(ISSUER, public_jwk(issuer.node.key))]), fetcher)
    fetcher.close()


def _batch(issuer: Issuer, count: int) -> tuple[str, list[tuple[str, PrivateKey]]]:
    holders = [generate_key("ES256") for _ in range(count)]
    with issuer.engine.begin() as connection:
        batch_id, copies = issuer.node.issue_batch(
            connection, TRAVELER, [public_jwk(h) for h in holders], now=T0
        )
    return batch_id, list(zip(copies, holders, strict=True))


def test_the_issuer_serves_its_lists_at_the_uris_in_its_credentials(issuer: Issuer) -> None:
    _, [(copy, _)] = _batch(issuer, 1)
    uri = SdJwt.parse(copy).unverified_payload()["status"]["status_list"]["uri"]
    assert uri == f"{issuer.url}/identity/status-lists/1"
    reply = httpx.get(uri, headers={"Accept": JWT})  # no credentials: the list is public
    assert reply.status_code == 200
    assert reply.headers["content-type"] == JWT
    trust = TrustList.of([TrustedKey(ISSUER, public_jwk(issuer.node.key))])
    token = read_status_list_token(reply.text, uri=uri, issuer=ISSUER, trust=trust, now=T0)
    assert token.status_list.size == 1 << 17 and token.ttl == dt.timedelta(hours=1)
    assert httpx.get(f"{issuer.url}/identity/status-lists/2").status_code == 404
    assert httpx.get(f"{issuer.url}/identity/status-lists/a.b").status_code == 422


def test_a_revocation_reaches_the_port_when_its_cached_list_expires(
    issuer: Issuer, port: Port
) -> None:
    batch_id, copies = _batch(issuer, 3)
    assert port.cross(*copies[0], T0) == {"nationality": "MEX"}
    with issuer.engine.begin() as connection:
        StatusListRepository(connection).set_batch_status(
            batch_id, CredentialStatus.INVALID, now=T0
        )
    later = T0 + dt.timedelta(minutes=59)
    issuer.clock[0] = later
    assert port.cross(*copies[1], later) == {"nationality": "MEX"}  # the list is cached (ttl)
    expired = T0 + dt.timedelta(hours=1, seconds=1)
    issuer.clock[0] = expired
    with pytest.raises(CredentialRejected) as error:
        port.cross(*copies[2], expired)
    assert error.value.field == "status" and "invalid" in error.value.message


def _copy_pointing_to(issuer: Issuer, uri: str) -> tuple[str, PrivateKey]:
    holder = generate_key("ES256")
    [copy] = KnownTravelerIssuer(ISSUER, issuer.node.key).issue_batch(
        TRAVELER, [public_jwk(holder)], [StatusReference(uri, 5)], now=T0
    )
    return copy, holder


def _token(uri: str, key: PrivateKey, **changes: Any) -> str:
    issued = int(T0.timestamp())
    payload = {
        "sub": uri,
        "iss": ISSUER,
        "iat": issued,
        "exp": issued + 86400,
        "ttl": 300,
        "status_list": StatusList.empty(64, bits=2).encode(),
    }
    payload.update(changes)
    header = {"typ": payload.pop("typ", "statuslist+jwt")}
    return sign_jws(header, {k: v for k, v in payload.items() if v is not None}, key)


def test_a_list_is_fetched_once_and_reused_until_its_ttl(issuer: Issuer, port: Port) -> None:
    uri = issuer.provider_uri("good")
    issuer.answers["good"] = (200, JWT, _token(uri, issuer.node.key, ttl=30))
    copies = [_copy_pointing_to(issuer, uri) for _ in range(3)]
    assert port.cross(*copies[0], T0) == {"nationality": "MEX"}
    assert port.cross(*copies[1], T0 + dt.timedelta(seconds=29)) == {"nationality": "MEX"}
    assert issuer.hits["good"] == 1
    assert port.cross(*copies[2], T0 + dt.timedelta(seconds=31)) == {"nationality": "MEX"}
    assert issuer.hits["good"] == 2


FAILURES = {
    "unavailable": (lambda uri, key: (503, "text/plain", "down"), "status", "HTTP 503"),
    "media type": (
        lambda uri, key: (200, "application/json", _token(uri, key)),
        "status",
        "application/json",
    ),
    "not a JWT": (lambda uri, key: (200, JWT, "garbage"), "status_list_token", "3 parts"),
    "badly signed": (
        lambda uri, key: (200, JWT, _token(uri, generate_key("ES256"))),
        "status_list_token.signature",
        "does not verify",
    ),
    "another list": (
        lambda uri, key: (200, JWT, _token(uri + "x", key)),
        "status_list_token.sub",
        "not",
    ),
    "expired": (
        lambda uri, key: (200, JWT, _token(uri, key, exp=int(T0.timestamp()) - 3600)),
        "status_list_token.exp",
        "expired",
    ),
    "wrong typ": (
        lambda uri, key: (200, JWT, _token(uri, key, typ="JWT")),
        "status_list_token.typ",
        "statuslist+jwt",
    ),
    "no iat": (
        lambda uri, key: (200, JWT, _token(uri, key, iat=None)),
        "status_list_token.iat",
        "NumericDate",
    ),
    "another issuer": (
        lambda uri, key: (200, JWT, _token(uri, key, iss="urn:borderflow:node:MX")),
        "status_list_token.iss",
        "issued by",
    ),
    "no list": (
        lambda uri, key: (200, JWT, _token(uri, key, status_list={"bits": 3, "lst": ""})),
        "status_list",
        "bits",
    ),
}


@pytest.mark.parametrize("case", sorted(FAILURES))
def test_a_list_the_port_cannot_trust_refuses_the_credential(
    issuer: Issuer, port: Port, case: str
) -> None:
    answer, field_name, words = FAILURES[case]
    name = case.replace(" ", "-")
    uri = issuer.provider_uri(name)
    issuer.answers[name] = answer(uri, issuer.node.key)
    with pytest.raises(CredentialRejected) as error:
        port.cross(*_copy_pointing_to(issuer, uri), T0)
    assert error.value.field == field_name, error.value.message
    assert words in error.value.message
    assert port.statuses.cached() == []


def test_an_unreachable_or_oversized_list_refuses_the_credential(
    issuer: Issuer, port: Port
) -> None:
    nobody = f"http://127.0.0.1:{free_port()}/identity/status-lists/1"
    with pytest.raises(CredentialRejected) as error:
        port.cross(*_copy_pointing_to(issuer, nobody), T0)
    assert error.value.field == "status"
    assert "could not be fetched" in error.value.message and nobody in error.value.message
    issuer.answers["big"] = (200, JWT, "x" * 2000)
    small = Port(port.trust, HttpStatusFetcher(max_bytes=1000))
    with pytest.raises(CredentialRejected, match="longer than 1000 bytes"):
        small.cross(*_copy_pointing_to(issuer, issuer.provider_uri("big")), T0)
    with pytest.raises(CredentialRejected) as error:
        port.cross(*_copy_pointing_to(issuer, "file:///etc/passwd"), T0)
    assert error.value.field == "status.uri"


def test_the_cache_is_bounded_and_refuses_an_older_list() -> None:
    key = generate_key("EdDSA")
    trust = TrustList.of([TrustedKey(ISSUER, public_jwk(key))])
    issued = {"at": T0}
    fetched: list[str] = []

    def fetch(uri: str) -> str:
        fetched.append(uri)
        return status_list_token(
            StatusList.empty(8), uri=uri, issuer=ISSUER, key=key, now=issued["at"]
        )

    statuses = StatusLists(fetch, max_entries=2)
    for uri in ("https://a/1", "https://a/2", "https://a/1", "https://a/3"):
        statuses.get(uri, issuer=ISSUER, trust=trust, now=T0)
    assert statuses.cached() == ["https://a/1", "https://a/3"]  # a/2 was least recently used
    assert fetched == ["https://a/1", "https://a/2", "https://a/3"]
    issued["at"] = T0 - dt.timedelta(hours=2)  # a replayed, older token after the ttl
    with pytest.raises(CredentialRejected) as error:
        statuses.get("https://a/1", issuer=ISSUER, trust=trust, now=T0 + dt.timedelta(hours=1))
    assert error.value.field == "status_list_token.iat" and "older" in error.value.message


def test_a_compressed_list_cannot_inflate_past_the_bound() -> None:
    bomb = b64encode(zlib.compress(bytes(MAX_LIST_BYTES + 1), 9))
    with pytest.raises(CredentialRejected, match="larger than"):
        StatusList.decode({"bits": 1, "lst": bomb})
    with pytest.raises(CredentialRejected, match="truncated"):
        StatusList.decode({"bits": 1, "lst": b64encode(zlib.compress(bytes(64))[:-3])})
