"""``/targeting`` over HTTP: roles, scoring with reasons, selection, outcomes, registry."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from borderflow.api.errors import install_error_handlers
from borderflow.api.routers import targeting
from borderflow.cli.output import to_jsonable
from borderflow.settings import Settings
from borderflow.targeting import Declaration, public_key_pem
from borderflow.targeting.repository import TargetingRepository
from borderflow.targeting.service import publish_model, register_artifact
from borderflow.users import Role, UserRepository

pytestmark = pytest.mark.storage


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    app = FastAPI()
    install_error_handlers(app)
    app.state.engine = engine
    app.state.settings = Settings(database_url=database_url, country="MX")
    app.include_router(targeting.router)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def auth(engine: Engine) -> dict[str, dict[str, str]]:
    """Headers of a Mexican user per role."""
    headers = {}
    with engine.begin() as connection:
        users = UserRepository(connection)
        for role in Role:
            token = users.add(f"{role.value}-mx", "MX", [role]).value
            headers[role.value] = {"Authorization": f"Bearer {token}"}
    return headers


@pytest.fixture
def champion(
    engine: Engine, tmp_path: Path, small_model, node_key: Ed25519PrivateKey, customs
) -> str:
    publish_model(
        small_model,
        directory=tmp_path / "m1",
        key=node_key,
        version="m1",
        country="MX",
        training=customs["valid"],
        source="valid",
    )
    with engine.begin() as connection:
        register_artifact(connection, tmp_path / "m1", public_key_pem(node_key))
        TargetingRepository(connection).promote("m1", actor="test", reason={})
    return "m1"


def _body(declarations: list[Declaration]) -> list[dict[str, Any]]:
    fields = [
        f.name for f in dataclasses.fields(Declaration) if f.name not in ("fraud", "critical")
    ]
    return [{f: to_jsonable(getattr(d, f)) for f in fields} for d in declarations]


def test_roles_guard_every_endpoint(client: TestClient, auth: dict, champion: str, customs) -> None:
    body = {"declarations": _body(customs["test"][:3])}
    assert client.post("/targeting/score", json=body).status_code == 401
    for role in ("public", "observer", "program_admin"):
        assert client.post("/targeting/score", json=body, headers=auth[role]).status_code == 403
    outcome = {"declaration_id": "x", "fraud": True}
    assert (
        client.post("/targeting/outcomes", json=outcome, headers=auth["targeter"]).status_code
        == 403
    )
    assert client.get("/targeting/models", headers=auth["public"]).status_code == 403
    assert client.get("/targeting/models", headers=auth["observer"]).status_code == 200
    assert client.post("/targeting/models/m1/promote", headers=auth["officer"]).status_code == 403


def test_score_and_select_with_a_stored_rule_set(
    client: TestClient, auth: dict, champion: str, customs
) -> None:
    sample = customs["test"][:200]
    stored = client.post(
        "/targeting/declarations", json={"declarations": _body(sample)}, headers=auth["targeter"]
    )
    assert stored.status_code == 201 and stored.json() == {"stored": 200}
    target = sample[5]
    rules = {
        "name": "joint",
        "version": 1,
        "owner": "MX",
        "parties": ["MX"],
        "approvals": ["MX"],
        "state": "approved",
        "rules": [
            {
                "id": "one-importer",
                "owner": "MX",
                "version": 1,
                "state": "approved",
                "all": [{"field": "declaration_id", "op": "eq", "value": target.declaration_id}],
            }
        ],
    }
    assert (
        client.post("/targeting/rule-sets", json=rules, headers=auth["targeter"]).status_code == 201
    )
    ids = [d.declaration_id for d in sample]
    scored = client.post(
        "/targeting/score",
        json={"declaration_ids": ids[:10], "rule_set": "joint"},
        headers=auth["officer"],
    )
    assert scored.status_code == 200
    scores = {s["declaration_id"]: s for s in scored.json()["scores"]}
    assert scores[target.declaration_id]["score"] == 1.0
    assert scores[target.declaration_id]["reasons"][0]["kind"] == "rule"
    other = scores[ids[0]]
    assert 0 <= other["score"] < 1 and other["reasons"][0]["kind"] == "model"
    picked = client.post(
        "/targeting/select",
        json={
            "declaration_ids": ids,
            "rule_set": "joint",
            "rate": 0.1,
            "random_share": 0.2,
            "seed": 4,
        },
        headers=auth["supervisor"],
    )
    selections = picked.json()["selections"]
    assert len(selections) == 20
    reasons = [s["reason"] for s in selections]
    assert reasons.count("rule") == 1 and reasons.count("random") == 4
    assert {"declaration_id": target.declaration_id, "reason": "rule", "score": 1.0} in selections


def test_outcomes_are_recorded_once(client: TestClient, auth: dict, customs) -> None:
    sample = customs["test"][:2]
    client.post(
        "/targeting/declarations", json={"declarations": _body(sample)}, headers=auth["targeter"]
    )
    outcome = {"declaration_id": sample[0].declaration_id, "fraud": True, "critical": False}
    first = client.post("/targeting/outcomes", json=outcome, headers=auth["officer"])
    assert first.status_code == 201
    again = client.post("/targeting/outcomes", json=outcome, headers=auth["supervisor"])
    assert again.status_code == 409
    missing = client.post(
        "/targeting/outcomes", json={**outcome, "declaration_id": "nope"}, headers=auth["officer"]
    )
    assert missing.status_code == 404
    assert missing.json()["error"]["field"] == "declaration_id"


def test_bad_input_names_the_field(client: TestClient, auth: dict, champion: str, customs) -> None:
    body = _body(customs["test"][:1])
    body[0]["hs_code"] = "12"
    response = client.post("/targeting/score", json={"declarations": body}, headers=auth["officer"])
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "declarations.0.hs_code"
    empty = client.post("/targeting/score", json={}, headers=auth["officer"])
    assert empty.status_code == 422


def test_no_champion_is_a_clear_404(client: TestClient, auth: dict, customs) -> None:
    response = client.post(
        "/targeting/score",
        json={"declarations": _body(customs["test"][:1])},
        headers=auth["officer"],
    )
    assert response.status_code == 404
    assert response.json()["error"]["field"] == "model"
