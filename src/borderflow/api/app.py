"""The application factory."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import Engine

import borderflow
from borderflow.api.errors import install_error_handlers
from borderflow.api.routers import (
    commerce,
    federation,
    identity,
    inspection,
    ledger,
    meta,
    ports,
    programs,
    screening,
    targeting,
)
from borderflow.settings import Settings
from borderflow.store import create_db_engine

__all__ = ["create_app"]

_DESCRIPTION = """
The HTTP service of one BorderFlow node. Authenticate with
`Authorization: Bearer <token>` (tokens come from `borderflow users add`).
Errors are `{"error": {"code", "message", "field", "problems"}}`.
"""


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """A FastAPI app serving the node described by ``settings`` (read from the environment
    when omitted), on ``engine`` or on an engine made from ``settings.database_url``."""
    settings = settings or Settings()
    app = FastAPI(
        title=f"BorderFlow node ({settings.country})",
        version=borderflow.__version__,
        description=_DESCRIPTION,
    )
    app.state.settings = settings
    app.state.engine = engine or create_db_engine(settings.database_url)
    install_error_handlers(app)
    for router in (
        meta.router,
        ports.router,
        ledger.router,
        programs.router,
        commerce.router,
        identity.router,
        federation.router,
        targeting.router,
        inspection.router,
        screening.router,
    ):
        app.include_router(router)
    return app
