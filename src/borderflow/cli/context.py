"""What every command needs: the node's settings and its database engine."""

from __future__ import annotations

from functools import cache

from pydantic import ValidationError
from sqlalchemy import Engine

from borderflow.errors import ConfigurationError
from borderflow.settings import Settings
from borderflow.store import create_db_engine

__all__ = ["node_engine", "node_settings"]


@cache
def node_settings() -> Settings:
    """Settings from the environment (``BORDERFLOW_*``) and ``.env``; a wrong value is a
    :class:`ConfigurationError` naming its variable and what was expected."""
    try:
        return Settings()
    except ValidationError as error:
        found = [
            (
                f"BORDERFLOW_{'_'.join(map(str, e['loc'])).upper()}",
                f"{e['msg']} (got {e['input']!r})",
            )
            for e in error.errors()
        ]
        (first, problem), *others = found
        message = "; ".join([problem, *(f"{name}: {text}" for name, text in others)])
        raise ConfigurationError(message, field=first) from None


@cache
def node_engine() -> Engine:
    return create_db_engine(node_settings().database_url)
