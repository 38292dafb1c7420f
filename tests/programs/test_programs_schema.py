"""The migrations create exactly the tables the programs and commerce code declare."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from borderflow.commerce import tables as commerce_tables
from borderflow.programs import tables as programs_tables
from borderflow.store.schema import metadata

pytestmark = pytest.mark.storage

OWN = ("program_", "commerce_")


def _mentions_own_table(diff: object) -> bool:
    """Whether a difference Alembic reports (a tuple, or a list of them) is about our tables."""
    if isinstance(diff, list):
        return any(_mentions_own_table(d) for d in diff)
    parts = diff if isinstance(diff, tuple) else (diff,)
    for part in parts:
        if isinstance(part, str) and part.startswith(OWN):
            return True
        name = getattr(part, "name", None) or getattr(getattr(part, "table", None), "name", None)
        if isinstance(name, str) and name.startswith(OWN):
            return True
    return False


def test_no_drift_between_tables_and_migrations(engine: Engine) -> None:
    declared = {name for name in metadata.tables if name.startswith(OWN)}
    assert programs_tables.program_members.name in declared
    assert commerce_tables.commerce_trips.name in declared
    assert declared <= set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = compare_metadata(context, metadata)
    assert [d for d in diffs if _mentions_own_table(d)] == []
