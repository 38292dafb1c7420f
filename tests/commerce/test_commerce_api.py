"""The ``/commerce`` API: cards, filing as the carrier, the booth's read, the reopening queue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from commerce_helpers import StepClock, enrol, filing_json
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from borderflow.api.errors import install_error_handlers
from borderflow.api.routers import commerce
from borderflow.programs import MemberKind, ProgramService
from borderflow.settings import Settings
from borderflow.users import UserRepository

pytestmark = pytest.mark.storage


@dataclass
class Node:
    client: TestClient
    clock: StepClock
    headers: dict[str, dict[str, str]]


@pytest.fixture
def node(engine: Engine, database_url: str) -> Iterator[Node]:
    """A US node with a FAST driver, a C-TPAT carrier and importer, and a user per role;
    ``carrier`` acts for the carrier."""
    clock = StepClock()
    with engine.begin() as connection:
        programs = ProgramService(connection, clock=clock)
        enrol(programs, "US:D1234567", "Bo Driver", MemberKind.PERSON, FAST=None)
        carrier = enrol(
            programs, "US:CARRIER-1", "Lone Star Haulage", MemberKind.BUSINESS, CTPAT="2"
        )
        importer = enrol(programs, "US:IMPORTER-1", "Acme", MemberKind.BUSINESS, CTPAT="3")
        users = UserRepository(connection)
        roles = {
            "admin": ["program_admin"],
            "officer": ["officer"],
            "public": ["public"],
            "carrier": ["public"],
            "importer": ["public"],
        }
        issued = {name: users.add(name, "US", r) for name, r in roles.items()}
        programs.repository.link_user(issued["carrier"].user_id, carrier.member_id)
        programs.repository.link_user(issued["importer"].user_id, importer.member_id)
    app = FastAPI()
    install_error_handlers(app)
    app.state.engine = engine
    app.state.settings = Settings(database_url=database_url, country="US")
    app.state.clock = clock
    app.include_router(commerce.router)
    headers = {n: {"Authorization": f"Bearer {t.value}"} for n, t in issued.items()}
    with TestClient(app) as client:
        yield Node(client, clock, headers)


def issue(node: Node) -> str:
    response = node.client.post(
        "/commerce/cards", headers=node.headers["admin"], json={"driver": "US:D1234567"}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["card_number"])


def test_file_then_read_at_the_booth(node: Node) -> None:
    card = issue(node)
    filing = filing_json(card, arrival=node.clock() + dt.timedelta(hours=1))
    filed = node.client.post("/commerce/trips", headers=node.headers["carrier"], json=filing)
    assert filed.status_code == 201, filed.text
    node.clock.advance(minutes=45)
    read = node.client.post(
        "/commerce/reads",
        headers=node.headers["officer"],
        json={"card_number": card, "lane": "FAST"},
    )
    assert read.status_code == 200, read.text
    body = read.json()
    assert body["trip"]["trip_id"] == filed.json()["trip_id"]
    assert body["driver"] == "Bo Driver"
    assert body["eligibility"] == {
        "lane": "FAST",
        "country": "US",
        "ok": True,
        "failed_conditions": [],
    }
    assert body["trip"]["shipments"][0]["value"] == "12500.00"


def test_only_the_carrier_itself_files_its_trips(node: Node) -> None:
    card = issue(node)
    filing = filing_json(card, arrival=node.clock() + dt.timedelta(hours=1))
    assert (
        node.client.post(
            "/commerce/trips", headers=node.headers["importer"], json=filing
        ).status_code
        == 403
    )
    assert (
        node.client.post("/commerce/trips", headers=node.headers["public"], json=filing).status_code
        == 403
    )
    late = filing_json(card, arrival=node.clock() + dt.timedelta(minutes=10))
    refused = node.client.post("/commerce/trips", headers=node.headers["carrier"], json=late)
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "late_filing"
    assert refused.json()["error"]["field"] == "expected_arrival"


def test_booth_errors_are_clear(node: Node) -> None:
    unknown = node.client.post(
        "/commerce/reads",
        headers=node.headers["officer"],
        json={"card_number": "FFFF-FFFF-FFFF-FFFF", "lane": "FAST"},
    )
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "unknown_card"
    card = issue(node)
    none = node.client.post(
        "/commerce/reads",
        headers=node.headers["officer"],
        json={"card_number": card, "lane": "FAST"},
    )
    assert none.json()["error"]["code"] == "no_trip_filed"
    node.client.post(
        f"/commerce/cards/{card}/revoke", headers=node.headers["admin"], json={"reason": "lost"}
    )
    revoked = node.client.post(
        "/commerce/reads",
        headers=node.headers["officer"],
        json={"card_number": card, "lane": "FAST"},
    )
    assert revoked.status_code == 409
    assert revoked.json()["error"]["code"] == "card_revoked"


def test_the_public_cannot_read_cards_or_issue_them(node: Node) -> None:
    assert (
        node.client.post(
            "/commerce/reads",
            headers=node.headers["public"],
            json={"card_number": "0" * 16, "lane": "FAST"},
        ).status_code
        == 403
    )
    assert (
        node.client.post(
            "/commerce/cards", headers=node.headers["officer"], json={"driver": "US:D1234567"}
        ).status_code
        == 403
    )


def test_officers_see_the_standing_behind_a_card(node: Node) -> None:
    card = issue(node)
    seen = node.client.get(f"/commerce/cards/{card}/standing", headers=node.headers["officer"])
    assert seen.status_code == 200, seen.text
    assert seen.json()["benefits"] == ["fast_lane_driver"]
    hidden = node.client.get(f"/commerce/cards/{card}/standing", headers=node.headers["public"])
    assert hidden.status_code == 403


def test_reopening_queue(node: Node) -> None:
    card = issue(node)
    filing = filing_json(card, arrival=node.clock() + dt.timedelta(hours=1))
    node.client.post("/commerce/trips", headers=node.headers["carrier"], json=filing)
    queue = node.client.post(
        "/commerce/reopening-queue",
        headers=node.headers["officer"],
        json={"trucks": [{"card_number": card, "arrived_at": "2026-03-02T14:00:00Z"}]},
    )
    assert queue.status_code == 200, queue.text
    assert queue.json()[0]["reopening_rank"] == 2
    assert queue.json()[0]["carrier"] == "US:CARRIER-1"
