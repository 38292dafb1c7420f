"""screening: watch lists, entries, names, TCO nominations, redress

Revision ID: screening_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

import borderflow.store.schema

revision = "screening_0001"
down_revision = None
branch_labels = ("screening",)
depends_on = None

UtcDateTime = borderflow.store.schema.UtcDateTime


def upgrade() -> None:
    op.create_table(
        "screening_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("loaded_at", UtcDateTime(timezone=True), nullable=False),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.Column("rejected_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_lists")),
        sa.UniqueConstraint("source", "version", name="uq_screening_lists_source_version"),
    )
    op.create_table(
        "screening_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("entry_key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["screening_lists.id"],
            name=op.f("fk_screening_entries_list_id_screening_lists"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_entries")),
        sa.UniqueConstraint("list_id", "entry_key", name="uq_screening_entries_list_id_entry_key"),
    )
    op.create_index(op.f("ix_screening_entries_list_id"), "screening_entries", ["list_id"])
    op.create_table(
        "screening_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_row", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("strength", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_row"],
            ["screening_entries.id"],
            name=op.f("fk_screening_names_entry_row_screening_entries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_names")),
    )
    op.create_index(op.f("ix_screening_names_entry_row"), "screening_names", ["entry_row"])
    op.create_table(
        "screening_nominations",
        sa.Column("nomination_id", sa.String(length=36), nullable=False),
        sa.Column("entry_key", sa.String(length=200), nullable=False),
        sa.Column("organization", sa.String(length=256), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("nominated_by", sa.String(length=128), nullable=False),
        sa.Column("nominated_at", UtcDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(length=128), nullable=True),
        sa.Column("decided_at", UtcDateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("entry", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("nomination_id", name=op.f("pk_screening_nominations")),
    )
    op.create_index(op.f("ix_screening_nominations_status"), "screening_nominations", ["status"])
    op.create_table(
        "screening_redress",
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("nomination_id", sa.String(length=36), nullable=False),
        sa.Column("requester", sa.String(length=256), nullable=False),
        sa.Column("grounds", sa.Text(), nullable=False),
        sa.Column("received_at", UtcDateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(length=128), nullable=True),
        sa.Column("decided_at", UtcDateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["nomination_id"],
            ["screening_nominations.nomination_id"],
            name=op.f("fk_screening_redress_nomination_id_screening_nominations"),
        ),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_screening_redress")),
    )
    op.create_index(
        op.f("ix_screening_redress_nomination_id"), "screening_redress", ["nomination_id"]
    )


def downgrade() -> None:
    op.drop_table("screening_redress")
    op.drop_table("screening_nominations")
    op.drop_table("screening_names")
    op.drop_table("screening_entries")
    op.drop_table("screening_lists")
