"""Canonical JSON: the one byte form that is signed and hashed (pure)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

__all__ = ["canonical_json", "sha256_hex"]


def canonical_json(value: Any) -> bytes:
    """UTF-8 JSON with sorted keys and no whitespace (as in RFC 8785 for our value types).

    Only strings, integers, booleans, null, lists and objects travel in events (dates are
    ISO 8601 strings), so sorted keys and compact separators give one form per value.
    """
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
