"""inspection: per-port policy versions; decisions record their version and the occupancy

Revision ID: inspection_0002
Revises: inspection_0001
"""

import sqlalchemy as sa
from alembic import op

import borderflow.store.schema

revision = "inspection_0002"
down_revision = "inspection_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inspection_policies",
        sa.Column("version", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("port", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("random_check_rate", sa.Float(), nullable=False),
        sa.Column("secondary_capacity", sa.Integer(), nullable=False),
        sa.Column("risk_threshold", sa.Float(), nullable=False),
        sa.Column("screening_refer_threshold", sa.Float(), nullable=False),
        sa.Column("screening_hold_threshold", sa.Float(), nullable=False),
        sa.Column(
            "effective_from", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("set_by", sa.String(length=160), nullable=False),
        sa.Column("set_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_inspection_policies")),
    )
    op.create_index(
        "ix_inspection_policies_port_effective",
        "inspection_policies",
        ["port", "effective_from"],
        unique=False,
    )
    with op.batch_alter_table("inspection_decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("policy_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("secondary_in_use", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_inspection_decisions_policy_version"), ["policy_version"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_inspection_decisions_policy_version_inspection_policies"),
            "inspection_policies",
            ["policy_version"],
            ["version"],
        )


def downgrade() -> None:
    with op.batch_alter_table("inspection_decisions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_inspection_decisions_policy_version_inspection_policies"),
            type_="foreignkey",
        )
        batch_op.drop_index(batch_op.f("ix_inspection_decisions_policy_version"))
        batch_op.drop_column("secondary_in_use")
        batch_op.drop_column("policy_version")
    op.drop_index("ix_inspection_policies_port_effective", table_name="inspection_policies")
    op.drop_table("inspection_policies")
