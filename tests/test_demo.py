"""The demo node that the README's first command serves: users, port policies, crossings."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from borderflow.api import create_app
from borderflow.demo import DEMO_POLICY_PORTS, DEMO_USERS, seed_demo
from borderflow.settings import Settings
from borderflow.store import create_db_engine


def test_the_demo_node_answers_every_role_and_officers_can_decide(
    tmp_path: Path, data_dir: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    engine = create_db_engine(url)
    demo = seed_demo(engine, tmp_path, crossings=300, watchlists=data_dir / "watchlists")
    assert sorted(demo.tokens) == sorted(name for name, _, _ in DEMO_USERS)
    assert (demo.imported.created, demo.imported.rejections) == (300, [])
    assert demo.lists == {"un_sc": 1003, "us_ofac_sdn": 13821}
    client = TestClient(create_app(Settings(database_url=url, country="US"), engine))

    def bearer(name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {demo.tokens[name]}"}

    stats = client.get("/ledger/stats", headers=bearer("officer"))
    assert stats.status_code == 200 and sum(row["crossings"] for row in stats.json()) == 300
    for port in DEMO_POLICY_PORTS:
        shown = client.get(f"/inspection/ports/{port}/policy", headers=bearer("supervisor"))
        assert shown.status_code == 200, (port, shown.text)
    arrival = {
        "arrival_id": "demo-1",
        "port": "San Ysidro",
        "mode": "personal_vehicle",
        "lane": "general",
        "identity": {"verified": True, "nationality": "MX"},
    }
    decided = client.post("/inspection/decisions", json=arrival, headers=bearer("officer"))
    assert decided.status_code == 201, decided.text
    assert decided.json()["policy"] == "cbm"
    refused = client.post("/inspection/decisions", json=arrival, headers=bearer("public"))
    assert refused.status_code == 403
    screened = client.post(
        "/screening/screen",
        json={"name": "Joaquin Archivaldo Guzman Loera"},
        headers=bearer("officer"),
    )
    assert screened.status_code == 200, screened.text
    top = screened.json()["matches"][0]
    assert top["entry_key"] == "us_ofac_sdn:6861" and top["alert"] is True


def test_the_demo_runs_without_the_data_folders_lists(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    demo = seed_demo(engine, tmp_path, crossings=10, watchlists=tmp_path / "nothing")
    assert demo.lists == {} and demo.imported.created == 10
