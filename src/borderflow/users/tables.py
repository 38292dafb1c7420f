"""Storage of users and tokens."""

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table

from borderflow.store.schema import UtcDateTime, metadata

__all__ = ["api_tokens", "users"]

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(128), nullable=False, unique=True),
    Column("country", String(2), nullable=False),
    Column("roles", String(256), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_id", String(32), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("secret_hash", String(64), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("revoked", Boolean, nullable=False, default=False),
)
