"""Database engine, schema metadata and migrations (SQLite by default, PostgreSQL in production)."""

from borderflow.store.engine import create_db_engine
from borderflow.store.migrate import current_revision, missing_heads, upgrade
from borderflow.store.schema import metadata

__all__ = [
    "create_db_engine",
    "current_revision",
    "metadata",
    "missing_heads",
    "upgrade",
]
