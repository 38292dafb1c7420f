"""Storage of watch lists (versions, entries, names) and the shared TCO list."""

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint

from borderflow.store.schema import UtcDateTime, metadata

__all__ = [
    "screening_entries",
    "screening_lists",
    "screening_names",
    "screening_nominations",
    "screening_redress",
]

screening_lists = Table(
    "screening_lists",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(64), nullable=False),
    Column("version", String(64), nullable=False),
    Column("loaded_at", UtcDateTime(), nullable=False),
    Column("entry_count", Integer, nullable=False),
    Column("rejected_count", Integer, nullable=False),
    UniqueConstraint("source", "version", name="uq_screening_lists_source_version"),
)

screening_entries = Table(
    "screening_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("list_id", Integer, ForeignKey("screening_lists.id"), nullable=False, index=True),
    Column("entry_key", String(200), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("payload", JSON, nullable=False),
    UniqueConstraint("list_id", "entry_key", name="uq_screening_entries_list_id_entry_key"),
)

screening_names = Table(
    "screening_names",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entry_row", Integer, ForeignKey("screening_entries.id"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("strength", String(16), nullable=False),
)

screening_nominations = Table(
    "screening_nominations",
    metadata,
    Column("nomination_id", String(36), primary_key=True),
    Column("entry_key", String(200), nullable=False),
    Column("organization", String(256), nullable=False),
    Column("basis", Text, nullable=False),
    Column("country", String(2), nullable=False),
    Column("nominated_by", String(128), nullable=False),
    Column("nominated_at", UtcDateTime(), nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("decided_by", String(128)),
    Column("decided_at", UtcDateTime()),
    Column("reason", Text, nullable=False),
    Column("entry", JSON, nullable=False),
    Column("origin", String(64)),
    Column("revision", Integer, nullable=False, server_default="1"),
)

screening_redress = Table(
    "screening_redress",
    metadata,
    Column("request_id", String(36), primary_key=True),
    Column(
        "nomination_id",
        String(36),
        ForeignKey("screening_nominations.nomination_id"),
        nullable=False,
        index=True,
    ),
    Column("requester", String(256), nullable=False),
    Column("grounds", Text, nullable=False),
    Column("received_at", UtcDateTime(), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("decided_by", String(128)),
    Column("decided_at", UtcDateTime()),
    Column("reason", Text, nullable=False),
)
