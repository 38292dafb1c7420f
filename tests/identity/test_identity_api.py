"""The identity router: roles, one crossing end to end over HTTP, traveler view, purge."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from borderflow.api.errors import install_error_handlers
from borderflow.api.routers.identity import current_time, router
from borderflow.identity.keys import load_or_create_key
from borderflow.identity.service import IdentityNode
from borderflow.identity.wallet import Wallet
from borderflow.settings import Settings
from borderflow.users import UserRepository

pytestmark = pytest.mark.storage

NOW = dt.datetime(2026, 11, 29, 15, 30, tzinfo=dt.UTC)


@pytest.fixture
def clock() -> list[dt.datetime]:
    return [NOW]


@pytest.fixture
def client(engine: Engine, tmp_path: Path, clock: list[dt.datetime]) -> TestClient:
    app = FastAPI()
    install_error_handlers(app)
    app.state.engine = engine
    app.state.settings = Settings(database_url=str(engine.url))
    app.state.identity_node = IdentityNode(
        "urn:borderflow:node:US", load_or_create_key(tmp_path / "issuer.jwk")
    )
    app.include_router(router)
    app.dependency_overrides[current_time] = lambda: clock[0]
    return TestClient(app)


@pytest.fixture
def tokens(engine: Engine) -> dict[str, str]:
    with engine.begin() as connection:
        users = UserRepository(connection)
        return {
            role: users.add(f"{role}-1", "US", [role]).value
            for role in ("officer", "supervisor", "program_admin", "public")
        }


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


MRZ = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
]


def test_mrz_is_for_officers_only(client: TestClient, tokens: dict[str, str]) -> None:
    assert client.post("/identity/mrz", json={"lines": MRZ}).status_code == 401
    assert (
        client.post(
            "/identity/mrz", json={"lines": MRZ}, headers=_auth(tokens["public"])
        ).status_code
        == 403
    )
    reply = client.post("/identity/mrz", json={"lines": MRZ}, headers=_auth(tokens["officer"]))
    assert reply.status_code == 200
    assert reply.json()["fields"]["surname"] == "ERIKSSON" and reply.json()["valid"]


def test_one_crossing_over_http(
    client: TestClient, tokens: dict[str, str], tmp_path: Path, clock: list[dt.datetime]
) -> None:
    wallet = Wallet(tmp_path / "wallet.json")
    batch = client.post(
        "/identity/batches",
        headers=_auth(tokens["program_admin"]),
        json={
            "family_name": "SMITH",
            "given_name": "JO",
            "birthdate": "1990-01-02",
            "nationality": "USA",
            "document_number": "X1234567",
            "document_expiry": "2032-01-01",
            "programs": [{"program": "GLOBAL_ENTRY", "status": "active"}],
            "holder_keys": wallet.new_holder_keys(2),
        },
    )
    assert batch.status_code == 200, batch.text
    wallet.add(batch.json()["credentials"])
    assert (
        client.post("/identity/batches", headers=_auth(tokens["officer"]), json={}).status_code
        == 403
    )

    nonce = client.post(
        "/identity/nonces", json={"port": "2506"}, headers=_auth(tokens["officer"])
    ).json()
    copy_id, text = wallet.present(
        ["given_name", "trusted_programs"], audience=nonce["aud"], nonce=nonce["nonce"], now=NOW
    )
    body = {"port": "2506", "presentation": text}
    assert (
        client.post(
            "/identity/presentations", json=body, headers=_auth(tokens["public"])
        ).status_code
        == 403
    )
    verified = client.post("/identity/presentations", json=body, headers=_auth(tokens["officer"]))
    assert verified.status_code == 200, verified.text
    assert verified.json()["claims"] == {
        "given_name": "JO",
        "trusted_programs": [{"program": "GLOBAL_ENTRY", "status": "active"}],
    }
    replay = client.post("/identity/presentations", json=body, headers=_auth(tokens["officer"]))
    assert replay.status_code == 422
    assert replay.json()["error"]["field"] == "kb_jwt.nonce"

    # the traveler, at a public kiosk, proves the copy they used and sees the record
    kiosk_nonce = client.post(
        "/identity/nonces", json={"port": "2506"}, headers=_auth(tokens["public"])
    ).json()
    proof = wallet.prove(copy_id, audience=kiosk_nonce["aud"], nonce=kiosk_nonce["nonce"], now=NOW)
    mine = client.post(
        "/identity/my-records",
        json={"port": "2506", "proof": proof},
        headers=_auth(tokens["public"]),
    )
    assert mine.status_code == 200, mine.text
    assert [r["id"] for r in mine.json()] == [verified.json()["record_id"]]

    clock[0] = NOW + dt.timedelta(hours=25)
    assert client.post("/identity/purge", headers=_auth(tokens["officer"])).status_code == 403
    purged = client.post("/identity/purge", headers=_auth(tokens["supervisor"]))
    assert purged.json() == {"purged": 1}
    gone = client.get(
        f"/identity/records/{verified.json()['record_id']}", headers=_auth(tokens["officer"])
    )
    assert gone.status_code == 404
