"""The ledger over HTTP: authentication, roles, validation errors, and the queries."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from borderflow.audit import AuditLog

pytestmark = pytest.mark.storage

MARIA = {
    "id": "api-1",
    "document": {
        "doc_type": "passport",
        "issuing_country": "MX",
        "number": "G12345678",
        "surname": "García López",
        "given_names": "María",
        "date_of_birth": "1985-03-02",
        "nationality": "MX",
        "sex": "F",
    },
    "mode": "pedestrian",
    "port": "San Ysidro",
    "from_country": "MX",
    "to_country": "US",
    "crossed_at": "2025-01-10T09:30:00-08:00",
    "admission_class": "B2",
    "admitted_until": "2025-04-10",
}
LOOKUP = {"issuing_country": "MX", "document_number": "G12345678"}


def record(client: TestClient, auth: str, body: dict = MARIA) -> dict:
    reply = client.post("/ledger/crossings", json=body, headers={"Authorization": auth})
    assert reply.status_code in (200, 201), reply.text
    return reply.json()


def test_missing_malformed_and_wrong_tokens_get_401(client: TestClient) -> None:
    assert client.get("/ledger/stats").status_code == 401
    for header in ("Bearer nonsense", "Bearer bf_123456789abc_wrongsecret", "Basic Zm9vOmJhcg=="):
        reply = client.get("/ledger/stats", headers={"Authorization": header})
        assert reply.status_code == 401
        assert reply.json()["error"]["code"] == "unauthorized"
        assert reply.headers["www-authenticate"] == "Bearer"


def test_health_needs_no_token(client: TestClient) -> None:
    assert client.get("/health").json()["status"] == "ok"


def test_record_then_read_back_history_and_presence(client: TestClient, tokens) -> None:
    assert record(client, tokens["officer"]) == {"id": "api-1", "created": True}
    assert record(client, tokens["supervisor"]) == {"id": "api-1", "created": False}
    history = client.post(
        "/ledger/history", json=LOOKUP, headers={"Authorization": tokens["targeter"]}
    ).json()
    assert [c["id"] for c in history["crossings"]] == ["api-1"]
    assert history["crossings"][0]["port"] == "2504"
    assert "same date of birth" in history["documents"][0]["link"]
    presence = client.post(
        "/ledger/presence",
        json={**LOOKUP, "as_of": "2025-02-01T00:00:00Z"},
        headers={"Authorization": tokens["officer"]},
    ).json()
    assert presence["country"] == "US" and presence["overstaying"] is False


@pytest.mark.parametrize("role", ["targeter", "observer", "public", "program_admin"])
def test_only_officers_and_supervisors_record(client: TestClient, tokens, role: str) -> None:
    reply = client.post("/ledger/crossings", json=MARIA, headers={"Authorization": tokens[role]})
    assert reply.status_code == 403
    assert "officer, supervisor" in reply.json()["error"]["message"]


@pytest.mark.parametrize("role", ["observer", "public", "program_admin"])
def test_personal_data_never_reaches_roles_without_need(client: TestClient, tokens, role) -> None:
    record(client, tokens["officer"])
    auth = {"Authorization": tokens[role]}
    for reply in (
        client.post("/ledger/history", json=LOOKUP, headers=auth),
        client.post("/ledger/presence", json=LOOKUP, headers=auth),
        client.get("/ledger/overstays", headers=auth),
        client.get("/ledger/anomalies", headers=auth),
        client.get("/ledger/crossings/api-1", headers=auth),
    ):
        assert reply.status_code == 403
        assert "García" not in reply.text and "G12345678" not in reply.text


def test_public_sees_counts_without_personal_data(client: TestClient, tokens) -> None:
    record(client, tokens["officer"])
    reply = client.get(
        "/ledger/stats", params={"port": "San Ysidro"}, headers={"Authorization": tokens["public"]}
    )
    assert reply.json() == [
        {
            "port": "2504",
            "day": "2025-01-10",
            "mode": "pedestrian",
            "direction": "MX->US",
            "crossings": 1,
        }
    ]


def test_bad_input_names_every_field(client: TestClient, tokens) -> None:
    body = {
        **MARIA,
        "port": "Blaine",
        "admitted_until": "2024-01-01",
        "document": {**MARIA["document"], "date_of_birth": "2999-01-01"},
    }
    reply = client.post(
        "/ledger/crossings", json=body, headers={"Authorization": tokens["officer"]}
    )
    assert reply.status_code == 422
    fields = {p["field"] for p in reply.json()["error"]["problems"]}
    assert fields == {"port", "admitted_until", "document.date_of_birth"}
    malformed = client.post(
        "/ledger/crossings",
        json={**MARIA, "crossed_at": "noon"},
        headers={"Authorization": tokens["officer"]},
    )
    assert malformed.status_code == 422
    assert malformed.json()["error"]["field"] == "crossed_at"


def test_a_batch_is_all_or_nothing(client: TestClient, tokens) -> None:
    auth = {"Authorization": tokens["officer"]}
    bad = {**MARIA, "id": "api-3", "port": "Atlantis"}
    reply = client.post("/ledger/crossings/batch", json=[MARIA, bad], headers=auth)
    assert reply.status_code == 422
    assert reply.json()["error"]["problems"][0]["field"] == "1.port"
    stats = client.get("/ledger/stats", headers=auth).json()
    assert stats == []
    ok = client.post("/ledger/crossings/batch", json=[MARIA], headers=auth).json()
    assert ok == {"created": ["api-1"], "duplicates": []}


def test_import_a_json_lines_body(client: TestClient, tokens) -> None:
    lines = json.dumps(MARIA) + "\n" + json.dumps({**MARIA, "id": "api-2", "port": "Nowhere"})
    reply = client.post(
        "/ledger/imports",
        params={"format": "jsonl"},
        content=lines,
        headers={"Authorization": tokens["officer"]},
    )
    report = reply.json()
    assert (report["created"], report["rows"]) == (1, 2)
    assert report["rejections"] == [
        {"line": 2, "field": "port", "message": report["rejections"][0]["message"]}
    ]


def test_overstays_and_anomalies_for_analysts(client: TestClient, tokens) -> None:
    record(client, tokens["officer"])
    auth = {"Authorization": tokens["targeter"]}
    rows = client.get("/ledger/overstays", params={"as_of": "2025-05-01"}, headers=auth).json()
    assert [(r["crossing_id"], r["days_over"]) for r in rows] == [("api-1", 21)]
    assert client.get("/ledger/anomalies", headers=auth).json() == []


def test_reads_of_personal_data_are_audited(client: TestClient, tokens, engine) -> None:
    record(client, tokens["officer"])
    client.post("/ledger/history", json=LOOKUP, headers={"Authorization": tokens["targeter"]})
    with engine.connect() as connection:
        entries = list(AuditLog(connection).entries())
    assert [(e.action, e.actor.split(":")[2]) for e in entries] == [
        ("ledger.read.history", "targeter-user")
    ]


def test_ports_and_the_caller(client: TestClient, tokens) -> None:
    auth = {"Authorization": tokens["public"]}
    assert client.get("/ports/San Ysidro", headers=auth).json()["code"] == "2504"
    assert client.get("/ports/0000", headers=auth).status_code == 404
    assert len(client.get("/ports", params={"border": "MX-GT"}, headers=auth).json()) >= 3
    assert client.get("/me", headers=auth).json()["roles"] == ["public"]
