"""Identity: trust list of issuer keys, port nonces, status lists, verified claims.

Revision ID: identity_0001
"""

import sqlalchemy as sa
from alembic import op

from borderflow.store.schema import UtcDateTime

revision = "identity_0001"
down_revision = None
branch_labels = ("identity",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "identity_trusted_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(256), nullable=False),
        sa.Column("thumbprint", sa.String(64), nullable=False),
        sa.Column("jwk", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("added_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_identity_trusted_keys"),
        sa.UniqueConstraint("issuer", "thumbprint", name="uq_identity_trusted_keys_issuer"),
    )
    op.create_index(
        "ix_identity_trusted_keys_issuer", "identity_trusted_keys", ["issuer"], unique=False
    )
    op.create_table(
        "identity_nonces",
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.Column("audience", sa.String(256), nullable=False),
        sa.Column("issued_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.Column("used_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("nonce", name="pk_identity_nonces"),
    )
    op.create_index(
        "ix_identity_nonces_expires_at", "identity_nonces", ["expires_at"], unique=False
    )
    op.create_table(
        "identity_status_lists",
        sa.Column("uri", sa.String(512), nullable=False),
        sa.Column("bits", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("uri", name="pk_identity_status_lists"),
    )
    op.create_table(
        "identity_issued_copies",
        sa.Column("uri", sa.String(512), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.String(64), nullable=False),
        sa.Column("issued_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("uri", "idx", name="pk_identity_issued_copies"),
    )
    op.create_index(
        "ix_identity_issued_copies_batch_id", "identity_issued_copies", ["batch_id"], unique=False
    )
    op.create_table(
        "identity_crossing_claims",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("port", sa.String(256), nullable=False),
        sa.Column("copy_id", sa.String(64), nullable=False),
        sa.Column("issuer", sa.String(256), nullable=False),
        sa.Column("claims", sa.JSON(), nullable=False),
        sa.Column("verified_at", UtcDateTime(), nullable=False),
        sa.Column("retain_until", UtcDateTime(), nullable=False),
        sa.Column("retention_reason", sa.String(64), nullable=True),
        sa.Column("reason_note", sa.String(512), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_identity_crossing_claims"),
    )
    op.create_index(
        "ix_identity_crossing_claims_copy_id", "identity_crossing_claims", ["copy_id"], unique=False
    )
    op.create_index(
        "ix_identity_crossing_claims_retain_until",
        "identity_crossing_claims",
        ["retain_until"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_table("identity_crossing_claims")
    op.drop_table("identity_issued_copies")
    op.drop_table("identity_status_lists")
    op.drop_table("identity_nonces")
    op.drop_table("identity_trusted_keys")
