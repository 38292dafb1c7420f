"""What every command needs: the node's settings and its database engine."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Engine

from borderflow.settings import Settings
from borderflow.store import create_db_engine

__all__ = ["node_engine", "node_settings"]


@cache
def node_settings() -> Settings:
    """Settings from the environment (``BORDERFLOW_*``) and ``.env``."""
    return Settings()


@cache
def node_engine() -> Engine:
    return create_db_engine(node_settings().database_url)
