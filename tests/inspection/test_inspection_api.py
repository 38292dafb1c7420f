"""The inspection router on a real, migrated database (SQLite, and PostgreSQL in CI)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from arrivals import crossing_body
from borderflow.audit import AuditEntry, AuditLog
from borderflow.inspection import policy_named
from borderflow.inspection.policy_service import PolicyService
from borderflow.ledger import LedgerService
from borderflow.users import DeputationRepository, DeputationRequest, UserRepository
from enrolment import StepClock

pytestmark = pytest.mark.storage

PACIFIC = dt.timezone(dt.timedelta(hours=-8))


@pytest.fixture(autouse=True)
def policies(engine: Engine, clock: StepClock) -> None:
    """San Ysidro (2504) and Otay Mesa (2506) decide under ``cbm`` without random checks."""
    with engine.begin() as connection:
        service = PolicyService(connection, country="US", now=clock)
        for port in ("2504", "2506"):
            service.set(port, policy_named("cbm", random_check_rate=0.0), set_by="user:0:setup")


def after_setup(entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """The audit entries after the fixture's policy settings."""
    return [e for e in entries if e.action != "inspection.policy_set"]


@pytest.fixture
def headers(engine: Engine) -> dict[str, dict[str, str]]:
    """Authorization headers of a US officer, a Mexican officer and users of other roles."""
    with engine.begin() as connection:
        users = UserRepository(connection)
        made = {
            "officer": users.add("ana", "US", ["officer"]),
            "mexican": users.add("luis", "MX", ["officer"]),
            "supervisor": users.add("sue", "US", ["supervisor"]),
            "public": users.add("pat", "US", ["public"]),
            "observer": users.add("olga", "US", ["observer"]),
            "targeter": users.add("tim", "US", ["targeter"]),
            "program_admin": users.add("pam", "US", ["program_admin"]),
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
        entries = after_setup(AuditLog(connection).entries())
    assert [e.action for e in entries] == ["inspection.decision"]
    assert entries[0].details["outcome"] == "refer"
    assert entries[0].subject == "arrival:a-100"


def test_secondary_outcome_is_recorded(
    client: TestClient, headers: dict[str, dict[str, str]], engine: Engine
) -> None:
    body = arrival(risk={"score": 0.995, "reasons": ["route"]})
    assert client.post("/inspection/decisions", json=body, headers=headers["officer"]).is_success
    response = client.post(
        "/inspection/outcomes",
        headers=headers["supervisor"],
        json={"arrival_id": "a-100", "found": True, "what": "cash"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["selected_by"] == "model"
    unknown = client.post(
        "/inspection/outcomes",
        headers=headers["officer"],
        json={"arrival_id": "a-404", "found": False},
    )
    assert unknown.status_code == 404 and unknown.json()["error"]["field"] == "arrival_id"
    with engine.connect() as connection:
        entry = list(AuditLog(connection).entries())[-1]
    assert entry.action == "inspection.secondary_outcome"
    assert entry.actor.endswith(":sue")
    assert entry.details["found"] is True and entry.details["what"] == "cash"
    shown = client.get("/inspection/decisions/a-100", headers=headers["officer"]).json()
    assert shown["secondary"]["found"] is True and shown["secondary"]["officer"].endswith(":sue")


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


def crossing(crossing_id: str = "c-1", **changes: Any) -> dict[str, Any]:
    return {**crossing_body(crossing_id), **changes}


def test_a_decision_is_recorded_with_its_crossing_and_found_again(
    client: TestClient, headers: dict[str, dict[str, str]], engine: Engine
) -> None:
    officer = headers["officer"]
    response = client.post(
        "/inspection/decisions", json=arrival(crossing=crossing()), headers=officer
    )
    assert response.status_code == 201, response.text
    decided = response.json()
    assert (decided["crossing_id"], decided["local_day"], decided["outcome"]) == (
        "c-1",
        "2025-03-10",
        "release",
    )
    with engine.connect() as connection:
        recorded = LedgerService(connection).repository.crossing("c-1")
    assert recorded is not None and recorded.recorded_by.endswith(":ana")
    day = client.get(
        "/inspection/decisions", params={"port": "San Ysidro", "day": "2025-03-10"}, headers=officer
    )
    other_day = client.get(
        "/inspection/decisions", params={"port": "2504", "day": "2025-03-11"}, headers=officer
    )
    document = {"issuing_country": "MX", "document_number": "G123"}
    history = client.post("/inspection/history", json=document, headers=officer)
    assert [d["arrival_id"] for d in day.json()] == ["a-100"]
    assert other_day.json() == []
    assert history.json()["decisions"] == [decided]
    with engine.connect() as connection:
        actions = [e.action for e in after_setup(AuditLog(connection).entries())]
    assert actions == [
        "inspection.decision",
        "inspection.read.port_day",
        "inspection.read.port_day",
        "inspection.read.history",
    ]


def test_a_crossing_of_another_arrival_is_refused(
    client: TestClient, headers: dict[str, dict[str, str]], engine: Engine
) -> None:
    body = arrival(crossing=crossing(port="2506", mode="pedestrian"))
    response = client.post("/inspection/decisions", json=body, headers=headers["officer"])
    assert response.status_code == 422
    fields = {p["field"] for p in response.json()["error"]["problems"]}
    assert fields == {"crossing.port", "crossing.mode"}
    with engine.connect() as connection:
        assert LedgerService(connection).repository.count() == 0
        assert after_setup(AuditLog(connection).entries()) == []


def test_a_deputised_officer_acts_for_the_partner_until_expiry_or_revocation(
    client: TestClient, headers: dict[str, dict[str, str]], engine: Engine, clock: StepClock
) -> None:
    march = DeputationRequest(
        "US", "San Ysidro", "cbp:port-director", dt.date(2025, 3, 1), dt.date(2025, 3, 31)
    )
    with engine.begin() as connection:
        granted = DeputationRepository(connection).grant("luis", march)
    mexican = headers["mexican"]
    response = client.post("/inspection/decisions", json=arrival(), headers=mexican)
    assert response.status_code == 201, response.text
    assert (response.json()["authority"], response.json()["officer"][-5:]) == ("US", ":luis")
    elsewhere = client.post(
        "/inspection/decisions", json=arrival(arrival_id="a-2", port="2506"), headers=mexican
    )
    assert elsewhere.status_code == 403
    clock.now = dt.datetime(2025, 4, 1, 18, 0, tzinfo=dt.UTC)
    expired = client.post("/inspection/decisions", json=arrival(arrival_id="a-3"), headers=mexican)
    assert expired.status_code == 403 and expired.json()["error"]["field"] == "officer"
    clock.now = dt.datetime(2025, 3, 20, 18, 0, tzinfo=dt.UTC)
    assert client.post(
        "/inspection/decisions", json=arrival(arrival_id="a-4"), headers=mexican
    ).is_success
    with engine.begin() as connection:
        DeputationRepository(connection, now=clock).revoke(
            granted.deputation_id, revoked_by="cbp:port-director"
        )
    clock.now += dt.timedelta(minutes=1)
    revoked = client.post("/inspection/decisions", json=arrival(arrival_id="a-5"), headers=mexican)
    assert revoked.status_code == 403 and revoked.json()["error"]["field"] == "officer"


@pytest.mark.parametrize("role", ["public", "observer", "targeter", "program_admin"])
def test_only_officers_and_supervisors_see_decisions(
    client: TestClient, headers: dict[str, dict[str, str]], role: str
) -> None:
    assert client.post(
        "/inspection/decisions", json=arrival(), headers=headers["officer"]
    ).is_success
    caller = headers[role]
    document = {"issuing_country": "MX", "document_number": "G123"}
    replies = [
        client.post("/inspection/decisions", json=arrival(arrival_id="x"), headers=caller),
        client.get(
            "/inspection/decisions", params={"port": "2504", "day": "2025-03-10"}, headers=caller
        ),
        client.get("/inspection/decisions/a-100", headers=caller),
        client.post("/inspection/history", json=document, headers=caller),
        client.post(
            "/inspection/outcomes", json={"arrival_id": "a-100", "found": False}, headers=caller
        ),
    ]
    assert [r.status_code for r in replies] == [403] * 5
    supervisor = client.get("/inspection/decisions/a-100", headers=headers["supervisor"])
    assert supervisor.status_code == 200
