"""Storage of the identity context: trust list, nonces, status lists, verified claims."""

from sqlalchemy import (
    JSON,
    Column,
    Integer,
    LargeBinary,
    String,
    Table,
    UniqueConstraint,
)

from borderflow.store.schema import UtcDateTime, metadata

__all__ = [
    "identity_crossing_claims",
    "identity_issued_copies",
    "identity_nonces",
    "identity_status_lists",
    "identity_trusted_keys",
]

identity_trusted_keys = Table(
    "identity_trusted_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("issuer", String(256), nullable=False, index=True),
    Column("thumbprint", String(64), nullable=False),
    Column("jwk", JSON, nullable=False),
    Column("source", String(64), nullable=False),
    Column("added_at", UtcDateTime(), nullable=False),
    UniqueConstraint("issuer", "thumbprint", name="uq_identity_trusted_keys_issuer"),
)

identity_nonces = Table(
    "identity_nonces",
    metadata,
    Column("nonce", String(64), primary_key=True),
    Column("audience", String(256), nullable=False),
    Column("issued_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False, index=True),
    Column("used_at", UtcDateTime(), nullable=True),
)

identity_status_lists = Table(
    "identity_status_lists",
    metadata,
    Column("uri", String(512), primary_key=True),
    Column("bits", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

identity_issued_copies = Table(
    "identity_issued_copies",
    metadata,
    Column("uri", String(512), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("batch_id", String(64), nullable=False, index=True),
    Column("issued_at", UtcDateTime(), nullable=False),
)

identity_crossing_claims = Table(
    "identity_crossing_claims",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("port", String(256), nullable=False),
    Column("copy_id", String(64), nullable=False, index=True),
    Column("issuer", String(256), nullable=False),
    Column("claims", JSON, nullable=False),
    Column("verified_at", UtcDateTime(), nullable=False),
    Column("retain_until", UtcDateTime(), nullable=False, index=True),
    Column("retention_reason", String(64), nullable=True),
    Column("reason_note", String(512), nullable=True),
)
