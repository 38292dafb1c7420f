"""An app over the test database, and one token per role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from borderflow.api import create_app
from borderflow.settings import Settings
from borderflow.users import Role, UserRepository


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=database_url, country="US")
    with TestClient(create_app(settings, engine)) as test_client:
        yield test_client


@pytest.fixture
def tokens(engine: Engine) -> dict[str, str]:
    """``role name -> Authorization header value`` for a US user holding only that role."""
    found = {}
    with engine.begin() as connection:
        users = UserRepository(connection)
        for role in Role:
            found[role.value] = f"Bearer {users.add(f'{role.value}-user', 'US', [role]).value}"
    return found
