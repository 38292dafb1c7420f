"""Disclosures and their digests (RFC 9901 section 4.2)."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from borderflow.identity.errors import CredentialRejected
from borderflow.identity.jose import b64decode, b64encode

__all__ = ["RESERVED_NAMES", "Disclosure", "digest_of", "new_salt"]

#: Claim names a disclosure may not carry: they would confuse the digest structure.
RESERVED_NAMES = frozenset({"_sd", "..."})


def new_salt() -> str:
    """128 bits from the operating system's CSPRNG, base64url-encoded."""
    return b64encode(secrets.token_bytes(16))


def digest_of(encoded: str) -> str:
    """The base64url SHA-256 digest over the ASCII of an encoded disclosure (or SD-JWT)."""
    return b64encode(hashlib.sha256(encoded.encode("ascii")).digest())


@dataclass(frozen=True, slots=True)
class Disclosure:
    """One disclosure: a salt, a claim name (``None`` for an array element) and a value.

    ``encoded`` keeps the exact base64url text received, because the digest covers those
    bytes, not a re-serialisation of the decoded JSON.
    """

    salt: str
    name: str | None
    value: Any
    encoded: str
    digest: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "digest", digest_of(self.encoded))

    @classmethod
    def create(cls, name: str | None, value: Any, salt: str | None = None) -> Disclosure:
        salt = salt if salt is not None else new_salt()
        content = [salt, value] if name is None else [salt, name, value]
        text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
        return cls(salt, name, value, b64encode(text.encode()))

    @classmethod
    def parse(cls, encoded: str, *, field: str = "disclosure") -> Disclosure:
        """Decode a received disclosure; malformed ones are refused naming ``field``."""
        try:
            content = json.loads(b64decode(encoded, field=field))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise CredentialRejected("not base64url-encoded JSON", field=field) from None
        if not isinstance(content, list) or len(content) not in (2, 3):
            raise CredentialRejected("a disclosure is a JSON array of 2 or 3 elements", field=field)
        if not isinstance(content[0], str):
            raise CredentialRejected("the salt must be a string", field=field)
        if len(content) == 2:
            return cls(content[0], None, content[1], encoded)
        name = content[1]
        if not isinstance(name, str) or name in RESERVED_NAMES:
            raise CredentialRejected(
                f"the claim name must be a string other than _sd and ..., found {name!r}",
                field=field,
            )
        return cls(content[0], name, content[2], encoded)
