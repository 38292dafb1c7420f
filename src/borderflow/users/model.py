"""Roles and the authenticated caller (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from borderflow.errors import InvalidInput

__all__ = ["PERSONAL_DATA_ROLES", "Principal", "Role", "parse_roles"]


class Role(StrEnum):
    """What a user may do. ``observer`` is read-only; ``public`` sees no personal data."""

    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    TARGETER = "targeter"
    PROGRAM_ADMIN = "program_admin"
    OBSERVER = "observer"
    PUBLIC = "public"


#: Roles that may read personal data held in the ledger (see docs/security.md).
PERSONAL_DATA_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR, Role.TARGETER})


def parse_roles(values: Iterable[str]) -> frozenset[Role]:
    """Roles from their names; an unknown name is an error naming the field ``roles``."""
    roles: set[Role] = set()
    for value in values:
        name = value.strip().lower()
        try:
            roles.add(Role(name))
        except ValueError:
            allowed = ", ".join(r.value for r in Role)
            raise InvalidInput(
                f"unknown role {value!r}: expected one of {allowed}", field="roles"
            ) from None
    if not roles:
        raise InvalidInput("a user needs at least one role", field="roles")
    return frozenset(roles)


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller of a request: a user of a country with roles."""

    user_id: int
    name: str
    country: str
    roles: frozenset[Role]

    def has_any(self, roles: Iterable[Role]) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def may_read_personal_data(self) -> bool:
        return self.has_any(PERSONAL_DATA_ROLES)

    @property
    def actor(self) -> str:
        """How the audit log and the ledger name this caller."""
        return f"user:{self.user_id}:{self.name}"
