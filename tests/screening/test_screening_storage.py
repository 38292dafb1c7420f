"""Lists and the TCO list in the database (SQLite here, PostgreSQL in CI's second pass)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from borderflow.audit import AuditLog
from borderflow.errors import Conflict, Forbidden, NotFound
from borderflow.screening import NominationStatus, RedressOutcome
from borderflow.screening.loaders import load_sema, load_un_consolidated
from borderflow.screening.query import tco_entry
from borderflow.screening.repository import ListRepository, TcoRepository
from borderflow.screening.tco import TCO_SOURCE
from borderflow.screening.workflow import (
    decide_redress_request,
    file_redress_request,
    load_service,
    nominate_person,
    review_nomination,
    store_list_version,
)

pytestmark = pytest.mark.storage


def test_list_version_round_trips_and_is_stored_once(engine: Engine, watchlists: Path) -> None:
    loaded = load_un_consolidated(watchlists / "un" / "un_sc_consolidated_2026-02-27.xml")
    with engine.begin() as connection:
        diff = store_list_version(connection, loaded, actor="test")
    assert diff.summary() == {"added": 1003, "removed": 0, "changed": 0}
    with engine.connect() as connection:
        assert ListRepository(connection).latest_entries("un_sc") == loaded.entries
        [version] = ListRepository(connection).versions()
        assert (version["entry_count"], version["version"]) == (1003, "2026-02-27")
        assert AuditLog(connection).verify() == []
    with pytest.raises(Conflict), engine.begin() as connection:
        store_list_version(connection, loaded, actor="test")


def test_service_is_built_from_the_database(engine: Engine, watchlists: Path) -> None:
    loaded = load_sema(watchlists / "canada" / "sema-lmes_2020-04-15.xml")
    with engine.begin() as connection:
        store_list_version(connection, loaded, actor="test")
    with engine.connect() as connection:
        service = load_service(connection)
    assert service.sources == {"ca_sema": 1369, TCO_SOURCE: 0}
    person = next(e for e in loaded.entries if e.birth_dates)
    assert service.screener.screen(person.primary_name)[0].entry.key == person.key


def test_tco_lifecycle_with_audit(engine: Engine) -> None:
    entry = tco_entry(["Rafael Caro Quintero"], dob="1952-10-03", nationality="MX")
    with engine.begin() as connection:
        nomination, _ = nominate_person(
            connection,
            entry,
            organization="Guadalajara Cartel",
            basis="indictment",
            country="MX",
            officer="user:1:ana",
        )
    with pytest.raises(Forbidden), engine.begin() as connection:
        review_nomination(
            connection,
            nomination.nomination_id,
            accept=True,
            reason="ok",
            officer="user:1:ana",
            country="MX",
        )
    with engine.begin() as connection:
        review_nomination(
            connection,
            nomination.nomination_id,
            accept=True,
            reason="corroborated",
            officer="user:2:bob",
            country="US",
        )
        request = file_redress_request(
            connection,
            nomination.nomination_id,
            requester="R. Caro",
            grounds="namesake",
            actor="user:1:ana",
        )
    with engine.connect() as connection:
        assert TcoRepository(connection).listed_entries() == [entry]
        assert load_service(connection).screener.screen("Rafael Caro Quintero")
    with engine.begin() as connection:
        decide_redress_request(
            connection,
            request.request_id,
            outcome=RedressOutcome.DELISTED,
            reason="mistaken identity",
            officer="user:2:bob",
            country="US",
        )
    with engine.connect() as connection:
        tco = TcoRepository(connection)
        assert tco.listed_entries() == []
        assert tco.get(nomination.nomination_id).status is NominationStatus.REMOVED
        assert tco.get_redress(request.request_id).outcome is RedressOutcome.DELISTED
        assert AuditLog(connection).verify() == []
        with pytest.raises(NotFound):
            tco.get("nope")
