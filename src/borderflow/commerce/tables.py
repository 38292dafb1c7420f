"""Storage of border-crossing cards, filed trips and their shipments."""

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String, Table

from borderflow.store.schema import UtcDateTime, metadata

__all__ = ["commerce_cards", "commerce_shipments", "commerce_trips"]

commerce_cards = Table(
    "commerce_cards",
    metadata,
    Column("card_number", String(16), primary_key=True),
    Column(
        "driver_member_id", Integer, ForeignKey("program_members.id"), nullable=False, index=True
    ),
    Column("status", String(16), nullable=False),
    Column("issued_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("revoked_at", UtcDateTime(), nullable=True),
    Column("revoked_reason", String(256), nullable=True),
)

commerce_trips = Table(
    "commerce_trips",
    metadata,
    Column("trip_id", String(24), primary_key=True),
    Column("driver_member_id", Integer, ForeignKey("program_members.id"), nullable=False),
    Column("card_number", String(16), ForeignKey("commerce_cards.card_number"), nullable=False),
    Column("carrier", String(72), nullable=False),
    Column("country", String(2), nullable=False),
    Column("port", String(8), nullable=False),
    Column("lane", String(16), nullable=False),
    Column("expected_arrival", UtcDateTime(), nullable=False),
    Column("filed_at", UtcDateTime(), nullable=False),
    Column("filed_by", String(128), nullable=False),
    Column("tractor_plate", String(10), nullable=False),
    Column("tractor_vin", String(17), nullable=False),
    Column("trailer_plate", String(10), nullable=False),
    Column("presented_at", UtcDateTime(), nullable=True),
    Index(
        "ix_commerce_trips_driver_open",
        "driver_member_id",
        "country",
        "presented_at",
        "expected_arrival",
    ),
)

commerce_shipments = Table(
    "commerce_shipments",
    metadata,
    Column("trip_id", String(24), ForeignKey("commerce_trips.trip_id"), primary_key=True),
    Column("line", Integer, primary_key=True, autoincrement=False),
    Column("importer", String(72), nullable=False),
    Column("hs_code", String(10), nullable=False),
    Column("value_cents", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("origin", String(2), nullable=False),
)
