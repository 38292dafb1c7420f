"""The ``/programs`` API: roles, each country's own vetting, partners, registry, status."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from programs_helpers import StepClock
from sqlalchemy import Engine

from borderflow.api.errors import install_error_handlers
from borderflow.api.routers import programs
from borderflow.settings import Settings
from borderflow.users import UserRepository

pytestmark = pytest.mark.storage


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    app = FastAPI()
    install_error_handlers(app)
    app.state.engine = engine
    app.state.settings = Settings(database_url=database_url, country="US")
    app.state.clock = StepClock()
    app.include_router(programs.router)
    with TestClient(app) as client:
        yield client


@pytest.fixture
def tokens(engine: Engine) -> dict[str, str]:
    """One user per role that the tests act as (their country in the name)."""
    users = {
        "admin_us": ("US", ["program_admin"]),
        "admin_ca": ("CA", ["program_admin"]),
        "admin_mx": ("MX", ["program_admin"]),
        "officer_us": ("US", ["officer"]),
        "public": ("US", ["public"]),
        "trader": ("US", ["public"]),
        "stranger": ("US", ["public"]),
    }
    with engine.begin() as connection:
        repository = UserRepository(connection)
        return {name: repository.add(name, c, roles).value for name, (c, roles) in users.items()}


def auth(tokens: dict[str, str], who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens[who]}"}


def add_member(client: TestClient, tokens: dict[str, str], kind: str, name: str, ref: str) -> int:
    response = client.post(
        "/programs/members",
        headers=auth(tokens, "admin_us"),
        json={"kind": kind, "name": name, "member": ref},
    )
    assert response.status_code == 201, response.text
    return int(response.json()["member_id"])


def activate(
    client: TestClient,
    tokens: dict[str, str],
    member_id: int,
    program: str,
    tier: str | None = None,
) -> int:
    response = client.post(
        "/programs/applications",
        headers=auth(tokens, "admin_us"),
        json={"member_id": member_id, "programs": [{"program": program, "tier": tier}]},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    membership_id = int(body["memberships"][0]["membership_id"])
    for request in body["vetting_requests"]:
        who = f"admin_{request['country'].lower()}"
        done = client.post(
            f"/programs/memberships/{membership_id}/vetting",
            headers=auth(tokens, who),
            json={"result": "cleared", "reference": "case-1"},
        )
        assert done.status_code == 200, done.text
    return membership_id


def test_each_country_records_only_its_own_vetting(
    client: TestClient, tokens: dict[str, str]
) -> None:
    member_id = add_member(client, tokens, "person", "Bo Driver", "US:D1234567")
    applied = client.post(
        "/programs/applications",
        headers=auth(tokens, "admin_us"),
        json={"member_id": member_id, "programs": [{"program": "FAST"}]},
    )
    membership_id = applied.json()["memberships"][0]["membership_id"]
    assert [r["country"] for r in applied.json()["vetting_requests"]] == ["CA", "US"]
    us = client.post(
        f"/programs/memberships/{membership_id}/vetting",
        headers=auth(tokens, "admin_us"),
        json={"result": "cleared", "reference": "u"},
    )
    assert us.json()["status"] == "applied"
    again = client.post(
        f"/programs/memberships/{membership_id}/vetting",
        headers=auth(tokens, "admin_us"),
        json={"result": "denied", "reference": "u"},
    )
    assert again.status_code == 409
    ca = client.post(
        f"/programs/memberships/{membership_id}/vetting",
        headers=auth(tokens, "admin_ca"),
        json={"result": "cleared", "reference": "c"},
    )
    assert ca.json()["status"] == "active"
    assert {v["country"] for v in ca.json()["vetting"]} == {"CA", "US"}


def test_status_changes_need_the_admin_role(client: TestClient, tokens: dict[str, str]) -> None:
    member_id = add_member(client, tokens, "person", "Ada", "CA:AB123456")
    membership_id = activate(client, tokens, member_id, "NEXUS")
    body = {"action": "suspend", "reason": "inquiry"}
    refused = client.post(
        f"/programs/memberships/{membership_id}/status",
        headers=auth(tokens, "officer_us"),
        json=body,
    )
    assert refused.status_code == 403
    done = client.post(
        f"/programs/memberships/{membership_id}/status", headers=auth(tokens, "admin_us"), json=body
    )
    assert done.json()["status"] == "suspended"
    unknown = client.post(
        f"/programs/memberships/{membership_id}/status",
        headers=auth(tokens, "admin_us"),
        json={"action": "pause", "reason": "x"},
    )
    assert unknown.status_code == 422
    assert unknown.json()["error"]["field"] == "action"


def test_officers_look_up_status_and_the_public_cannot(
    client: TestClient, tokens: dict[str, str]
) -> None:
    member_id = add_member(client, tokens, "business", "Maple Freight", "CA:BN-100")
    activate(client, tokens, member_id, "PIP")
    seen = client.get(
        "/programs/status", params={"member": "CA:BN-100"}, headers=auth(tokens, "officer_us")
    )
    assert seen.status_code == 200
    assert seen.json()["country"] == "US"
    assert seen.json()["benefits"] == ["fast_lane_trader", "reduced_inspection"]
    assert (
        client.get(
            "/programs/status", params={"member": "CA:BN-100"}, headers=auth(tokens, "public")
        ).status_code
        == 403
    )
    assert client.get("/programs/status", params={"member": "CA:BN-100"}).status_code == 401
    bad = client.get(
        "/programs/status", params={"member": "BN-100"}, headers=auth(tokens, "officer_us")
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "member"


def test_a_trader_sees_its_declared_partners_only(
    client: TestClient, tokens: dict[str, str], engine: Engine
) -> None:
    importer = add_member(client, tokens, "business", "Acme Imports", "US:12-3456789")
    activate(client, tokens, importer, "CTPAT", "3")
    carrier = add_member(client, tokens, "business", "Maple Freight", "CA:BN-100")
    activate(client, tokens, carrier, "PIP")
    other = add_member(client, tokens, "business", "Someone Else", "MX:OEA-9")
    activate(client, tokens, other, "OEA")
    with engine.connect() as connection:
        trader_id = UserRepository(connection)._find("trader").user_id  # type: ignore[union-attr]
    linked = client.post(
        f"/programs/members/{importer}/users",
        headers=auth(tokens, "admin_us"),
        json={"user_id": trader_id},
    )
    assert linked.status_code == 204
    declared = client.post(
        "/programs/partners", headers=auth(tokens, "trader"), json={"partner": "CA:BN-100"}
    )
    assert declared.status_code == 201
    seen = client.get("/programs/partners", headers=auth(tokens, "trader")).json()
    assert seen == [
        {
            "member": "CA:BN-100",
            "name": "Maple Freight",
            "programs": [{"program": "PIP", "tier": "member", "standing": "in_good_standing"}],
        }
    ]
    assert client.get("/programs/partners", headers=auth(tokens, "stranger")).status_code == 403


def test_the_public_reads_the_catalog_and_published_registries(
    client: TestClient, tokens: dict[str, str]
) -> None:
    member_id = add_member(client, tokens, "business", "Exportadora", "MX:OEA-001")
    activate(client, tokens, member_id, "OEA")
    catalog = client.get("/programs/catalog", headers=auth(tokens, "public")).json()
    assert {p["code"] for p in catalog["programs"]} >= {"NEXUS", "FAST", "CTPAT", "OEA"}
    registry = client.get("/programs/registry/OEA", headers=auth(tokens, "public"))
    assert registry.json()[0]["programs"][0]["standing"] == "in_good_standing"
    assert client.get("/programs/registry/CTPAT", headers=auth(tokens, "public")).status_code == 403
    assert client.get("/programs/memberships/1", headers=auth(tokens, "public")).status_code == 403
