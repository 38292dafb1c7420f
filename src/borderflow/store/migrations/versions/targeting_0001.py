"""targeting: declarations, inspection outcomes, model registry and rule sets

Revision ID: targeting_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

import borderflow.store.schema

revision = "targeting_0001"
down_revision = None
branch_labels = ("targeting",)
# Outcome records and model promotions are audited in ``audit_log`` (created by ledger_0001).
depends_on = "ledger_0001"

_TEXT_CODES = (
    "tax_type",
    "process_type",
    "import_type",
    "import_use",
    "payment_type",
    "origin_indicator",
)


def upgrade() -> None:
    op.create_table(
        "targeting_declarations",
        sa.Column("declaration_id", sa.String(length=64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("office_id", sa.String(length=32), nullable=False),
        sa.Column("importer_id", sa.String(length=64), nullable=False),
        sa.Column("declarant_id", sa.String(length=64), nullable=False),
        sa.Column("seller_id", sa.String(length=64), nullable=True),
        sa.Column("courier_id", sa.String(length=64), nullable=True),
        sa.Column("hs_code", sa.String(length=10), nullable=False),
        sa.Column("origin_country", sa.String(length=2), nullable=False),
        sa.Column("departure_country", sa.String(length=2), nullable=False),
        sa.Column("transport_mode", sa.String(length=16), nullable=False),
        sa.Column("net_mass", sa.Float(), nullable=False),
        sa.Column("item_price", sa.Float(), nullable=False),
        sa.Column("tax_rate", sa.Float(), nullable=False),
        *(sa.Column(name, sa.String(length=16), nullable=False) for name in _TEXT_CODES),
        sa.Column("source", sa.String(length=256), nullable=False),
        sa.Column(
            "imported_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("declaration_id", name=op.f("pk_targeting_declarations")),
    )
    op.create_index(op.f("ix_targeting_declarations_date"), "targeting_declarations", ["date"])
    op.create_index(
        op.f("ix_targeting_declarations_importer_id"), "targeting_declarations", ["importer_id"]
    )
    op.create_table(
        "targeting_outcomes",
        sa.Column("declaration_id", sa.String(length=64), nullable=False),
        sa.Column("fraud", sa.Boolean(), nullable=False),
        sa.Column("critical", sa.Boolean(), nullable=False),
        sa.Column("inspected_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=512), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column(
            "recorded_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["targeting_declarations.declaration_id"],
            name=op.f("fk_targeting_outcomes_declaration_id_targeting_declarations"),
        ),
        sa.PrimaryKeyConstraint("declaration_id", name=op.f("pk_targeting_outcomes")),
    )
    op.create_table(
        "targeting_models",
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("path", sa.String(length=1024), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("signer", sa.String(length=64), nullable=False),
        sa.Column("public_key", sa.String(length=512), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("card", sa.JSON(), nullable=False),
        sa.Column(
            "registered_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("promoted_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_targeting_models")),
    )
    op.create_table(
        "targeting_rule_sets",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=2), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column(
            "registered_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("name", "version", name=op.f("pk_targeting_rule_sets")),
    )


def downgrade() -> None:
    op.drop_table("targeting_rule_sets")
    op.drop_table("targeting_models")
    op.drop_table("targeting_outcomes")
    op.drop_index(
        op.f("ix_targeting_declarations_importer_id"), table_name="targeting_declarations"
    )
    op.drop_index(op.f("ix_targeting_declarations_date"), table_name="targeting_declarations")
    op.drop_table("targeting_declarations")
