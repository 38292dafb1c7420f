"""Storage of the audit log."""

from sqlalchemy import JSON, Column, Integer, String, Table

from borderflow.store.schema import UtcDateTime, metadata

__all__ = ["audit_head", "audit_log"]

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("action", String(64), nullable=False),
    Column("actor", String(128), nullable=False),
    Column("subject", String(256), nullable=False),
    Column("details", JSON, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

#: One row (id 1): the sequence number and hash of the last entry. Appenders update it
#: first, which serialises them on every database, and ``verify`` compares it with the
#: log, which reveals entries deleted from the end.
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)
