"""The inspection router on a real, migrated database (SQLite, and PostgreSQL in CI)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from borderflow.api.errors import install_error_handlers
from borderflow.api.routers.inspection import router
from borderflow.audit import AuditLog
from borderflow.settings import Settings
from borderflow.users import UserRepository

pytestmark = pytest.mark.storage


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    app = FastAPI()
    install_error_handlers(app)
    app.state.engine = engine
    app.state.settings = Settings(database_url=database_url, country="US")
    app.include_router(router)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def headers(engine: Engine) -> dict[str, dict[str, str]]:
    """Authorization headers of a US officer, a Mexican officer and a public user."""
    with engine.begin() as connection:
        users = UserRepository(connection)
        made = {
            "officer": users.add("ana", "US", ["officer"]),
            "mexican": users.add("luis", "MX", ["officer"]),
            "public": users.add("pat", "US", ["public"]),
        }
    return {name: {"Authorization": f"Bearer {t.value}"} for name, t in made.items()}


def arrival(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "arrival_id": "a-100",
        "port": "San Ysidro",
        "mode": "personal_vehicle",
        "lane": "general",
        "identity": {"verified": True, "nationality": "MX"},
    }
    return {**body, **changes}


def test_officer_decision_is_explained_and_audited(
    client: TestClient, headers: dict[str, dict[str, str]], engine: Engine
) -> None:
    body = arrival(risk={"score": 0.995, "reasons": ["route"]})
    response = client.post("/inspection/decisions", json=body, headers=headers["officer"])
    assert response.status_code == 201, response.text
    decision = response.json()
    assert decision["outcome"] == "refer"
    assert decision["authority"] == "US"
    assert decision["officer"].endswith(":ana")
    assert decision["reasons"][0].startswith("targeting: risk")
    with engine.connect() as connection:
        entries = list(AuditLog(connection).entries())
    assert [e.action for e in entries] == ["inspection.decision"]
    assert entries[0].details["outcome"] == "refer"
    assert entries[0].subject == "arrival:a-100"


def test_secondary_outcome_is_recorded(
    client: TestClient, headers: dict[str, dict[str, str]], engine: Engine
) -> None:
    response = client.post(
        "/inspection/outcomes",
        headers=headers["officer"],
        json={"arrival_id": "a-100", "found": True, "what": "cash"},
    )
    assert response.status_code == 201
    with engine.connect() as connection:
        (entry,) = AuditLog(connection).entries()
    assert entry.action == "inspection.secondary_outcome"
    assert entry.details == {"found": True, "what": "cash"}


def test_public_may_not_decide(client: TestClient, headers: dict[str, dict[str, str]]) -> None:
    response = client.post("/inspection/decisions", json=arrival(), headers=headers["public"])
    assert response.status_code == 403
    assert client.post("/inspection/decisions", json=arrival()).status_code == 401


def test_officer_without_authority_is_refused(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    response = client.post("/inspection/decisions", json=arrival(), headers=headers["mexican"])
    assert response.status_code == 403
    assert response.json()["error"]["field"] == "officer"


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"port": "Atlantis"}, 404, "port"),
        ({"port": "MXGT01"}, 422, "port"),
        ({"risk": {"score": 1.5}}, 422, "risk.score"),
        ({"lane": "express"}, 422, "lane"),
    ],
)
def test_bad_input_names_the_field(
    client: TestClient,
    headers: dict[str, dict[str, str]],
    change: dict[str, Any],
    status: int,
    field: str,
) -> None:
    response = client.post(
        "/inspection/decisions", json=arrival(**change), headers=headers["officer"]
    )
    assert response.status_code == status
    assert response.json()["error"]["field"] == field
