"""The node's Ed25519 key: generated at ``init`` into a file only its owner can read.

The private key lives in a PKCS#8 PEM file (mode 0600) in the node's home directory; it is
never stored in the database or printed. The node id is derived from the public key, so a
peer's id and pinned key cannot drift apart.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from joserfc.jwk import OKPKey

from borderflow.errors import ConfigurationError, InvalidInput
from borderflow.federation.canonical import sha256_hex

__all__ = ["NodeKey", "node_id_for", "public_key_from_text"]

_CURVE: Final = "Ed25519"


def node_id_for(public_key: str) -> str:
    """The node id of a public key: ``node-`` and 20 hex digits of its SHA-256."""
    return "node-" + sha256_hex(public_key.encode("ascii"))[:20]


def public_key_from_text(text: str, *, field: str = "public_key") -> OKPKey:
    """An Ed25519 public key from its base64url ``x`` value (as ``peers add`` takes it)."""
    value = text.strip()
    try:
        key = OKPKey.import_key({"kty": "OKP", "crv": _CURVE, "x": value})
    except Exception as exc:  # joserfc raises several types for malformed keys
        raise InvalidInput(
            f"not an Ed25519 public key (expected 43 base64url characters): {exc}", field=field
        ) from exc
    if key.is_private or len(value) != 43:
        raise InvalidInput("expected the 43-character base64url public key", field=field)
    return key


@dataclass(frozen=True)
class NodeKey:
    """A node's key pair. ``public_key`` is the base64url ``x`` of the Ed25519 JWK."""

    private: OKPKey

    @classmethod
    def generate(cls) -> NodeKey:
        return cls(OKPKey.generate_key(_CURVE, private=True))

    @property
    def public_key(self) -> str:
        return str(self.private.as_dict(private=False)["x"])

    @property
    def node_id(self) -> str:
        return node_id_for(self.public_key)

    def save(self, path: Path) -> None:
        """Write the key to a new file readable and writable by its owner only (0600)."""
        pem = self.private.as_pem(private=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        try:
            fd = os.open(path, flags, 0o600)
        except FileExistsError:
            raise ConfigurationError(
                f"{path} exists already: a node key is never overwritten", field="key_file"
            ) from None
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)

    @classmethod
    def load(cls, path: Path) -> NodeKey:
        """Read a key file, refusing one that others could read."""
        if not path.is_file():
            raise ConfigurationError(
                f"no node key at {path}: run 'borderflow init'", field="key_file"
            )
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise ConfigurationError(
                f"{path} is readable by others (mode {mode:o}); expected 600", field="key_file"
            )
        key = OKPKey.import_key(path.read_bytes())
        if not key.is_private:
            raise ConfigurationError(f"{path} holds no private key", field="key_file")
        return cls(key)
