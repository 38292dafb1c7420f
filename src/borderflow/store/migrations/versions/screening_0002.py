"""screening: partners' mirrored TCO nominations (origin) and a change counter (revision)

Revision ID: screening_0002
Revises: screening_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "screening_0002"
down_revision = "screening_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("screening_nominations") as batch:
        batch.add_column(sa.Column("origin", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("screening_nominations") as batch:
        batch.drop_column("revision")
        batch.drop_column("origin")
