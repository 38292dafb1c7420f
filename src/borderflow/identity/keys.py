"""Key files: the node's issuer key and a wallet's holder keys, kept as private JWKs.

A key file is created at first use with mode 0600 (never rewritten), and refused when
others can read it.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from borderflow.errors import ConfigurationError
from borderflow.identity.jose import PrivateKey, generate_key, private_jwk, private_key_from_jwk

__all__ = ["load_or_create_key", "write_private_file"]


def load_or_create_key(path: Path, algorithm: str = "ES256") -> PrivateKey:
    """The private key in ``path``; a new one of ``algorithm`` is written if it is absent."""
    if not path.exists():
        key = generate_key(algorithm)
        write_private_file(path, json.dumps(private_jwk(key)), exclusive=True)
        return key
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise ConfigurationError(
            f"key file {path} has mode {oct(mode)}: others may read it (expected 0600)",
            field="issuer_key_file",
        )
    try:
        return private_key_from_jwk(json.loads(path.read_text()), field="issuer_key_file")
    except json.JSONDecodeError:
        raise ConfigurationError(f"{path} is not a JWK file", field="issuer_key_file") from None


def write_private_file(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Write ``text`` to ``path`` readable by the owner only (atomically unless ``exclusive``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if exclusive:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
        return
    temporary = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    temporary.replace(path)
