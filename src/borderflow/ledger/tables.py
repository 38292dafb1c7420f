"""Storage of persons, documents and crossings."""

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table

from borderflow.store.schema import UtcDateTime, metadata

__all__ = ["crossings", "documents", "persons"]

persons = Table(
    "persons",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("link_key", String(64), nullable=False, unique=True),
    Column("issuing_country", String(2), nullable=False),
    Column("surname", String(120), nullable=False),
    Column("given_names", String(120), nullable=False),
    Column("date_of_birth", Date, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_key", String(64), nullable=False, unique=True),
    Column("person_id", Integer, ForeignKey("persons.id"), nullable=False, index=True),
    Column("doc_type", String(32), nullable=False),
    Column("issuing_country", String(2), nullable=False),
    Column("number", String(24), nullable=False),
    Column("surname", String(120), nullable=False),
    Column("given_names", String(120), nullable=False),
    Column("date_of_birth", Date, nullable=False),
    Column("nationality", String(2), nullable=False),
    Column("sex", String(1), nullable=True),
    Index("ix_documents_issuing_number", "issuing_country", "number"),
)

crossings = Table(
    "crossings",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("person_id", Integer, ForeignKey("persons.id"), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("mode", String(24), nullable=False),
    Column("port", String(16), nullable=False),
    Column("from_country", String(2), nullable=False),
    Column("to_country", String(2), nullable=False),
    Column("crossed_at", UtcDateTime(), nullable=False),
    Column("local_day", Date, nullable=False),
    Column("admission_class", String(32), nullable=True),
    Column("admitted_until", Date, nullable=True),
    Column("recorded_by", String(160), nullable=False),
    Column("source", String(160), nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Index("ix_crossings_person_time", "person_id", "crossed_at"),
    Index("ix_crossings_port_day", "port", "local_day"),
    Index("ix_crossings_to_until", "to_country", "admitted_until"),
)
