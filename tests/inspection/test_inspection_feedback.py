"""Secondary results reported at the port become targeting's labels, random ones kept apart."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
from pathlib import Path

import pytest
from sqlalchemy import Engine

from borderflow.inspection import (
    Arrival,
    IdentityResult,
    Lane,
    Mode,
    Officer,
    OfficerReferral,
    RiskScore,
    SecondaryOutcome,
    policy_named,
)
from borderflow.inspection.service import InspectionService
from borderflow.targeting import (
    Declaration,
    Outcome,
    apply_outcomes,
    generate_signing_key,
    load_declarations,
    online_precision,
)
from borderflow.targeting.repository import TargetingRepository
from borderflow.targeting.service import retrain_from_outcomes

pytestmark = pytest.mark.storage

OFFICER = Officer("user:1:ana", "US")
NO_RANDOM = policy_named("cbm", random_check_rate=0.0)
ALWAYS_RANDOM = policy_named("cbm", random_check_rate=1.0)
NOW = dt.datetime(2021, 4, 2, 17, 0, tzinfo=dt.UTC)


def truck(arrival_id: str, declaration_id: str, **changes: object) -> Arrival:
    """A truck at Otay Mesa carrying the cargo of ``declaration_id``."""
    arrival = Arrival(
        arrival_id,
        "2506",
        "US",
        Mode.TRUCK,
        Lane.COMMERCIAL,
        IdentityResult(True, "MX"),
        declaration_id=declaration_id,
    )
    return dataclasses.replace(arrival, **changes)  # type: ignore[arg-type]


def declaration(declaration_id: str) -> Declaration:
    return Declaration(
        declaration_id=declaration_id,
        date=dt.date(2021, 4, 1),
        office_id="40",
        importer_id="IMP1",
        declarant_id="DEC1",
        hs_code="690722",
        origin_country="CN",
        departure_country="CN",
        transport_mode="10",
        net_mass=100.0,
        item_price=5000.0,
        tax_rate=8.0,
        tax_type="A",
    )


def test_port_results_label_declarations_random_apart_from_targeted(engine: Engine) -> None:
    with engine.begin() as connection:
        TargetingRepository(connection).add_declarations(
            [declaration(d) for d in ("D1", "D2", "D3", "D4")], source="test"
        )
        service = InspectionService(connection, now=lambda: NOW)
        flagged = truck("t-1", "D1", risk=RiskScore(0.995, ("importer history",)))
        seen = truck("t-3", "D3", officer_referral=OfficerReferral("o-2", "fresh paint"))
        service.decide_and_record(flagged, OFFICER, NO_RANDOM, random.Random(1))
        service.decide_and_record(truck("t-2", "D2"), OFFICER, ALWAYS_RANDOM, random.Random(1))
        service.decide_and_record(seen, OFFICER, NO_RANDOM, random.Random(1))
        service.decide_and_record(truck("t-4", "D4"), OFFICER, NO_RANDOM, random.Random(1))
        for arrival_id, found in (("t-1", True), ("t-2", False), ("t-3", True)):
            service.secondary_outcome(SecondaryOutcome(arrival_id, found, "tiles", "user:2:bo"))
    with engine.connect() as connection:
        targeting = TargetingRepository(connection)
        outcomes = targeting.outcomes()
        stored = targeting.declarations()
    by_id = {o.declaration_id: o for o in outcomes}
    assert {d: by_id[d].selected_by for d in by_id} == {"D1": "model", "D2": "random", "D3": "port"}
    assert by_id["D1"].inspected_on == dt.date(2021, 4, 2) and by_id["D1"].note == "tiles"
    assert [(d.declaration_id, d.fraud) for d in stored] == [
        ("D1", True),
        ("D2", False),
        ("D3", True),
        ("D4", None),
    ]
    relabelled = apply_outcomes([declaration(d) for d in ("D1", "D4")], outcomes)
    assert [d.fraud for d in relabelled] == [True, None]
    measured = online_precision(outcomes)
    assert (measured.targeted, measured.targeted_found, measured.precision) == (1, 1, 1.0)
    assert (measured.random_checks, measured.random_found, measured.random_hit_rate) == (1, 0, 0.0)
    assert measured.other == 1
    assert math.isnan(online_precision([]).precision)


def test_an_outcome_reported_at_the_port_is_a_label_the_retrain_sees(
    engine: Engine, data_dir: Path, tmp_path: Path
) -> None:
    filed = load_declarations(data_dir / "customs" / "df_syn_valid_eng.csv").declarations[:3000]
    inspected = filed[::3]  # one in three was inspected
    by_targeting, at_port = inspected[:-40], inspected[-40:]
    with engine.begin() as connection:
        repository = TargetingRepository(connection)
        repository.add_declarations(
            [dataclasses.replace(d, fraud=None, critical=None) for d in filed], source="test"
        )
        for d in by_targeting:
            label = Outcome(d.declaration_id, bool(d.fraud), bool(d.critical))
            repository.record_outcome(label, actor="targeter")
        service = InspectionService(connection, now=lambda: NOW)
        for n, d in enumerate(at_port):  # half targeted, half random checks
            arrival = truck(f"t-{n}", d.declaration_id)
            if n % 2:
                service.decide_and_record(arrival, OFFICER, ALWAYS_RANDOM, random.Random(n))
            else:
                flagged = dataclasses.replace(arrival, risk=RiskScore(0.999))
                service.decide_and_record(flagged, OFFICER, NO_RANDOM, random.Random(n))
            service.secondary_outcome(SecondaryOutcome(f"t-{n}", bool(d.fraud), "", "user:2:bo"))
    with engine.begin() as connection:
        decision = retrain_from_outcomes(
            connection,
            key=generate_signing_key(tmp_path / "node.pem"),
            directory=tmp_path / "c1",
            version="c1",
            country="US",
            actor="targeter",
            n_estimators=10,
        )
        card = TargetingRepository(connection).champion().card
        measured = online_precision(TargetingRepository(connection).outcomes())
    assert decision.promote
    assert card["data"]["labelled"] == len(inspected) == len(by_targeting) + 40
    assert card["data"]["frauds"] == sum(bool(d.fraud) for d in inspected)
    assert (measured.targeted, measured.random_checks) == (20, 20)
    assert measured.other == len(by_targeting)  # recorded without saying why
