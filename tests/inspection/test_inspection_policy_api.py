"""A port's policy over HTTP: supervisors set it, the live decision applies it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from borderflow.users import UserRepository
from enrolment import StepClock

pytestmark = pytest.mark.storage

Headers = dict[str, dict[str, str]]


@pytest.fixture
def headers(engine: Engine) -> Headers:
    with engine.begin() as connection:
        users = UserRepository(connection)
        made = {
            role: users.add(f"{role}-user", "US", [role])
            for role in ("officer", "supervisor", "public", "observer", "targeter", "program_admin")
        }
    return {name: {"Authorization": f"Bearer {t.value}"} for name, t in made.items()}


def policy(**changes: Any) -> dict[str, Any]:
    return {"kind": "cbm", "random_check_rate": 0.0, "secondary_capacity": 12, **changes}


def arrival(arrival_id: str = "a-1", **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "arrival_id": arrival_id,
        "port": "San Ysidro",
        "mode": "personal_vehicle",
        "lane": "general",
        "identity": {"verified": True, "nationality": "MX"},
    }
    return {**body, **changes}


def test_a_supervisor_sets_versions_and_decisions_record_theirs(
    client: TestClient, headers: Headers, clock: StepClock
) -> None:
    supervisor, officer = headers["supervisor"], headers["officer"]
    first = client.put("/inspection/ports/San Ysidro/policy", json=policy(), headers=supervisor)
    assert first.status_code == 201, first.text
    assert first.json()["port"] == "2504" and first.json()["status"] == "in_force"
    assert first.json()["set_by"].endswith(":supervisor-user")
    later = "2025-03-10T12:00:00-07:00"
    legacy = policy(kind="legacy", secondary_capacity=4, effective_from=later)
    second = client.put("/inspection/ports/2504/policy", json=legacy, headers=supervisor)
    assert second.json()["status"] == "scheduled", second.text
    before = client.post("/inspection/decisions", json=arrival("a-1"), headers=officer).json()
    clock.now += dt.timedelta(hours=2)
    after = client.post("/inspection/decisions", json=arrival("a-2"), headers=officer).json()
    assert (before["policy"], before["policy_version"], before["primary_interview"]) == (
        "cbm",
        first.json()["version"],
        False,
    )
    assert (after["policy"], after["policy_version"], after["primary_interview"]) == (
        "legacy",
        second.json()["version"],
        True,
    )
    history = client.get("/inspection/ports/2504/policy/history", headers=officer).json()
    assert [(v["version"], v["status"]) for v in history] == [
        (first.json()["version"], "superseded"),
        (second.json()["version"], "in_force"),
    ]
    assert history[0]["secondary_capacity"] == 12
    shown = client.get("/inspection/ports/2504/policy", headers=officer).json()
    assert shown["current"]["kind"] == "legacy" and shown["scheduled"] == []
    assert shown["open_referrals"] == 0


def test_only_supervisors_set_and_only_port_staff_read(
    client: TestClient, headers: Headers
) -> None:
    put = client.put("/inspection/ports/2504/policy", json=policy(), headers=headers["officer"])
    assert put.status_code == 403
    assert client.put("/inspection/ports/2504/policy", json=policy()).status_code == 401
    set_once = client.put(
        "/inspection/ports/2504/policy", json=policy(), headers=headers["supervisor"]
    )
    assert set_once.is_success
    for role in ("public", "observer", "targeter", "program_admin"):
        for path in ("/inspection/ports/2504/policy", "/inspection/ports/2504/policy/history"):
            refused = client.get(path, headers=headers[role])
            assert refused.status_code == 403, (role, path)
            assert "random_check_rate" not in refused.text
        assert (
            client.put(
                "/inspection/ports/2504/policy", json=policy(), headers=headers[role]
            ).status_code
            == 403
        )
    for role in ("officer", "supervisor"):
        shown = client.get("/inspection/ports/2504/policy", headers=headers[role])
        assert shown.json()["current"]["random_check_rate"] == 0.0


@pytest.mark.parametrize(
    ("port", "body", "status", "field"),
    [
        ("Atlantis", policy(), 404, "port"),
        ("MXGT01", policy(), 422, "port"),
        ("San Diego", policy(), 422, "port"),
        ("2504", policy(random_check_rate=1.2), 422, "random_check_rate"),
        ("2504", policy(secondary_capacity=-1), 422, "secondary_capacity"),
        ("2504", policy(kind="lenient"), 422, "kind"),
        ("2504", policy(screening_hold_threshold=0.5), 422, "screening_hold_threshold"),
        ("2504", policy(effective_from="2025-03-01T00:00:00Z"), 422, "effective_from"),
        ("2504", policy(effective_from="2025-04-01T06:00:00"), 422, "effective_from"),
        ("2504", policy(random_rate=0.1), 422, "random_rate"),
    ],
)
def test_bad_policies_name_the_field(
    client: TestClient, headers: Headers, port: str, body: dict[str, Any], status: int, field: str
) -> None:
    response = client.put(
        f"/inspection/ports/{port}/policy", json=body, headers=headers["supervisor"]
    )
    assert response.status_code == status, response.text
    assert response.json()["error"]["field"] == field
    if port == "Atlantis":
        assert "Atlantis" in response.json()["error"]["message"]


def test_no_policy_no_decision_and_a_request_cannot_choose_one(
    client: TestClient, headers: Headers
) -> None:
    officer = headers["officer"]
    refused = client.post("/inspection/decisions", json=arrival(), headers=officer)
    assert refused.status_code == 409
    assert refused.json()["error"]["field"] == "port"
    assert "PUT /inspection/ports/2504/policy" in refused.json()["error"]["message"]
    assert client.put(
        "/inspection/ports/2504/policy", json=policy(), headers=headers["supervisor"]
    ).is_success
    for field, value, message in (
        ("policy", "legacy", "the port's policy in force applies"),
        ("secondary_in_use", 0, "the node counts the port's open referrals"),
    ):
        chosen = client.post(
            "/inspection/decisions", json={**arrival(), field: value}, headers=officer
        )
        assert chosen.status_code == 422
        assert chosen.json()["error"]["field"] == field
        assert message in chosen.json()["error"]["message"]
    assert client.post("/inspection/decisions", json=arrival(), headers=officer).is_success


def one_bay_port(client: TestClient, headers: Headers) -> Callable[[str], dict[str, Any]]:
    """Port 2504 with one secondary bay and every release checked; returns a function
    that records an ordinary arrival's decision there (201) and gives it back."""
    one_bay = policy(random_check_rate=1.0, secondary_capacity=1)
    put = client.put("/inspection/ports/2504/policy", json=one_bay, headers=headers["supervisor"])
    assert put.is_success

    def decide(arrival_id: str) -> dict[str, Any]:
        response = client.post(
            "/inspection/decisions", json=arrival(arrival_id), headers=headers["officer"]
        )
        assert response.status_code == 201, response.text
        return dict(response.json())

    return decide


def test_a_full_secondary_frees_a_bay_when_a_result_is_reported(
    client: TestClient, headers: Headers
) -> None:
    officer = headers["officer"]
    decide = one_bay_port(client, headers)
    checked, skipped = decide("a-1"), decide("a-2")
    assert (checked["outcome"], checked["referred_by"]) == ("refer", ["random"])
    assert (skipped["outcome"], skipped["secondary_in_use"]) == ("release", 1)
    assert "random check skipped: secondary at capacity" in skipped["reasons"]
    shown = client.get("/inspection/ports/2504/policy", headers=officer).json()
    assert shown["open_referrals"] == 1
    reported = client.post(
        "/inspection/outcomes", json={"arrival_id": "a-1", "found": False}, headers=officer
    )
    assert reported.is_success
    again = decide("a-3")
    assert (again["outcome"], again["secondary_in_use"]) == ("refer", 0)


def test_the_nodes_referral_expiry_frees_a_bay_whose_result_never_came(
    client: TestClient, headers: Headers, clock: StepClock
) -> None:
    """``BORDERFLOW_INSPECTION_REFERRAL_EXPIRY_MINUTES``: here 30 minutes."""
    app = client.app
    assert isinstance(app, FastAPI)
    app.state.settings = app.state.settings.model_copy(
        update={"inspection_referral_expiry_minutes": 30}
    )
    decide = one_bay_port(client, headers)

    def outcome(arrival_id: str) -> tuple[str, int]:
        decided = decide(arrival_id)
        return decided["outcome"], decided["secondary_in_use"]

    assert outcome("a-1") == ("refer", 0)
    assert outcome("a-2") == ("release", 1)
    clock.now += dt.timedelta(minutes=31)
    assert outcome("a-3") == ("refer", 0)
    shown = client.get("/inspection/ports/2504/policy", headers=headers["officer"]).json()
    assert (shown["open_referrals"], shown["stale_referrals"]) == (1, 1)
