"""Users and tokens in the node's database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Connection, insert, select, update

from borderflow.errors import Conflict, InvalidInput, NotFound, Unauthorized
from borderflow.reference import default_catalog
from borderflow.users.model import Principal, parse_roles
from borderflow.users.tables import api_tokens, users
from borderflow.users.tokens import IssuedToken, hash_secret, new_token, secret_matches, split_token

__all__ = ["UserRepository"]

_BAD_TOKEN = "the API token is unknown or revoked"  # noqa: S105 (a message, not a secret)


class UserRepository:
    """Creates users, issues and revokes their tokens, and authenticates tokens."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, name: str, country: str, roles: Iterable[str]) -> IssuedToken:
        """Create a user and issue its first token."""
        name = name.strip()
        if not name:
            raise InvalidInput("a user needs a name", field="name")
        country_code = default_catalog().country(country).alpha2
        parsed = sorted(r.value for r in parse_roles(roles))
        if self._find(name) is not None:
            raise Conflict(f"a user named {name!r} exists already", field="name")
        user_id = self.connection.execute(
            insert(users)
            .values(name=name, country=country_code, roles=",".join(parsed), created_at=_now())
            .returning(users.c.id)
        ).scalar_one()
        return self.issue_token(int(user_id))

    def issue_token(self, user_id: int) -> IssuedToken:
        token_id, secret, value = new_token()
        self.connection.execute(
            insert(api_tokens).values(
                token_id=token_id,
                user_id=user_id,
                secret_hash=hash_secret(secret),
                created_at=_now(),
                revoked=False,
            )
        )
        return IssuedToken(token_id=token_id, user_id=user_id, value=value)

    def token_for(self, name: str) -> IssuedToken:
        """A new token for the existing user ``name``."""
        return self.issue_token(self.named(name).user_id)

    def named(self, name: str, *, field: str = "name") -> Principal:
        """The user called ``name``; :class:`NotFound` naming ``field`` otherwise."""
        found = self._find(name.strip())
        if found is None:
            raise NotFound(f"no user named {name!r}", field=field)
        return found

    def revoke(self, token_id: str) -> None:
        done = self.connection.execute(
            update(api_tokens).where(api_tokens.c.token_id == token_id).values(revoked=True)
        )
        if done.rowcount == 0:
            raise NotFound(f"no token with id {token_id!r}", field="token_id")

    def authenticate(self, value: str) -> Principal:
        """The user a token belongs to; a malformed, unknown or revoked token is refused."""
        parts = split_token(value)
        if parts is None:
            raise Unauthorized("malformed API token: expected 'bf_<id>_<secret>'")
        token_id, secret = parts
        row = self.connection.execute(
            select(api_tokens.c.secret_hash, api_tokens.c.revoked, api_tokens.c.user_id).where(
                api_tokens.c.token_id == token_id
            )
        ).first()
        stored = row.secret_hash if row is not None else hash_secret("")
        matches = secret_matches(secret, stored)
        if row is None or row.revoked or not matches:
            raise Unauthorized(_BAD_TOKEN)
        return self._principal(int(row.user_id))

    def all(self) -> list[Principal]:
        rows = self.connection.execute(select(users).order_by(users.c.id))
        return [_to_principal(row._asdict()) for row in rows]

    def _find(self, name: str) -> Principal | None:
        row = self.connection.execute(select(users).where(users.c.name == name)).first()
        return None if row is None else _to_principal(row._asdict())

    def _principal(self, user_id: int) -> Principal:
        row = self.connection.execute(select(users).where(users.c.id == user_id)).one()
        return _to_principal(row._asdict())


def _to_principal(row: dict[str, object]) -> Principal:
    return Principal(
        user_id=int(str(row["id"])),
        name=str(row["name"]),
        country=str(row["country"]),
        roles=parse_roles(str(row["roles"]).split(",")),
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
