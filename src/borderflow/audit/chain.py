"""Hash chaining of audit entries (pure: no I/O).

Each entry's hash covers its own content and the previous entry's hash, so editing,
reordering or deleting any entry breaks every hash after it; the first broken link names
the entry that was touched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["GENESIS", "AuditEntry", "AuditProblem", "chain_hash", "find_problems"]

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the audit log."""

    seq: int
    at: dt.datetime
    action: str
    actor: str
    subject: str
    details: Mapping[str, Any] = field(default_factory=dict)
    prev_hash: str = GENESIS
    hash: str = ""

    def fields(self) -> dict[str, Any]:
        """Every field by name (as stored, and as exported with ``at`` in ISO form)."""
        return {
            "seq": self.seq,
            "at": self.at,
            "action": self.action,
            "actor": self.actor,
            "subject": self.subject,
            "details": dict(self.details),
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }

    def content(self) -> bytes:
        """The canonical bytes the hash covers (everything but the hash itself)."""
        body = {
            "seq": self.seq,
            "at": self.at.astimezone(dt.UTC).isoformat(),
            "action": self.action,
            "actor": self.actor,
            "subject": self.subject,
            "details": self.details,
            "prev_hash": self.prev_hash,
        }
        return json.dumps(body, sort_keys=True, separators=(",", ":"), default=str).encode()


@dataclass(frozen=True, slots=True)
class AuditProblem:
    """A broken link in the chain, naming the entry where it shows."""

    seq: int
    problem: str


def chain_hash(entry: AuditEntry) -> str:
    """The SHA-256 hash of an entry's canonical content."""
    return hashlib.sha256(entry.content()).hexdigest()


def find_problems(entries: Iterable[AuditEntry]) -> list[AuditProblem]:
    """Every place where ``entries`` (in stored order) stop being an unbroken chain."""
    problems: list[AuditProblem] = []
    expected_prev = GENESIS
    expected_seq = 1
    for entry in entries:
        if entry.seq != expected_seq:
            kind = "missing or reordered" if entry.seq > expected_seq else "duplicated or reordered"
            problems.append(
                AuditProblem(entry.seq, f"{kind}: expected entry {expected_seq}, found {entry.seq}")
            )
        if entry.prev_hash != expected_prev:
            problems.append(
                AuditProblem(
                    entry.seq,
                    "previous-hash link broken: an earlier entry was changed, removed or reordered",
                )
            )
        if chain_hash(entry) != entry.hash:
            problems.append(AuditProblem(entry.seq, "content does not match its hash: edited"))
        expected_prev = entry.hash
        expected_seq = entry.seq + 1
    return problems
