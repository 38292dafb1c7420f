"""Time-ordered crossing ids (the UUIDv7 layout of RFC 9562).

The first 48 bits are a Unix time in milliseconds, so ids made one after another sort
one after another: new rows land at the end of the id index instead of at random pages,
which makes bulk writes several times cheaper on large ledgers. The remaining bits are
the caller's entropy: random for a new event, a hash of the content for an id derived
from a crossing reported without one (so that it stays deterministic).
"""

from __future__ import annotations

import datetime as dt
import uuid

__all__ = ["time_ordered_id"]

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_VERSION_7 = 0x7 << 76
_VARIANT = 0b10 << 62
_RANDOM_A = (1 << 12) - 1
_RANDOM_B = (1 << 62) - 1


def time_ordered_id(moment: dt.datetime, entropy: bytes) -> str:
    """A UUIDv7 string for ``moment`` (aware) with bits from ``entropy`` (≥ 10 bytes)."""
    if len(entropy) < 10:
        raise ValueError("time_ordered_id needs at least 10 bytes of entropy")
    millis = (moment - _EPOCH) // dt.timedelta(milliseconds=1)
    if not 0 <= millis < 1 << 48:
        raise ValueError(f"{moment.isoformat()} is outside the UUIDv7 time range")
    bits = int.from_bytes(entropy[:10], "big")
    value = (
        (millis << 80)
        | _VERSION_7
        | ((bits >> 68) & _RANDOM_A) << 64
        | _VARIANT
        | (bits & _RANDOM_B)
    )
    return str(uuid.UUID(int=value))
