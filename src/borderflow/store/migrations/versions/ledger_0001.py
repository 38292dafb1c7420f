"""ledger, users and audit log

Revision ID: ledger_0001
Revises:
Create Date: 2026-11-29 23:48:37.683958
"""

import sqlalchemy as sa
from alembic import op

import borderflow.store.schema

revision = "ledger_0001"
down_revision = None
branch_labels = ("ledger",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("subject", sa.String(length=256), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
    )
    audit_head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.bulk_insert(audit_head, [{"id": 1, "seq": 0, "hash": "0" * 64}])
    op.create_table(
        "persons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_key", sa.String(length=64), nullable=False),
        sa.Column("issuing_country", sa.String(length=2), nullable=False),
        sa.Column("surname", sa.String(length=120), nullable=False),
        sa.Column("given_names", sa.String(length=120), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
        sa.UniqueConstraint("link_key", name=op.f("uq_persons_link_key")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("roles", sa.String(length=256), nullable=False),
        sa.Column("created_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("token_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users")
        ),
        sa.PrimaryKeyConstraint("token_id", name=op.f("pk_api_tokens")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doc_key", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("doc_type", sa.String(length=32), nullable=False),
        sa.Column("issuing_country", sa.String(length=2), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("surname", sa.String(length=120), nullable=False),
        sa.Column("given_names", sa.String(length=120), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("nationality", sa.String(length=2), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_documents_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("doc_key", name=op.f("uq_documents_doc_key")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(
            "ix_documents_issuing_number", ["issuing_country", "number"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_documents_person_id"), ["person_id"], unique=False)

    op.create_table(
        "crossings",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=24), nullable=False),
        sa.Column("port", sa.String(length=16), nullable=False),
        sa.Column("from_country", sa.String(length=2), nullable=False),
        sa.Column("to_country", sa.String(length=2), nullable=False),
        sa.Column("crossed_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("admission_class", sa.String(length=32), nullable=True),
        sa.Column("admitted_until", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.String(length=160), nullable=False),
        sa.Column("source", sa.String(length=160), nullable=False),
        sa.Column(
            "recorded_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_crossings_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_crossings_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crossings")),
    )
    with op.batch_alter_table("crossings", schema=None) as batch_op:
        batch_op.create_index("ix_crossings_person_time", ["person_id", "crossed_at"], unique=False)
        batch_op.create_index("ix_crossings_port_day", ["port", "local_day"], unique=False)
        batch_op.create_index(
            "ix_crossings_to_until", ["to_country", "admitted_until"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("crossings", schema=None) as batch_op:
        batch_op.drop_index("ix_crossings_to_until")
        batch_op.drop_index("ix_crossings_port_day")
        batch_op.drop_index("ix_crossings_person_time")

    op.drop_table("crossings")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_person_id"))
        batch_op.drop_index("ix_documents_issuing_number")

    op.drop_table("documents")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_user_id"))

    op.drop_table("api_tokens")
    op.drop_table("users")
    op.drop_table("persons")
    op.drop_table("audit_head")
    op.drop_table("audit_log")
