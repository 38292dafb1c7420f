"""Storage of members, applications, memberships, vetting, validations, partners and events."""

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from borderflow.store.schema import UtcDateTime, metadata

__all__ = [
    "program_applications",
    "program_events",
    "program_member_users",
    "program_members",
    "program_memberships",
    "program_partners",
    "program_validation_findings",
    "program_validations",
    "program_vettings",
]

program_members = Table(
    "program_members",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("name", String(256), nullable=False),
    Column("country", String(2), nullable=False),
    Column("identifier", String(64), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint("country", "identifier", name="uq_program_members_country_identifier"),
)

program_applications = Table(
    "program_applications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", Integer, ForeignKey("program_members.id"), nullable=False, index=True),
    Column("submitted_at", UtcDateTime(), nullable=False),
    Column("submitted_by", String(128), nullable=False),
)

program_memberships = Table(
    "program_memberships",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", Integer, ForeignKey("program_members.id"), nullable=False, index=True),
    Column("application_id", Integer, ForeignKey("program_applications.id"), nullable=False),
    Column("program", String(32), nullable=False),
    Column("tier", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("applied_at", UtcDateTime(), nullable=False),
    Column("activated_at", UtcDateTime(), nullable=True),
    Column("expires_at", UtcDateTime(), nullable=True),
    Column("updated_at", UtcDateTime(), nullable=False),
    Index("ix_program_memberships_status_expires_at", "status", "expires_at"),
    Index("ix_program_memberships_program_status", "program", "status"),
)

program_vettings = Table(
    "program_vettings",
    metadata,
    Column("membership_id", Integer, ForeignKey("program_memberships.id"), primary_key=True),
    Column("country", String(2), primary_key=True),
    Column("result", String(16), nullable=False),
    Column("reference", String(128), nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Column("recorded_by", String(128), nullable=False),
)

program_validations = Table(
    "program_validations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "membership_id", Integer, ForeignKey("program_memberships.id"), nullable=False, index=True
    ),
    Column("validated_on", UtcDateTime(), nullable=False),
    Column("recorded_by", String(128), nullable=False),
)

program_validation_findings = Table(
    "program_validation_findings",
    metadata,
    Column("validation_id", Integer, ForeignKey("program_validations.id"), primary_key=True),
    Column("country", String(2), primary_key=True),
    Column("validator", String(256), nullable=False),
    Column("findings", Text, nullable=False),
    Column("outcome", String(16), nullable=False),
)

program_partners = Table(
    "program_partners",
    metadata,
    Column("member_id", Integer, ForeignKey("program_members.id"), primary_key=True),
    Column("partner_id", Integer, ForeignKey("program_members.id"), primary_key=True),
    Column("declared_at", UtcDateTime(), nullable=False),
)

# Which member (a trader, a carrier) a user of the node acts for.
program_member_users = Table(
    "program_member_users",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True, autoincrement=False),
    Column("member_id", Integer, ForeignKey("program_members.id"), nullable=False, index=True),
)

program_events = Table(
    "program_events",
    metadata,
    Column("seq", Integer, primary_key=True),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("kind", String(64), nullable=False),
    Column(
        "membership_id", Integer, ForeignKey("program_memberships.id"), nullable=False, index=True
    ),
    Column("payload", JSON, nullable=False),
    Column("occurred_at", UtcDateTime(), nullable=False),
)
