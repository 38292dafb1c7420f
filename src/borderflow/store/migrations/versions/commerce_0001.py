"""commerce: border-crossing cards, filed trips and their shipments

Revision ID: commerce_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

import borderflow.store.schema

revision = "commerce_0001"
down_revision = None
branch_labels = ("commerce",)
depends_on = "programs_0001"


def upgrade() -> None:
    op.create_table(
        "commerce_cards",
        sa.Column("card_number", sa.String(length=16), nullable=False),
        sa.Column("driver_member_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("issued_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.String(length=256), nullable=True),
        sa.ForeignKeyConstraint(
            ["driver_member_id"],
            ["program_members.id"],
            name=op.f("fk_commerce_cards_driver_member_id_program_members"),
        ),
        sa.PrimaryKeyConstraint("card_number", name=op.f("pk_commerce_cards")),
    )
    op.create_index(
        op.f("ix_commerce_cards_driver_member_id"),
        "commerce_cards",
        ["driver_member_id"],
        unique=False,
    )
    op.create_table(
        "commerce_trips",
        sa.Column("trip_id", sa.String(length=24), nullable=False),
        sa.Column("driver_member_id", sa.Integer(), nullable=False),
        sa.Column("card_number", sa.String(length=16), nullable=False),
        sa.Column("carrier", sa.String(length=72), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("port", sa.String(length=8), nullable=False),
        sa.Column("lane", sa.String(length=16), nullable=False),
        sa.Column(
            "expected_arrival", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("filed_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False),
        sa.Column("filed_by", sa.String(length=128), nullable=False),
        sa.Column("tractor_plate", sa.String(length=10), nullable=False),
        sa.Column("tractor_vin", sa.String(length=17), nullable=False),
        sa.Column("trailer_plate", sa.String(length=10), nullable=False),
        sa.Column(
            "presented_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["card_number"],
            ["commerce_cards.card_number"],
            name=op.f("fk_commerce_trips_card_number_commerce_cards"),
        ),
        sa.ForeignKeyConstraint(
            ["driver_member_id"],
            ["program_members.id"],
            name=op.f("fk_commerce_trips_driver_member_id_program_members"),
        ),
        sa.PrimaryKeyConstraint("trip_id", name=op.f("pk_commerce_trips")),
    )
    op.create_index(
        "ix_commerce_trips_driver_open",
        "commerce_trips",
        ["driver_member_id", "country", "presented_at", "expected_arrival"],
        unique=False,
    )
    op.create_table(
        "commerce_shipments",
        sa.Column("trip_id", sa.String(length=24), nullable=False),
        sa.Column("line", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("importer", sa.String(length=72), nullable=False),
        sa.Column("hs_code", sa.String(length=10), nullable=False),
        sa.Column("value_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("origin", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["trip_id"],
            ["commerce_trips.trip_id"],
            name=op.f("fk_commerce_shipments_trip_id_commerce_trips"),
        ),
        sa.PrimaryKeyConstraint("trip_id", "line", name=op.f("pk_commerce_shipments")),
    )


def downgrade() -> None:
    op.drop_table("commerce_shipments")
    op.drop_index("ix_commerce_trips_driver_open", table_name="commerce_trips")
    op.drop_table("commerce_trips")
    op.drop_index(op.f("ix_commerce_cards_driver_member_id"), table_name="commerce_cards")
    op.drop_table("commerce_cards")
