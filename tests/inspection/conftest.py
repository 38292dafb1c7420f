"""Fixtures of the inspection API tests: a clock the test moves and a client of the router."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from borderflow.api.errors import install_error_handlers
from borderflow.api.routers.inspection import router
from borderflow.settings import Settings
from enrolment import StepClock


@pytest.fixture
def clock() -> StepClock:
    """The node's clock, moved by the test."""
    return StepClock(dt.datetime(2025, 3, 10, 18, 0, tzinfo=dt.UTC))


@pytest.fixture
def client(engine: Engine, database_url: str, clock: StepClock) -> Iterator[TestClient]:
    app = FastAPI()
    install_error_handlers(app)
    app.state.engine = engine
    app.state.settings = Settings(database_url=database_url, country="US")
    app.state.clock = clock
    app.include_router(router)
    with TestClient(app) as test_client:
        yield test_client
