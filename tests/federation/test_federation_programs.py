"""Membership status changes reach the partners whose agreement covers them."""

from __future__ import annotations

import datetime as dt

from federation_helpers import Node
from sqlalchemy import select

from borderflow.federation.tables import federation_outbox
from borderflow.programs import MemberKind, MemberRef, ProgramRequest, ProgramService

NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)


def test_a_status_change_is_queued_for_partners_without_names(nodes: dict[str, Node]) -> None:
    us = nodes["US"]
    with us.engine.begin() as connection:
        service = ProgramService(connection, clock=lambda: NOW)
        member = service.register_member(
            MemberKind.PERSON, "Ana García", MemberRef.parse("US:P1234567")
        )
        service.apply(
            member.member_id, [ProgramRequest("GLOBAL_ENTRY", None)], actor="t", country="US"
        )
    with us.engine.connect() as connection:
        queued = connection.execute(
            select(federation_outbox.c.kind, federation_outbox.c.envelope)
        ).all()
    kinds = {kind for kind, _ in queued}
    assert kinds == {"ProgramStatusChanged"}
    destinations = {envelope["destination"] for _, envelope in queued}
    assert destinations == {nodes["CA"].config.node_id, nodes["MX"].config.node_id}
    payloads = [envelope["payload"] for _, envelope in queued]
    assert all(p["program"] == "GLOBAL_ENTRY" and p["status"] for p in payloads)
    assert "García" not in str(payloads)
