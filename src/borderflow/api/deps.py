"""FastAPI dependencies: the node's services, the database connection and the caller.

Routers declare what they need with ``Annotated`` types::

    @router.get("/things")
    def things(caller: Annotated[Principal, Depends(require_roles(Role.OFFICER))],
               connection: DbConnection) -> ...
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection, Engine

from borderflow.errors import Forbidden, Unauthorized
from borderflow.settings import Settings
from borderflow.users import Principal, Role, UserRepository

__all__ = [
    "AnyCaller",
    "Clock",
    "DbConnection",
    "NodeClock",
    "NodeSettings",
    "get_connection",
    "get_engine",
    "require_roles",
]

_bearer = HTTPBearer(auto_error=False, description="An API token issued by `borderflow users add`.")


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_connection(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Connection]:
    """One transaction per request: committed when the handler returns, rolled back on error.

    Used with ``scope="function"`` so that the commit happens before the response is sent:
    a client that got its answer can count on what it was told having been recorded.
    """
    with engine.begin() as connection:
        yield connection


DbConnection = Annotated[Connection, Depends(get_connection, scope="function")]
NodeSettings = Annotated[Settings, Depends(get_settings)]

Clock = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def get_clock(request: Request) -> Clock:
    """The node's clock: ``app.state.clock`` when a test or a simulation sets one."""
    clock: Clock = getattr(request.app.state, "clock", None) or _utc_now
    return clock


NodeClock = Annotated[Clock, Depends(get_clock)]


def authenticate(
    engine: Annotated[Engine, Depends(get_engine)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller behind the bearer token; 401 when it is missing, malformed or unknown."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("missing API token: send 'Authorization: Bearer <token>'")
    with engine.connect() as connection:
        return UserRepository(connection).authenticate(credentials.credentials)


AnyCaller = Annotated[Principal, Depends(authenticate)]


def require_roles(*roles: Role) -> Callable[[Principal], Principal]:
    """A dependency that lets through only callers holding one of ``roles`` (403 otherwise)."""
    allowed = frozenset(roles)

    def check(caller: AnyCaller) -> Principal:
        if not caller.has_any(allowed):
            names = ", ".join(sorted(r.value for r in allowed))
            raise Forbidden(f"this action needs one of the roles: {names}")
        return caller

    return check
