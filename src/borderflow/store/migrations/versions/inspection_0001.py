"""inspection: decisions at primary (linked to ledger crossings) and secondary results

Revision ID: inspection_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

import borderflow.store.schema

revision = "inspection_0001"
down_revision = None
branch_labels = ("inspection",)
# Decisions point at ``crossings`` and are audited in ``audit_log`` (both ledger_0001).
depends_on = "ledger_0001"


def upgrade() -> None:
    op.create_table(
        "inspection_decisions",
        sa.Column("arrival_id", sa.String(length=64), nullable=False),
        sa.Column("crossing_id", sa.String(length=64), nullable=True),
        sa.Column("declaration_id", sa.String(length=64), nullable=True),
        sa.Column("port", sa.String(length=16), nullable=False),
        sa.Column("entering", sa.String(length=2), nullable=False),
        sa.Column("mode", sa.String(length=24), nullable=False),
        sa.Column("lane", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=8), nullable=False),
        sa.Column("primary_interview", sa.Boolean(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("referred_by", sa.JSON(), nullable=False),
        sa.Column("policy", sa.String(length=16), nullable=False),
        sa.Column("officer", sa.String(length=160), nullable=False),
        sa.Column("authority", sa.String(length=2), nullable=False),
        sa.Column("draw", sa.Float(), nullable=False),
        sa.Column("decided_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["crossing_id"],
            ["crossings.id"],
            name=op.f("fk_inspection_decisions_crossing_id_crossings"),
        ),
        sa.PrimaryKeyConstraint("arrival_id", name=op.f("pk_inspection_decisions")),
    )
    op.create_index(
        op.f("ix_inspection_decisions_crossing_id"),
        "inspection_decisions",
        ["crossing_id"],
        unique=True,
    )
    op.create_index(
        "ix_inspection_decisions_port_day",
        "inspection_decisions",
        ["port", "local_day"],
        unique=False,
    )
    op.create_table(
        "inspection_outcomes",
        sa.Column("arrival_id", sa.String(length=64), nullable=False),
        sa.Column("found", sa.Boolean(), nullable=False),
        sa.Column("critical", sa.Boolean(), nullable=False),
        sa.Column("what", sa.String(length=512), nullable=False),
        sa.Column("officer", sa.String(length=160), nullable=False),
        sa.Column("selected_by", sa.String(length=16), nullable=False),
        sa.Column(
            "reported_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["arrival_id"],
            ["inspection_decisions.arrival_id"],
            name=op.f("fk_inspection_outcomes_arrival_id_inspection_decisions"),
        ),
        sa.PrimaryKeyConstraint("arrival_id", name=op.f("pk_inspection_outcomes")),
    )


def downgrade() -> None:
    op.drop_table("inspection_outcomes")
    op.drop_index("ix_inspection_decisions_port_day", table_name="inspection_decisions")
    op.drop_index(op.f("ix_inspection_decisions_crossing_id"), table_name="inspection_decisions")
    op.drop_table("inspection_decisions")
