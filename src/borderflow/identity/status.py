"""Token Status List (IETF OAuth draft): a compressed bit array of credential statuses.

Index ``i`` with ``bits`` bits per entry sits in byte ``i*bits // 8`` starting at bit
``i*bits % 8`` counted from the least significant bit; the byte array is DEFLATE/ZLIB
compressed and base64url-encoded in ``lst``.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from borderflow.errors import InvalidInput
from borderflow.identity.errors import CredentialRejected
from borderflow.identity.jose import PrivateKey, b64decode, b64encode, sign_jws

__all__ = ["MAX_LIST_BYTES", "CredentialStatus", "StatusList", "status_list_token"]

#: The largest status list a port inflates (16 MiB: 134 million 1-bit entries), so that a
#: small compressed ``lst`` cannot exhaust the port's memory.
MAX_LIST_BYTES = 1 << 24


class CredentialStatus(IntEnum):
    VALID = 0
    INVALID = 1
    SUSPENDED = 2


@dataclass
class StatusList:
    """A mutable list of ``size`` statuses of ``bits`` bits each (1, 2, 4 or 8)."""

    bits: int
    data: bytearray

    @classmethod
    def empty(cls, size: int, bits: int = 1) -> StatusList:
        if bits not in (1, 2, 4, 8):
            raise InvalidInput("bits must be 1, 2, 4 or 8", field="bits")
        if size < 1:
            raise InvalidInput("a status list holds at least one entry", field="size")
        return cls(bits, bytearray((size * bits + 7) // 8))

    @property
    def size(self) -> int:
        return len(self.data) * 8 // self.bits

    def get(self, index: int) -> int:
        byte, shift = self._position(index)
        return (self.data[byte] >> shift) & ((1 << self.bits) - 1)

    def set(self, index: int, status: int) -> None:
        if not 0 <= status < (1 << self.bits):
            raise InvalidInput(
                f"status {status} does not fit in {self.bits} bit(s)", field="status"
            )
        byte, shift = self._position(index)
        mask = ((1 << self.bits) - 1) << shift
        self.data[byte] = (self.data[byte] & ~mask) | (status << shift)

    def encode(self) -> dict[str, Any]:
        """The ``status_list`` claim: ``bits`` and the compressed, encoded ``lst``."""
        return {"bits": self.bits, "lst": b64encode(zlib.compress(bytes(self.data), 9))}

    @classmethod
    def decode(cls, claim: Any) -> StatusList:
        if not isinstance(claim, dict) or claim.get("bits") not in (1, 2, 4, 8):
            raise CredentialRejected("status_list needs bits of 1, 2, 4 or 8", field="status_list")
        lst = claim.get("lst")
        if not isinstance(lst, str):
            raise CredentialRejected("status_list.lst must be a string", field="status_list.lst")
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(b64decode(lst, field="status_list.lst"), MAX_LIST_BYTES)
        except zlib.error:
            raise CredentialRejected(
                "lst is not ZLIB-compressed", field="status_list.lst"
            ) from None
        if inflater.unconsumed_tail:
            raise CredentialRejected(
                f"the status list is larger than {MAX_LIST_BYTES} bytes", field="status_list.lst"
            )
        if not inflater.eof or not data:
            raise CredentialRejected("lst is truncated or empty", field="status_list.lst")
        return cls(int(claim["bits"]), bytearray(data))

    def _position(self, index: int) -> tuple[int, int]:
        if not 0 <= index < self.size:
            raise CredentialRejected(
                f"index {index} is outside the status list (size {self.size})", field="status.idx"
            )
        bit = index * self.bits
        return bit // 8, bit % 8


def status_list_token(
    status_list: StatusList,
    *,
    uri: str,
    issuer: str,
    key: PrivateKey,
    now: dt.datetime,
    ttl: dt.timedelta = dt.timedelta(hours=1),
    valid_for: dt.timedelta = dt.timedelta(days=1),
) -> str:
    """A signed Status List Token (``typ: statuslist+jwt``) for ``uri``."""
    issued = int(now.timestamp())
    payload = {
        "sub": uri,
        "iss": issuer,
        "iat": issued,
        "exp": issued + int(valid_for.total_seconds()),
        "ttl": int(ttl.total_seconds()),
        "status_list": status_list.encode(),
    }
    return sign_jws({"typ": "statuslist+jwt"}, payload, key)
