"""Shared fixtures.

``engine`` is a migrated database for one test. By default it is a fresh SQLite file;
when ``BORDERFLOW_DATABASE_URL`` names a PostgreSQL server (as CI's second pass does) it
is that database, migrated once per session and emptied before each test. Storage and
API tests use it, so the same tests run unchanged on both.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from borderflow.audit.chain import GENESIS
from borderflow.settings import Settings
from borderflow.store import create_db_engine, upgrade
from borderflow.store.tables import metadata

POSTGRES_URL = os.environ.get("BORDERFLOW_DATABASE_URL", "")
ON_POSTGRES = POSTGRES_URL.startswith(("postgresql", "postgres:"))


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The shared public data sets (``BORDERFLOW_DATA_DIR`` or ``../shared/data``)."""
    path = Settings().data_dir
    if not path.is_dir():
        pytest.fail(f"the data folder {path} is missing: set BORDERFLOW_DATA_DIR")
    return path


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database to start each test from: a SQLite file, or the PostgreSQL one."""
    if ON_POSTGRES:
        url = Settings(database_url=POSTGRES_URL).database_url
        engine = create_db_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        upgrade(engine)
        engine.dispose()
        yield url
        return
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = create_db_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    yield str(path)


@pytest.fixture
def database_url(_migrated_template: str, tmp_path: Path) -> str:
    """The URL of an empty, migrated database for this test."""
    if ON_POSTGRES:
        engine = create_db_engine(_migrated_template)
        names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables if t.name != "audit_head")
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            connection.execute(text(f"UPDATE audit_head SET seq = 0, hash = '{GENESIS}'"))
        engine.dispose()
        return _migrated_template
    path = tmp_path / "node.db"
    shutil.copyfile(_migrated_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_db_engine(database_url)
    yield engine
    engine.dispose()
