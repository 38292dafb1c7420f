"""Storage of the node's identity, its peers, agreements, outbox streams and inbox."""

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from borderflow.store.schema import UtcDateTime, metadata

__all__ = [
    "federation_agreements",
    "federation_inbox",
    "federation_node",
    "federation_outbox",
    "federation_peers",
    "federation_streams",
]

federation_node = Table(
    "federation_node",
    metadata,
    Column("node_id", String(32), primary_key=True),
    Column("name", String(64), nullable=False),
    Column("country", String(2), nullable=False),
    Column("public_key", String(64), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)

federation_peers = Table(
    "federation_peers",
    metadata,
    Column("node_id", String(32), primary_key=True),
    Column("name", String(64), nullable=False),
    Column("country", String(2), nullable=False, unique=True),
    Column("url", String(512), nullable=False),
    Column("public_key", String(64), nullable=False),
    Column("added_at", UtcDateTime(), nullable=False),
)

federation_agreements = Table(
    "federation_agreements",
    metadata,
    Column("partner_country", String(2), primary_key=True),
    Column("agreement_id", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("body", JSON, nullable=False),
    Column("loaded_at", UtcDateTime(), nullable=False),
)

# One stream per destination: the last sequence number given out, and how far the
# destination has acknowledged. Updating the row serialises writers on PostgreSQL.
federation_streams = Table(
    "federation_streams",
    metadata,
    Column("destination", String(32), primary_key=True),
    Column("last_seq", BigInteger, nullable=False),
    Column("acked_seq", BigInteger, nullable=False),
    Column("last_attempt_at", UtcDateTime(), nullable=True),
    Column("last_error", Text, nullable=True),
)

federation_outbox = Table(
    "federation_outbox",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("destination", String(32), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("event_id", String(64), nullable=False, unique=True),
    Column("kind", String(64), nullable=False),
    Column("envelope", JSON, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint("destination", "seq", name="uq_federation_outbox_destination_seq"),
)

federation_inbox = Table(
    "federation_inbox",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("origin", String(32), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("kind", String(64), nullable=False),
    Column("subject", String(64), nullable=True),
    Column("issued_at", UtcDateTime(), nullable=False),
    Column("received_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False, index=True),
    Column("payload", JSON, nullable=True),
    Column("purged_at", UtcDateTime(), nullable=True),
    UniqueConstraint("origin", "seq", name="uq_federation_inbox_origin_seq"),
)
