"""Users of a node, their roles and their API tokens."""

from borderflow.users.model import PERSONAL_DATA_ROLES, Principal, Role, parse_roles
from borderflow.users.repository import UserRepository
from borderflow.users.tokens import IssuedToken

__all__ = [
    "PERSONAL_DATA_ROLES",
    "IssuedToken",
    "Principal",
    "Role",
    "UserRepository",
    "parse_roles",
]
