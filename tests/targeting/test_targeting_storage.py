"""The targeting repository on a real, migrated database (SQLite, and PostgreSQL in CI)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine, func, select
from targeting_helpers import make_declaration

from borderflow.audit import AuditLog
from borderflow.errors import Conflict, InvalidInput, NotFound
from borderflow.targeting import Outcome, parse_rule_set, public_key_pem
from borderflow.targeting.repository import TargetingRepository
from borderflow.targeting.service import import_file, publish_model, register_artifact
from borderflow.targeting.tables import targeting_declarations

pytestmark = pytest.mark.storage


def test_declarations_round_trip_with_outcomes_as_labels(engine: Engine) -> None:
    filed = [
        make_declaration("A", date=dt.date(2021, 1, 2), seller_id="S1", fraud=True),
        make_declaration("B", date=dt.date(2021, 1, 1), courier_id="C9"),
    ]
    with engine.begin() as connection:
        assert TargetingRepository(connection).add_declarations(filed, source="test") == 2
    with engine.begin() as connection:
        repository = TargetingRepository(connection)
        stored = repository.declarations()
        # Stored in date order; a label given with a filing is not kept: only outcomes count.
        assert [d.declaration_id for d in stored] == ["B", "A"]
        assert stored[1] == dataclasses.replace(filed[0], fraud=None)
        repository.record_outcome(
            Outcome("A", fraud=True, critical=True, inspected_on=dt.date(2021, 1, 3)),
            actor="officer:1",
        )
    with engine.connect() as connection:
        repository = TargetingRepository(connection)
        assert repository.declaration("A").fraud is True
        assert repository.declaration("A").critical is True
        assert repository.declaration("B").fraud is None
        entries = list(AuditLog(connection).entries())
        assert [(e.action, e.subject) for e in entries] == [
            ("targeting.outcome_recorded", "declaration:A")
        ]
        assert AuditLog(connection).verify() == []


def test_a_batch_with_a_known_id_is_refused_whole(engine: Engine) -> None:
    with engine.begin() as connection:
        TargetingRepository(connection).add_declarations([make_declaration("A")], source="t")
    with pytest.raises(Conflict) as caught, engine.begin() as connection:
        TargetingRepository(connection).add_declarations(
            [make_declaration("NEW"), make_declaration("A")], source="t"
        )
    assert caught.value.field == "declaration_id"
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(targeting_declarations))
        assert count.scalar_one() == 1


def test_outcome_rules(engine: Engine) -> None:
    with engine.begin() as connection:
        repository = TargetingRepository(connection)
        repository.add_declarations([make_declaration("A")], source="t")
        with pytest.raises(NotFound):
            repository.record_outcome(Outcome("ZZ", fraud=False), actor="o")
        repository.record_outcome(Outcome("A", fraud=False), actor="o")
        with pytest.raises(Conflict):
            repository.record_outcome(Outcome("A", fraud=True), actor="o")
        assert repository.outcomes() == [Outcome("A", False, False, None, "")]


def test_import_stores_good_rows_and_reports_bad_ones(engine: Engine, tmp_path: Path) -> None:
    header = (
        "Declaration ID,Date,Office ID,Process Type,Import Type,Import Use,Payment Type,"
        "Mode of Transport,Declarant ID,Importer ID,Seller ID,Courier ID,HS6 Code,"
        "Country of Departure,Country of Origin,Tax Rate,Tax Type,Country of Origin Indicator,"
        "Net Mass,Item Price,Fraud,Critical Fraud"
    )
    good = "1,2021-04-01,30,B,11,21,11,10,DEC,IMP,SEL,,440890,BE,BE,0.0,FEU1,G,108.0,372254.4,0,0"
    bad = "2,2021-04-01,30,B,11,21,11,10,DEC,IMP,SEL,,440890,BE,Belgium,0.0,FEU1,G,1,1,0,0"
    path = tmp_path / "q2.csv"
    path.write_text("\n".join([header, good, bad]) + "\n", encoding="utf-8")
    with engine.begin() as connection:
        report = import_file(connection, path)
    assert [(r.line, r.field) for r in report.rejected] == [(3, "origin_country")]
    with engine.connect() as connection:
        assert [d.declaration_id for d in TargetingRepository(connection).declarations()] == ["1"]


def test_model_registry_promotes_one_champion_at_a_time(
    engine: Engine, tmp_path: Path, small_model, node_key: Ed25519PrivateKey, customs
) -> None:
    pem = public_key_pem(node_key)
    for version in ("m1", "m2"):
        publish_model(
            small_model,
            directory=tmp_path / version,
            key=node_key,
            version=version,
            country="US",
            training=customs["valid"],
            source="valid",
        )
    with engine.begin() as connection:
        repository = TargetingRepository(connection)
        with pytest.raises(NotFound):
            repository.champion()
        register_artifact(connection, tmp_path / "m1", pem)
        register_artifact(connection, tmp_path / "m2", pem)
        with pytest.raises(Conflict):
            register_artifact(connection, tmp_path / "m2", pem)
        repository.promote("m1", actor="targeter:1", reason={"why": "first"})
        repository.promote("m2", actor="targeter:1", reason={"why": "better"})
        assert repository.champion().version == "m2"
        assert [(m.version, m.status) for m in repository.models()] == [
            ("m1", "retired"),
            ("m2", "champion"),
        ]
        assert repository.champion().card["version"] == "m2"
    stranger = public_key_pem(Ed25519PrivateKey.generate())
    with pytest.raises(InvalidInput), engine.begin() as connection:
        register_artifact(connection, tmp_path / "m1", stranger, version="m1-again")


def test_rule_set_versions_are_immutable_and_the_latest_is_served(engine: Engine) -> None:
    document = {
        "name": "joint",
        "version": 1,
        "owner": "MX",
        "parties": ["MX"],
        "rules": [
            {
                "id": "r",
                "owner": "MX",
                "version": 1,
                "all": [{"field": "origin_country", "op": "eq", "value": "XX"}],
            }
        ],
    }
    with engine.begin() as connection:
        repository = TargetingRepository(connection)
        repository.save_rule_set(parse_rule_set(document))
        with pytest.raises(Conflict):
            repository.save_rule_set(parse_rule_set(document))
        repository.save_rule_set(parse_rule_set({**document, "version": 2}))
        assert repository.rule_set("joint").version == 2
        assert repository.rule_set("joint", 1) == parse_rule_set(document)
        assert [r["version"] for r in repository.rule_sets()] == [1, 2]
        with pytest.raises(NotFound):
            repository.rule_set("other")
