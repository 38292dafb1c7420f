"""Storage of declarations, inspection outcomes, the model registry and rule sets."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
)

from borderflow.store.schema import UtcDateTime, metadata

__all__ = [
    "targeting_declarations",
    "targeting_models",
    "targeting_outcomes",
    "targeting_rule_sets",
]

targeting_declarations = Table(
    "targeting_declarations",
    metadata,
    Column("declaration_id", String(64), primary_key=True),
    Column("date", Date, nullable=False, index=True),
    Column("office_id", String(32), nullable=False),
    Column("importer_id", String(64), nullable=False, index=True),
    Column("declarant_id", String(64), nullable=False),
    Column("seller_id", String(64), nullable=True),
    Column("courier_id", String(64), nullable=True),
    Column("hs_code", String(10), nullable=False),
    Column("origin_country", String(2), nullable=False),
    Column("departure_country", String(2), nullable=False),
    Column("transport_mode", String(16), nullable=False),
    Column("net_mass", Float, nullable=False),
    Column("item_price", Float, nullable=False),
    Column("tax_rate", Float, nullable=False),
    Column("tax_type", String(16), nullable=False),
    Column("process_type", String(16), nullable=False),
    Column("import_type", String(16), nullable=False),
    Column("import_use", String(16), nullable=False),
    Column("payment_type", String(16), nullable=False),
    Column("origin_indicator", String(16), nullable=False),
    Column("source", String(256), nullable=False),
    Column("imported_at", UtcDateTime(), nullable=False),
)

targeting_outcomes = Table(
    "targeting_outcomes",
    metadata,
    Column(
        "declaration_id",
        String(64),
        ForeignKey("targeting_declarations.declaration_id"),
        primary_key=True,
    ),
    Column("fraud", Boolean, nullable=False),
    Column("critical", Boolean, nullable=False),
    Column("inspected_on", Date, nullable=True),
    Column("note", String(512), nullable=False),
    Column("selected_by", String(16), nullable=True),
    Column("recorded_by", String(128), nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
)

targeting_models = Table(
    "targeting_models",
    metadata,
    Column("version", String(64), primary_key=True),
    Column("path", String(1024), nullable=False),
    Column("digest", String(64), nullable=False),
    Column("signer", String(64), nullable=False),
    Column("public_key", String(512), nullable=False),
    Column("status", String(16), nullable=False),
    Column("card", JSON, nullable=False),
    Column("registered_at", UtcDateTime(), nullable=False),
    Column("promoted_at", UtcDateTime(), nullable=True),
)

targeting_rule_sets = Table(
    "targeting_rule_sets",
    metadata,
    Column("name", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("owner", String(2), nullable=False),
    Column("state", String(16), nullable=False),
    Column("document", JSON, nullable=False),
    Column("registered_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("name", "version"),
)
