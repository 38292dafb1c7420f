"""Federation: node identity, peers, agreements, outbox streams and inbox.

Revision ID: federation_0001
Depends on: ledger_0001
"""

import sqlalchemy as sa
from alembic import op

from borderflow.store.schema import UtcDateTime

revision = "federation_0001"
down_revision = None
branch_labels = ("federation",)
depends_on = "ledger_0001"


def upgrade() -> None:
    op.create_table(
        "federation_node",
        sa.Column("node_id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("node_id", name="pk_federation_node"),
    )
    op.create_table(
        "federation_peers",
        sa.Column("node_id", sa.String(32), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("url", sa.String(512), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("added_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("node_id", name="pk_federation_peers"),
        sa.UniqueConstraint("country", name="uq_federation_peers_country"),
    )
    op.create_table(
        "federation_agreements",
        sa.Column("partner_country", sa.String(2), nullable=False),
        sa.Column("agreement_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("loaded_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("partner_country", name="pk_federation_agreements"),
    )
    op.create_table(
        "federation_streams",
        sa.Column("destination", sa.String(32), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("acked_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_attempt_at", UtcDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("destination", name="pk_federation_streams"),
    )
    op.create_table(
        "federation_outbox",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
            autoincrement=True,
        ),
        sa.Column("destination", sa.String(32), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("envelope", sa.JSON(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_federation_outbox"),
        sa.UniqueConstraint("event_id", name="uq_federation_outbox_event_id"),
        sa.UniqueConstraint("destination", "seq", name="uq_federation_outbox_destination_seq"),
    )
    op.create_table(
        "federation_inbox",
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("origin", sa.String(32), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(64), nullable=True),
        sa.Column("issued_at", UtcDateTime(), nullable=False),
        sa.Column("received_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("purged_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("event_id", name="pk_federation_inbox"),
        sa.UniqueConstraint("origin", "seq", name="uq_federation_inbox_origin_seq"),
    )
    op.create_index("ix_federation_inbox_expires_at", "federation_inbox", ["expires_at"])


def downgrade() -> None:
    for name in (
        "federation_inbox",
        "federation_outbox",
        "federation_streams",
        "federation_agreements",
        "federation_peers",
        "federation_node",
    ):
        op.drop_table(name)
