"""targeting: why an inspected declaration was selected (rule, model, random, port)

Revision ID: targeting_0002
Revises: targeting_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "targeting_0002"
down_revision = "targeting_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("targeting_outcomes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("selected_by", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("targeting_outcomes", schema=None) as batch_op:
        batch_op.drop_column("selected_by")
