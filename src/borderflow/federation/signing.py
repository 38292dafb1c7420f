"""Compact JWS signatures over canonical JSON with the node's Ed25519 key.

The algorithm is EdDSA on Ed25519, named by its RFC 9864 fully-specified identifier
``Ed25519`` (the polymorphic ``EdDSA`` name is deprecated by that RFC). Receivers accept
this one algorithm only, so no "alg" downgrade is possible.
"""

from __future__ import annotations

import json
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey
from joserfc.jws import CompactSignature

from borderflow.federation.canonical import canonical_json

__all__ = [
    "ALGORITHM",
    "BadSignatureError",
    "parse",
    "sign",
    "unverified_header",
    "verify",
    "verify_parsed",
]

ALGORITHM = "Ed25519"
_ALLOWED = [ALGORITHM]


class BadSignatureError(Exception):
    """A token that is malformed or whose signature does not verify."""


def sign(value: Any, key: OKPKey, *, kid: str, typ: str) -> str:
    """A compact JWS of ``value``'s canonical JSON, with ``kid`` and ``typ`` in its header."""
    header = {"alg": ALGORITHM, "kid": kid, "typ": typ}
    return jws.serialize_compact(header, canonical_json(value), key, algorithms=_ALLOWED)


def unverified_header(token: str) -> dict[str, Any]:
    """The protected header, read before verification only to pick the key."""
    try:
        return dict(jws.extract_compact(token.encode("ascii")).headers())
    except (JoseError, ValueError, UnicodeError) as exc:
        raise BadSignatureError(f"malformed token: {exc}") from exc


def verify_parsed(token: CompactSignature, key: OKPKey, *, typ: str) -> Any:
    """Like :func:`verify` for a token parsed once with :func:`parse` (saves a second parse)."""
    try:
        valid = jws.validate_compact(token, key, algorithms=_ALLOWED)
    except (JoseError, ValueError) as exc:
        raise BadSignatureError(f"signature does not verify: {exc}") from exc
    if not valid:
        raise BadSignatureError("signature does not verify")
    if token.headers().get("typ") != typ:
        raise BadSignatureError(f"wrong token type: expected {typ!r}")
    try:
        return json.loads(token.payload)
    except ValueError as exc:
        raise BadSignatureError(f"signed payload is not JSON: {exc}") from exc


def parse(token: str) -> CompactSignature:
    """A token split and decoded, not yet verified: read its header to pick the key."""
    try:
        return jws.extract_compact(token.encode("ascii"))
    except (JoseError, ValueError, UnicodeError) as exc:
        raise BadSignatureError(f"malformed token: {exc}") from exc


def verify(token: str, key: OKPKey, *, typ: str) -> Any:
    """The JSON value signed in ``token``; raises :class:`BadSignatureError` unless it verifies."""
    try:
        obj = jws.deserialize_compact(token, key, algorithms=_ALLOWED)
    except (JoseError, ValueError, UnicodeError) as exc:
        raise BadSignatureError(f"signature does not verify: {exc}") from exc
    if obj.headers().get("typ") != typ:
        raise BadSignatureError(f"wrong token type: expected {typ!r}")
    try:
        return json.loads(obj.payload)
    except ValueError as exc:
        raise BadSignatureError(f"signed payload is not JSON: {exc}") from exc
