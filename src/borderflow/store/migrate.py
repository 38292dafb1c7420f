"""Alembic migrations run from inside the package (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine

__all__ = ["alembic_config", "current_revision", "upgrade"]

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
