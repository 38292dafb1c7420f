"""The tamper-evident audit log: every disclosure, receipt, partner read and purge."""

from borderflow.audit.chain import AuditEntry, AuditProblem, chain_hash, find_problems
from borderflow.audit.repository import AuditLog

__all__ = ["AuditEntry", "AuditLog", "AuditProblem", "chain_hash", "find_problems"]
