"""Migrations build exactly the schema the code declares, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from borderflow.store import create_db_engine, current_revision, missing_heads, upgrade
from borderflow.store.migrate import alembic_config
from borderflow.store.tables import metadata

pytestmark = pytest.mark.storage


def test_migrated_schema_matches_the_tables(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_upgrade_is_idempotent_and_reaches_every_head(engine: Engine) -> None:
    assert missing_heads(engine) == set()
    before = current_revision(engine)
    upgrade(engine)
    assert current_revision(engine) == before


def test_an_empty_database_misses_every_head(tmp_path) -> None:
    empty = create_db_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    heads = set(ScriptDirectory.from_config(alembic_config(empty)).get_heads())
    assert {"ledger_0002", "inspection_0002", "targeting_0002"} <= heads
    assert missing_heads(empty) == heads
    upgrade(empty)
    assert missing_heads(empty) == set()
