"""Alembic migrations run from inside the package (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

__all__ = ["alembic_config", "current_revision", "missing_heads", "upgrade"]

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine) -> Config:
    """An Alembic config that migrates ``engine`` with the package's migration scripts."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the schema of ``engine`` up to ``revision`` (every head by default)."""
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> set[str]:
    """The revisions the database is at (empty before the first upgrade)."""
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def missing_heads(engine: Engine) -> set[str]:
    """Heads of the migration scripts not yet applied to the database (empty: up to date).

    Alembic records only the tips it reached; a revision that another applied revision
    depends on counts as applied too.
    """
    script = ScriptDirectory.from_config(alembic_config(engine))
    applied: set[str] = set()
    pending = list(current_revision(engine))
    while pending:
        revision = script.get_revision(pending.pop())
        if revision is None or revision.revision in applied:
            continue
        applied.add(revision.revision)
        for parent in (revision.down_revision, revision.dependencies):
            if isinstance(parent, str):
                pending.append(parent)
            elif parent:
                pending.extend(parent)
    return set(script.get_heads()) - applied
