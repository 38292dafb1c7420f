"""Users of a node, their roles, their API tokens and their cross-deputations."""

from borderflow.users.deputation_repository import DeputationRepository
from borderflow.users.deputations import Deputation, DeputationRequest
from borderflow.users.model import PERSONAL_DATA_ROLES, Principal, Role, parse_roles
from borderflow.users.repository import UserRepository
from borderflow.users.tokens import IssuedToken

__all__ = [
    "PERSONAL_DATA_ROLES",
    "Deputation",
    "DeputationRepository",
    "DeputationRequest",
    "IssuedToken",
    "Principal",
    "Role",
    "UserRepository",
    "parse_roles",
]
