"""The ``/screening`` router on a real database, with real users and tokens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from borderflow.api.errors import install_error_handlers
from borderflow.api.routers import screening
from borderflow.federation.events import ListedPerson, WatchlistChanged
from borderflow.federation.inbound import Peer
from borderflow.screening.loaders import load_un_consolidated
from borderflow.screening.partners import WatchlistApplier
from borderflow.screening.screener import DEFAULT_THRESHOLD
from borderflow.screening.workflow import store_list_version
from borderflow.settings import Settings
from borderflow.users import UserRepository

pytestmark = pytest.mark.storage


@pytest.fixture
def client(engine: Engine, watchlists: Path) -> Iterator[TestClient]:
    with engine.begin() as connection:
        store_list_version(
            connection,
            load_un_consolidated(watchlists / "un" / "un_sc_consolidated_2026-02-27.xml"),
            actor="test",
        )
    app = FastAPI()
    install_error_handlers(app)
    app.state.engine = engine
    app.state.settings = Settings()
    app.include_router(screening.router)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def tokens(engine: Engine) -> dict[str, str]:
    with engine.begin() as connection:
        users = UserRepository(connection)
        return {
            "officer": users.add("ofc", "MX", ["officer"]).value,
            "supervisor": users.add("sup", "US", ["supervisor"]).value,
            "public": users.add("pub", "US", ["public"]).value,
            "observer": users.add("obs", "GT", ["observer"]).value,
        }


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_screen_explains_matches_and_refuses_the_public(
    client: TestClient, tokens: dict[str, str]
) -> None:
    body = {"name": "صدام حسين التكريتي", "dob": "1937", "nationality": "Iraq"}
    response = client.post("/screening/screen", json=body, headers=_auth(tokens["officer"]))
    assert response.status_code == 200
    top = response.json()["matches"][0]
    assert top["entry_key"] == "un_sc:6908048" and top["alert"] is True
    assert any("nationality IQ matches" in line for line in top["explanation"])
    for role in ("public", "observer"):
        refused = client.post("/screening/screen", json=body, headers=_auth(tokens[role]))
        assert refused.status_code == 403
    assert client.post("/screening/screen", json=body).status_code == 401
    bad = client.post(
        "/screening/screen",
        json={"name": "x", "dob": "yesterday"},
        headers=_auth(tokens["officer"]),
    )
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "dob"


def test_lists_are_visible_to_observers_not_the_public(
    client: TestClient, tokens: dict[str, str]
) -> None:
    seen = client.get("/screening/lists", headers=_auth(tokens["observer"]))
    assert seen.status_code == 200
    assert seen.json()["in_force"]["un_sc"] == 1003
    assert client.get("/screening/lists", headers=_auth(tokens["public"])).status_code == 403


def test_tco_nomination_review_and_redress(client: TestClient, tokens: dict[str, str]) -> None:
    officer, supervisor = _auth(tokens["officer"]), _auth(tokens["supervisor"])
    nominated = client.post(
        "/screening/tco/nominations",
        headers=officer,
        json={
            "names": ["Ovidio Guzman Lopez"],
            "dob": "1990-03-29",
            "nationality": "MX",
            "organization": "Sinaloa Cartel",
            "basis": "indictment 2023",
        },
    )
    assert nominated.status_code == 201
    assert nominated.json()["event"]["kind"] == "screening.tco.nominated"
    nomination_id = nominated.json()["nomination"]["nomination_id"]
    assert (
        client.post("/screening/screen", json={"name": "Ovidio Guzman"}, headers=officer).json()[
            "matches"
        ]
        == []
    )
    assert (
        client.post(
            f"/screening/tco/nominations/{nomination_id}/review",
            headers=officer,
            json={"accept": True, "reason": "ok"},
        ).status_code
        == 403
    )
    reviewed = client.post(
        f"/screening/tco/nominations/{nomination_id}/review",
        headers=supervisor,
        json={"accept": True, "reason": "corroborated"},
    )
    assert reviewed.json()["nomination"]["status"] == "accepted"
    hit = client.post("/screening/screen", json={"name": "Ovidio Guzman Lopez"}, headers=officer)
    assert hit.json()["matches"][0]["source"] == "tco_shared"
    filed = client.post(
        f"/screening/tco/nominations/{nomination_id}/redress",
        headers=officer,
        json={"requester": "O. Guzman", "grounds": "namesake"},
    )
    assert filed.status_code == 201
    decided = client.post(
        f"/screening/tco/redress/{filed.json()['request_id']}/decision",
        headers=supervisor,
        json={
            "outcome": "amended",
            "reason": "add DOB",
            "names": ["Ovidio Guzman Lopez", "El Raton"],
        },
    )
    assert decided.json()["event"]["kind"] == "screening.tco.redress_decided"
    assert [n["name"] for n in decided.json()["nomination"]["entry"]["names"]] == [
        "Ovidio Guzman Lopez",
        "El Raton",
    ]
    assert decided.json()["nomination"]["entry"]["birth_dates"] == [[1990, 3, 29, None]]
    assert client.post("/screening/screen", json={"name": "El Raton"}, headers=officer).json()[
        "matches"
    ]
    missing = client.post(
        "/screening/tco/nominations/nope/review",
        headers=supervisor,
        json={"accept": True, "reason": "x"},
    )
    assert missing.status_code == 404


def test_a_partners_listing_is_screened_on_the_next_request_and_is_read_only(
    client: TestClient, tokens: dict[str, str], engine: Engine
) -> None:
    officer, supervisor = _auth(tokens["officer"]), _auth(tokens["supervisor"])
    name = {"name": "Ismael Zambada Garcia"}
    assert client.post("/screening/screen", json=name, headers=officer).json()["matches"] == []
    listed = WatchlistChanged(
        change_id="c1",
        nomination_id="n1",
        list_name="tco_shared",
        change="accepted",
        status="accepted",
        country="US",
        organization="Sinaloa Cartel",
        nominated_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        occurred_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC),
        person=ListedPerson(
            entry_id="e1", kind="person", names=[("Ismael Zambada Garcia", "primary")]
        ),
    )
    partner = Peer("node-us", "us", "US", "http://127.0.0.1:1", "key")
    with engine.begin() as connection:  # what the federation's inbox does on receipt
        WatchlistApplier().apply(connection, listed, partner)
    hit = client.post("/screening/screen", json=name, headers=officer).json()["matches"]
    assert [m["entry_key"] for m in hit] == ["tco_shared:e1"]
    [seen] = client.get("/screening/tco/nominations", headers=officer).json()
    assert (seen["origin"], seen["country"], seen["status"]) == ("node-us", "US", "accepted")
    refused = client.post(
        "/screening/tco/nominations/n1/remove", headers=supervisor, json={"reason": "x"}
    )
    assert refused.status_code == 403 and "made by US" in refused.json()["error"]["message"]
    removed = listed.model_copy(update={"change": "removed", "status": "removed", "person": None})
    with engine.begin() as connection:
        WatchlistApplier().apply(connection, removed, partner)
    assert client.post("/screening/screen", json=name, headers=officer).json()["matches"] == []


def test_the_nodes_threshold_setting_decides_what_alerts(
    client: TestClient, tokens: dict[str, str]
) -> None:
    """``BORDERFLOW_SCREENING_THRESHOLD``: one threshold per deployment. A middle name
    dropped scores 0.56 against the UN list: no alert at the default 0.80, an alert at 0.5."""
    body = {"name": "Qusay Hussein al-Tikriti"}
    assert Settings().screening_threshold == DEFAULT_THRESHOLD
    app = client.app
    assert isinstance(app, FastAPI)
    app.state.settings = Settings(screening_threshold=0.5)
    response = client.post("/screening/screen", json=body, headers=_auth(tokens["officer"]))
    top = response.json()["matches"][0]
    assert top["entry_key"] == "un_sc:6908049" and top["alert"] is True
    assert 0.5 <= top["score"] < DEFAULT_THRESHOLD
    del app.state.screening
    app.state.settings = Settings()
    response = client.post("/screening/screen", json=body, headers=_auth(tokens["officer"]))
    assert not any(m["alert"] for m in response.json()["matches"])
