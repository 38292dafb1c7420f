"""The audit log detects any edited, reordered or deleted entry and says which."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, delete, update

from borderflow.audit import AuditLog
from borderflow.audit.tables import audit_log

pytestmark = pytest.mark.storage


@pytest.fixture
def logged(engine: Engine) -> Engine:
    """Five entries, as five separate transactions."""
    for n in range(1, 6):
        with engine.begin() as connection:
            AuditLog(connection).append(
                action="ledger.read.history",
                actor=f"user:{n}:x",
                subject=f"person:{n}",
                details={"n": n},
            )
    return engine


def problems(engine: Engine) -> list[tuple[int, str]]:
    with engine.connect() as connection:
        return [(p.seq, p.problem) for p in AuditLog(connection).verify()]


def test_an_untouched_log_verifies(logged: Engine) -> None:
    assert problems(logged) == []
    with logged.connect() as connection:
        entries = list(AuditLog(connection).entries())
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[1].prev_hash == entries[0].hash


def test_an_edited_entry_is_named(logged: Engine) -> None:
    with logged.begin() as connection:
        connection.execute(update(audit_log).where(audit_log.c.seq == 3).values(actor="user:9:y"))
    assert problems(logged) == [(3, "content does not match its hash: edited")]


def test_a_deleted_entry_is_named(logged: Engine) -> None:
    with logged.begin() as connection:
        connection.execute(delete(audit_log).where(audit_log.c.seq == 2))
    found = problems(logged)
    assert found[0][0] == 3 and "expected entry 2" in found[0][1]
    assert any("previous-hash link broken" in p for _, p in found)


def test_reordered_entries_are_named(logged: Engine) -> None:
    with logged.begin() as connection:
        connection.execute(update(audit_log).where(audit_log.c.seq == 2).values(seq=-2))
        connection.execute(update(audit_log).where(audit_log.c.seq == 4).values(seq=2))
        connection.execute(update(audit_log).where(audit_log.c.seq == -2).values(seq=4))
    assert {seq for seq, _ in problems(logged)} >= {2}


def test_entries_deleted_from_the_end_are_noticed(logged: Engine) -> None:
    with logged.begin() as connection:
        connection.execute(delete(audit_log).where(audit_log.c.seq >= 4))
    assert problems(logged) == [
        (
            4,
            "the head records entry 5 as the last, the log ends at 3: entries deleted from "
            "the end, or the head was changed",
        )
    ]


def test_appends_from_two_connections_keep_one_chain(engine: Engine) -> None:
    """Two transactions appending in turn (the second waits for the first's lock)."""
    with engine.begin() as first:
        AuditLog(first).append(action="a", actor="x", subject="s")
    with engine.begin() as second:
        AuditLog(second).append(action="b", actor="y", subject="s")
        AuditLog(second).append(action="c", actor="y", subject="s")
    assert problems(engine) == []
    with engine.connect() as connection:
        assert [e.seq for e in AuditLog(connection).entries()] == [1, 2, 3]
