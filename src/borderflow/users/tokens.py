"""API tokens: ``bf_<id>_<secret>``; only a SHA-256 hash of the secret is stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

__all__ = ["IssuedToken", "hash_secret", "new_token", "secret_matches", "split_token"]

PREFIX = "bf"


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A token as handed to its user, once: the only time the secret is shown."""

    token_id: str
    user_id: int
    value: str


def new_token() -> tuple[str, str, str]:
    """A fresh (token_id, secret, full token value)."""
    token_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return token_id, secret, f"{PREFIX}_{token_id}_{secret}"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def split_token(value: str) -> tuple[str, str] | None:
    """(token_id, secret) from a token value, or ``None`` when it is not of our form."""
    parts = value.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


def secret_matches(secret: str, stored_hash: str) -> bool:
    """Constant-time comparison of a presented secret with the stored hash."""
    return hmac.compare_digest(hash_secret(secret), stored_hash)
