"""The one error hierarchy of BorderFlow.

Every error the library raises on purpose derives from :class:`BorderFlowError`, carries an
HTTP status, a stable machine ``code`` and, where one field of the input is to blame, that
``field``. The API maps them to responses through one handler; the CLI prints them.

::

    BorderFlowError (500)
    ├── InvalidInput (422)       a value is malformed or breaks a rule; names the field
    │   └── RowRejected (422)    one row of an import file; names the line too
    ├── NotFound (404)           an id, code or document the store does not hold
    ├── Conflict (409)           the request contradicts what is already recorded
    ├── Unauthorized (401)       no token, or a token that is unknown or revoked
    ├── Forbidden (403)          a known caller whose roles do not allow the action
    └── ConfigurationError (500) a setting or a data file the node needs is wrong
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

__all__ = [
    "BorderFlowError",
    "ConfigurationError",
    "Conflict",
    "Forbidden",
    "InvalidInput",
    "NotFound",
    "Problem",
    "RowRejected",
    "Unauthorized",
]


class BorderFlowError(Exception):
    """Root of every error BorderFlow raises on purpose."""

    status: ClassVar[int] = 500
    code: ClassVar[str] = "error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def to_dict(self) -> dict[str, Any]:
        """The error as the API sends it: code, message and, where known, the field."""
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field is not None:
            body["field"] = self.field
        return body

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input: the field (dotted path) and what was expected."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class InvalidInput(BorderFlowError):
    """A value is malformed or breaks a rule. ``problems`` lists every fault found."""

    status = 422
    code = "invalid_input"

    def __init__(
        self, message: str, *, field: str | None = None, problems: list[Problem] | None = None
    ) -> None:
        super().__init__(message, field=field)
        self.problems = problems or ([Problem(field, message)] if field else [])

    @classmethod
    def of(cls, problems: list[Problem]) -> InvalidInput:
        """One error for several problems; its message and field are the first one's."""
        first = problems[0]
        return cls(first.message, field=first.field, problems=problems)

    def to_dict(self) -> dict[str, Any]:
        body = super().to_dict()
        if self.problems:
            body["problems"] = [{"field": p.field, "message": p.message} for p in self.problems]
        return body


class RowRejected(InvalidInput):
    """A row of an import file that cannot be recorded, with its line number."""

    code = "row_rejected"

    def __init__(
        self,
        line: int,
        message: str,
        *,
        field: str | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        super().__init__(message, field=field, problems=problems)
        self.line = line

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "line": self.line}

    def __str__(self) -> str:
        return f"line {self.line}: {super().__str__()}"


class NotFound(BorderFlowError):
    status = 404
    code = "not_found"


class Conflict(BorderFlowError):
    status = 409
    code = "conflict"


class Unauthorized(BorderFlowError):
    status = 401
    code = "unauthorized"


class Forbidden(BorderFlowError):
    status = 403
    code = "forbidden"


class ConfigurationError(BorderFlowError):
    status = 500
    code = "configuration_error"
