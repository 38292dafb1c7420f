"""Export of the audit log, and anchors that catch the deletion of its last entries.

A hash chain shows any edit, reordering or deletion *inside* the log, but not the removal
of its tail: the shortened chain is still a chain. An anchor is the head (sequence number
and hash) written somewhere the database cannot reach; later the log must still contain
that entry unchanged. Two anchors exist: the file ``export --anchor`` writes, and the
``receiver_audit_head`` each partner returns with every delivery, which the sender keeps in
its own log (see docs/federation.md).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from borderflow.audit import AuditEntry, AuditLog
from borderflow.errors import InvalidInput

__all__ = ["check_anchor", "entry_json", "export_audit"]


def export_audit(log: AuditLog, out: Path) -> dict[str, Any] | None:
    """Write every entry as one JSON line; return the head (``None`` for an empty log)."""
    head: dict[str, Any] | None = None
    with out.open("w", encoding="utf-8") as handle:
        for entry in log.entries():
            handle.write(json.dumps(entry_json(entry), sort_keys=True) + "\n")
            head = {"seq": entry.seq, "hash": entry.hash}
    return head


def check_anchor(log: AuditLog, anchor: Path) -> list[tuple[int, str]]:
    """Problems with the log against an anchor (an empty list when it still holds)."""
    try:
        data = json.loads(anchor.read_text(encoding="utf-8"))
        seq, digest = int(data["seq"]), str(data["hash"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(f"not an audit anchor file: {exc}", field="anchor") from exc
    entry = next((e for e in log.entries(since=seq) if e.seq == seq), None)
    if entry is None:
        return [(seq, f"anchored entry {seq} is gone: the end of the log was deleted")]
    if entry.hash != digest:
        return [(seq, f"anchored entry {seq} has another hash: the log was rewritten")]
    return []


def entry_json(entry: AuditEntry) -> dict[str, Any]:
    return {**entry.fields(), "at": entry.at.astimezone(dt.UTC).isoformat()}
