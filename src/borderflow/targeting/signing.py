"""Node signing keys (Ed25519) for model artifacts.

The private key stays on the node that trains (a PEM file written with mode 0600, never
committed); partners verify with its public key, given as a key object or PEM bytes.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from borderflow.errors import ConfigurationError, InvalidInput

__all__ = [
    "PublicKeyLike",
    "generate_signing_key",
    "key_id",
    "load_private_key",
    "public_key_pem",
    "sign_digest",
    "to_public_key",
    "verify_digest",
]

PublicKeyLike = Ed25519PublicKey | bytes | str


def generate_signing_key(path: Path) -> Ed25519PrivateKey:
    """A new key, written as unencrypted PKCS#8 PEM readable by the owner only."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    return key


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"cannot read signing key {path}: {exc}", field="key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigurationError(f"{path} is not an Ed25519 key", field="key")
    return key


def public_key_pem(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def to_public_key(value: PublicKeyLike) -> Ed25519PublicKey:
    """A public key from a key object or its PEM text."""
    if isinstance(value, Ed25519PublicKey):
        return value
    data = value.encode() if isinstance(value, str) else value
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError as exc:
        raise InvalidInput(f"not a PEM public key: {exc}", field="public_key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise InvalidInput("the public key is not Ed25519", field="public_key")
    return key


def key_id(key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw public key, hex: names the signer without revealing anything."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def sign_digest(key: Ed25519PrivateKey, digest: str) -> str:
    return base64.b64encode(key.sign(digest.encode("ascii"))).decode("ascii")


def verify_digest(key: PublicKeyLike, digest: str, signature: str) -> None:
    """Raise :class:`InvalidInput` (field ``signature``) unless ``signature`` is valid."""
    try:
        to_public_key(key).verify(base64.b64decode(signature, validate=True), digest.encode())
    except (InvalidSignature, ValueError):
        raise InvalidInput("the artifact's signature does not verify", field="signature") from None
