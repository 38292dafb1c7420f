"""The one table that maps errors to HTTP responses."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from borderflow.errors import BorderFlowError

__all__ = ["install_error_handlers"]


async def _borderflow_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BorderFlowError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return JSONResponse(status_code=exc.status, content={"error": exc.to_dict()}, headers=headers)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    """Pydantic's errors, each naming its field as a dotted path."""
    assert isinstance(exc, RequestValidationError)
    problems = [
        {
            "field": ".".join(str(p) for p in err["loc"] if p not in ("body", "query", "path")),
            "message": err["msg"],
        }
        for err in exc.errors()
    ]
    first = problems[0] if problems else {"field": "", "message": "invalid request"}
    body = {
        "code": "invalid_input",
        "message": first["message"],
        "field": first["field"],
        "problems": problems,
    }
    return JSONResponse(status_code=422, content={"error": body})


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(BorderFlowError, _borderflow_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
