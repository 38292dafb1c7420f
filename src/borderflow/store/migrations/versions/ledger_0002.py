"""users: cross-deputations (a partner's authority at one port, for a period)

Revision ID: ledger_0002
Revises: ledger_0001
"""

import sqlalchemy as sa
from alembic import op

import borderflow.store.schema

revision = "ledger_0002"
down_revision = "ledger_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_deputations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("partner", sa.String(length=2), nullable=False),
        sa.Column("port", sa.String(length=16), nullable=False),
        sa.Column("granted_by", sa.String(length=160), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("granted_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(length=160), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_deputations_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_deputations")),
    )
    op.create_index(
        op.f("ix_user_deputations_user_id"), "user_deputations", ["user_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_user_deputations_user_id"), table_name="user_deputations")
    op.drop_table("user_deputations")
