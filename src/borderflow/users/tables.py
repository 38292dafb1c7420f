"""Storage of users, tokens and cross-deputations."""

from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, String, Table

from borderflow.store.schema import UtcDateTime, metadata

__all__ = ["api_tokens", "user_deputations", "users"]

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

#: A partner country's grant of its authority to a user at one port, for a period.
user_deputations = Table(
    "user_deputations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("partner", String(2), nullable=False),
    Column("port", String(16), nullable=False),
    Column("granted_by", String(160), nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_until", Date, nullable=False),
    Column("granted_at", UtcDateTime(), nullable=False),
    Column("revoked_at", UtcDateTime(), nullable=True),
    Column("revoked_by", String(160), nullable=True),
)
