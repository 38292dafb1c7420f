"""A secondary inspection's result reaches the partners whose agreement covers it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from federation_helpers import Node
from sqlalchemy import select

from borderflow.federation.tables import federation_outbox
from borderflow.inspection import (
    Arrival,
    IdentityResult,
    Lane,
    Mode,
    Officer,
    SecondaryOutcome,
    policy_named,
)
from borderflow.inspection.policy_service import PolicyService
from borderflow.inspection.service import InspectionService

NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
ARRIVAL = Arrival(
    "a-1", "2504", "US", Mode.PERSONAL_VEHICLE, Lane.GENERAL, IdentityResult(True, "MX")
)


def test_a_secondary_result_is_queued_for_the_partners_agreed(nodes: dict[str, Node]) -> None:
    """ca-us.toml lets the US send InspectionOutcome to Canada; mx-us.toml does not name
    it, so Mexico gets nothing. A release at primary has no result and sends nothing."""
    us = nodes["US"]
    with us.engine.begin() as connection:
        policies = PolicyService(connection, country="US", now=lambda: NOW)
        policies.set("2504", policy_named("cbm", random_check_rate=1.0), set_by="user:2:sue")
        service = InspectionService(connection, now=lambda: NOW)
        officer = Officer("user:1:ana", "US")
        referred = service.decide_at_port(ARRIVAL, officer, random.Random(1))
        service.secondary_outcome(
            SecondaryOutcome("a-1", True, "undeclared cash", "user:1:ana", critical=True)
        )
        never_referred = policy_named("cbm", random_check_rate=0.0)
        policies.set("2504", never_referred, set_by="user:2:sue")
        released = service.decide_at_port(
            dataclasses.replace(ARRIVAL, arrival_id="a-2"), officer, random.Random(1)
        )
    with us.engine.connect() as connection:
        queued = connection.execute(
            select(federation_outbox.c.kind, federation_outbox.c.envelope)
        ).all()
    assert referred.decision.outcome.value == "refer"
    assert released.decision.outcome.value == "release"
    sent = [envelope for kind, envelope in queued if kind == "InspectionOutcome"]
    assert [e["destination"] for e in sent] == [nodes["CA"].config.node_id]
    assert sent[0]["payload"] == {
        "inspection_id": "a-1",
        "crossing_id": None,
        "port": "2504",
        "decided_at": NOW.isoformat().replace("+00:00", "Z"),
        "decision": "refer",
        "found": True,
        "findings": ["undeclared cash"],
        "authority": "US",
    }
