"""Storage of the ports' policies, the decisions taken at primary and secondary results.

A decision points at the ledger crossing of its arrival when there is one (the traveler's
history reaches their decisions through it), at the cargo declaration targeting scored
(a secondary result becomes that declaration's label) and at the version of its port's
policy it was taken under. Policy versions are only ever added, never updated.
"""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
)

from borderflow.store.schema import UtcDateTime, metadata

__all__ = ["inspection_decisions", "inspection_outcomes", "inspection_policies"]

inspection_policies = Table(
    "inspection_policies",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=True),
    Column("port", String(16), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("random_check_rate", Float, nullable=False),
    Column("secondary_capacity", Integer, nullable=False),
    Column("risk_threshold", Float, nullable=False),
    Column("screening_refer_threshold", Float, nullable=False),
    Column("screening_hold_threshold", Float, nullable=False),
    Column("effective_from", UtcDateTime(), nullable=False),
    Column("set_by", String(160), nullable=False),
    Column("set_at", UtcDateTime(), nullable=False),
    Column("audit_seq", Integer, nullable=False),
    Index("ix_inspection_policies_port_effective", "port", "effective_from"),
)

inspection_decisions = Table(
    "inspection_decisions",
    metadata,
    Column("arrival_id", String(64), primary_key=True),
    Column(
        "crossing_id",
        String(64),
        ForeignKey("crossings.id"),
        nullable=True,
        index=True,
        unique=True,
    ),
    Column("declaration_id", String(64), nullable=True),
    Column("port", String(16), nullable=False),
    Column("entering", String(2), nullable=False),
    Column("mode", String(24), nullable=False),
    Column("lane", String(16), nullable=False),
    Column("outcome", String(8), nullable=False),
    Column("primary_interview", Boolean, nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("referred_by", JSON, nullable=False),
    Column("policy", String(16), nullable=False),
    Column(
        "policy_version",
        Integer,
        ForeignKey("inspection_policies.version"),
        nullable=True,
        index=True,
    ),
    Column("secondary_in_use", Integer, nullable=True),
    Column("officer", String(160), nullable=False),
    Column("authority", String(2), nullable=False),
    Column("draw", Float, nullable=False),
    Column("decided_at", UtcDateTime(), nullable=False),
    Column("local_day", Date, nullable=False),
    Column("audit_seq", Integer, nullable=False),
    Index("ix_inspection_decisions_port_day", "port", "local_day"),
)

inspection_outcomes = Table(
    "inspection_outcomes",
    metadata,
    Column(
        "arrival_id",
        String(64),
        ForeignKey("inspection_decisions.arrival_id"),
        primary_key=True,
    ),
    Column("found", Boolean, nullable=False),
    Column("critical", Boolean, nullable=False),
    Column("what", String(512), nullable=False),
    Column("officer", String(160), nullable=False),
    Column("selected_by", String(16), nullable=False),
    Column("reported_at", UtcDateTime(), nullable=False),
    Column("audit_seq", Integer, nullable=False),
)
