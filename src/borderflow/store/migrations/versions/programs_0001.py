"""programs: members, applications, memberships, vetting, validations, partners, events

Revision ID: programs_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

import borderflow.store.schema

revision = "programs_0001"
down_revision = None
branch_labels = ("programs",)
depends_on = "ledger_0001"


def upgrade() -> None:
    op.create_table(
        "program_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("identifier", sa.String(length=64), nullable=False),
        sa.Column("created_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_members")),
        sa.UniqueConstraint("country", "identifier", name="uq_program_members_country_identifier"),
    )
    op.create_table(
        "program_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column(
            "submitted_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("submitted_by", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["program_members.id"],
            name=op.f("fk_program_applications_member_id_program_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_applications")),
    )
    op.create_index(
        op.f("ix_program_applications_member_id"),
        "program_applications",
        ["member_id"],
        unique=False,
    )
    op.create_table(
        "program_member_users",
        sa.Column("user_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["program_members.id"],
            name=op.f("fk_program_member_users_member_id_program_members"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_program_member_users_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_program_member_users")),
    )
    op.create_index(
        op.f("ix_program_member_users_member_id"),
        "program_member_users",
        ["member_id"],
        unique=False,
    )
    op.create_table(
        "program_partners",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column(
            "declared_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["program_members.id"],
            name=op.f("fk_program_partners_member_id_program_members"),
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["program_members.id"],
            name=op.f("fk_program_partners_partner_id_program_members"),
        ),
        sa.PrimaryKeyConstraint("member_id", "partner_id", name=op.f("pk_program_partners")),
    )
    op.create_table(
        "program_memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("program", sa.String(length=32), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("applied_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False),
        sa.Column(
            "activated_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=True
        ),
        sa.Column("expires_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["program_applications.id"],
            name=op.f("fk_program_memberships_application_id_program_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["program_members.id"],
            name=op.f("fk_program_memberships_member_id_program_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_memberships")),
    )
    op.create_index(
        op.f("ix_program_memberships_member_id"), "program_memberships", ["member_id"], unique=False
    )
    op.create_index(
        "ix_program_memberships_program_status",
        "program_memberships",
        ["program", "status"],
        unique=False,
    )
    op.create_index(
        "ix_program_memberships_status_expires_at",
        "program_memberships",
        ["status", "expires_at"],
        unique=False,
    )
    op.create_table(
        "program_events",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("membership_id", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column(
            "occurred_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["program_memberships.id"],
            name=op.f("fk_program_events_membership_id_program_memberships"),
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_program_events")),
        sa.UniqueConstraint("event_id", name=op.f("uq_program_events_event_id")),
    )
    op.create_index(
        op.f("ix_program_events_membership_id"), "program_events", ["membership_id"], unique=False
    )
    op.create_table(
        "program_validations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("membership_id", sa.Integer(), nullable=False),
        sa.Column(
            "validated_on", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["program_memberships.id"],
            name=op.f("fk_program_validations_membership_id_program_memberships"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_validations")),
    )
    op.create_index(
        op.f("ix_program_validations_membership_id"),
        "program_validations",
        ["membership_id"],
        unique=False,
    )
    op.create_table(
        "program_vettings",
        sa.Column("membership_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("reference", sa.String(length=128), nullable=False),
        sa.Column(
            "recorded_at", borderflow.store.schema.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["program_memberships.id"],
            name=op.f("fk_program_vettings_membership_id_program_memberships"),
        ),
        sa.PrimaryKeyConstraint("membership_id", "country", name=op.f("pk_program_vettings")),
    )
    op.create_table(
        "program_validation_findings",
        sa.Column("validation_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("validator", sa.String(length=256), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["validation_id"],
            ["program_validations.id"],
            name=op.f("fk_program_validation_findings_validation_id_program_validations"),
        ),
        sa.PrimaryKeyConstraint(
            "validation_id", "country", name=op.f("pk_program_validation_findings")
        ),
    )


def downgrade() -> None:
    op.drop_table("program_validation_findings")
    op.drop_table("program_vettings")
    op.drop_index(op.f("ix_program_validations_membership_id"), table_name="program_validations")
    op.drop_table("program_validations")
    op.drop_index(op.f("ix_program_events_membership_id"), table_name="program_events")
    op.drop_table("program_events")
    op.drop_index("ix_program_memberships_status_expires_at", table_name="program_memberships")
    op.drop_index("ix_program_memberships_program_status", table_name="program_memberships")
    op.drop_index(op.f("ix_program_memberships_member_id"), table_name="program_memberships")
    op.drop_table("program_memberships")
    op.drop_table("program_partners")
    op.drop_index(op.f("ix_program_member_users_member_id"), table_name="program_member_users")
    op.drop_table("program_member_users")
    op.drop_index(op.f("ix_program_applications_member_id"), table_name="program_applications")
    op.drop_table("program_applications")
    op.drop_table("program_members")
