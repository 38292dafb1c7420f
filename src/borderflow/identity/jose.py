"""The small part of JOSE that SD-JWT needs: base64url, JWKs and compact JWS.

Only ES256 (P-256) and EdDSA (Ed25519) are accepted; ``none`` and every other algorithm
are refused before any key is looked at, so an attacker cannot pick the algorithm.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from borderflow.identity.errors import CredentialRejected

__all__ = [
    "ALGORITHMS",
    "PrivateKey",
    "PublicKey",
    "SignedJwt",
    "algorithm_for",
    "b64decode",
    "b64encode",
    "b64json",
    "decode_jws",
    "generate_key",
    "private_jwk",
    "private_key_from_jwk",
    "public_jwk",
    "public_key_from_jwk",
    "sign_jws",
    "thumbprint",
]

PrivateKey = ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey
PublicKey = ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey

#: Accepted ``alg`` values and the key type each needs ("Ed25519" is RFC 9864's name).
ALGORITHMS: Mapping[str, str] = {"ES256": "P-256", "EdDSA": "Ed25519", "Ed25519": "Ed25519"}

_B64URL = re.compile(r"^[A-Za-z0-9_-]*$")


def b64encode(data: bytes) -> str:
    """Unpadded base64url."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64decode(text: str, *, field: str) -> bytes:
    """Strict unpadded base64url; anything else is refused naming ``field``."""
    if not _B64URL.match(text) or len(text) % 4 == 1:
        raise CredentialRejected("not unpadded base64url", field=field)
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise CredentialRejected("not unpadded base64url", field=field) from None


def b64json(text: str, *, field: str) -> Any:
    """A base64url-encoded JSON value."""
    try:
        return json.loads(b64decode(text, field=field))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise CredentialRejected("not base64url-encoded JSON", field=field) from None


def generate_key(algorithm: str = "ES256") -> PrivateKey:
    """A fresh private key for ``algorithm``."""
    _curve_of(algorithm, field="alg")
    if algorithm == "ES256":
        return ec.generate_private_key(ec.SECP256R1())
    return ed25519.Ed25519PrivateKey.generate()


def algorithm_for(key: PrivateKey | PublicKey) -> str:
    """The JWS algorithm a key signs with."""
    return (
        "EdDSA"
        if isinstance(key, ed25519.Ed25519PrivateKey | ed25519.Ed25519PublicKey)
        else "ES256"
    )


def public_jwk(key: PrivateKey | PublicKey) -> dict[str, str]:
    """The public JWK of a key (RFC 7517)."""
    public = (
        key.public_key()
        if isinstance(key, ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey)
        else key
    )
    if isinstance(public, ed25519.Ed25519PublicKey):
        raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
        return {"kty": "OKP", "crv": "Ed25519", "x": b64encode(raw)}
    numbers = public.public_numbers()
    return {
        "kty": "EC",
        "crv": "P-256",
        "x": b64encode(numbers.x.to_bytes(32, "big")),
        "y": b64encode(numbers.y.to_bytes(32, "big")),
    }


def private_jwk(key: PrivateKey) -> dict[str, str]:
    """The private JWK of a key (public members plus ``d``)."""
    jwk = public_jwk(key)
    if isinstance(key, ed25519.Ed25519PrivateKey):
        jwk["d"] = b64encode(key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()))
    else:
        jwk["d"] = b64encode(key.private_numbers().private_value.to_bytes(32, "big"))
    return jwk


def public_key_from_jwk(jwk: Mapping[str, Any], *, field: str = "jwk") -> PublicKey:
    """The public key a JWK describes; only P-256 EC and Ed25519 OKP keys are accepted."""
    if not isinstance(jwk, Mapping):
        raise CredentialRejected("a JWK must be a JSON object", field=field)
    kty, crv = jwk.get("kty"), jwk.get("crv")
    try:
        if kty == "EC" and crv == "P-256":
            x = int.from_bytes(_coordinate(jwk, "x", field), "big")
            y = int.from_bytes(_coordinate(jwk, "y", field), "big")
            return ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()
        if kty == "OKP" and crv == "Ed25519":
            return ed25519.Ed25519PublicKey.from_public_bytes(_coordinate(jwk, "x", field))
    except ValueError as exc:
        raise CredentialRejected(f"not a valid key: {exc}", field=field) from None
    raise CredentialRejected(
        f"unsupported key kty={kty!r} crv={crv!r}: expected EC P-256 or OKP Ed25519", field=field
    )


def private_key_from_jwk(jwk: Mapping[str, Any], *, field: str = "jwk") -> PrivateKey:
    """The private key of a JWK that carries ``d``."""
    public = public_key_from_jwk(jwk, field=field)
    d = _coordinate(jwk, "d", field)
    if isinstance(public, ed25519.Ed25519PublicKey):
        return ed25519.Ed25519PrivateKey.from_private_bytes(d)
    private = ec.derive_private_key(int.from_bytes(d, "big"), ec.SECP256R1())
    if public_jwk(private) != public_jwk(public):
        raise CredentialRejected("d does not match x and y", field=field)
    return private


def thumbprint(jwk: Mapping[str, Any]) -> str:
    """The RFC 7638 SHA-256 thumbprint of a public JWK."""
    members = ("crv", "kty", "x") if jwk.get("kty") == "OKP" else ("crv", "kty", "x", "y")
    canonical = json.dumps({m: jwk[m] for m in members}, separators=(",", ":"), sort_keys=True)
    return b64encode(hashlib.sha256(canonical.encode()).digest())


def sign_jws(header: Mapping[str, Any], payload: Mapping[str, Any], key: PrivateKey) -> str:
    """A compact JWS over ``payload``; ``alg`` is set from the key."""
    full_header = {**header, "alg": algorithm_for(key)}
    signing_input = (
        b64encode(json.dumps(full_header, separators=(",", ":")).encode())
        + "."
        + b64encode(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode())
    )
    return signing_input + "." + b64encode(_sign(key, signing_input.encode("ascii")))


@dataclass(frozen=True, slots=True)
class SignedJwt:
    """A parsed (not yet verified) compact JWS with a JSON object payload."""

    header: dict[str, Any]
    payload: dict[str, Any]
    signing_input: bytes
    signature: bytes
    compact: str

    @property
    def algorithm(self) -> str:
        return str(self.header.get("alg"))

    def verify(self, key: PublicKey, *, field: str) -> None:
        """Check the signature with ``key``; the algorithm must match the key."""
        if ALGORITHMS.get(self.algorithm) != _curve_of_key(key):
            raise CredentialRejected(
                f"algorithm {self.algorithm} does not fit the {_curve_of_key(key)} key", field=field
            )
        if not _verify(key, self.signing_input, self.signature):
            raise CredentialRejected("signature does not verify", field=field)

    def verify_any(self, keys: Sequence[PublicKey], *, field: str) -> None:
        """Check the signature against each candidate key; one must verify."""
        if not keys:
            raise CredentialRejected("no key to verify with", field=field)
        problems = []
        for key in keys:
            try:
                self.verify(key, field=field)
            except CredentialRejected as exc:
                problems.append(exc.message)
            else:
                return
        raise CredentialRejected("; ".join(sorted(set(problems))), field=field)


def decode_jws(compact: str, *, field: str) -> SignedJwt:
    """Parse a compact JWS whose payload is a JSON object; refuses unknown algorithms."""
    parts = compact.split(".")
    if len(parts) != 3:
        raise CredentialRejected(f"a JWS has 3 parts, found {len(parts)}", field=field)
    header = b64json(parts[0], field=f"{field}.header")
    if not isinstance(header, dict):
        raise CredentialRejected("the header must be a JSON object", field=f"{field}.header")
    alg = header.get("alg")
    if not isinstance(alg, str) or alg.lower() == "none":
        raise CredentialRejected("unsigned (alg none) tokens are refused", field=f"{field}.alg")
    _curve_of(alg, field=f"{field}.alg")
    payload = b64json(parts[1], field=f"{field}.payload")
    if not isinstance(payload, dict):
        raise CredentialRejected("the payload must be a JSON object", field=f"{field}.payload")
    signature = b64decode(parts[2], field=f"{field}.signature")
    return SignedJwt(header, payload, f"{parts[0]}.{parts[1]}".encode("ascii"), signature, compact)


def _curve_of(alg: str, *, field: str) -> str:
    if alg not in ALGORITHMS:
        raise CredentialRejected(
            f"algorithm {alg!r} is not accepted: expected one of {', '.join(ALGORITHMS)}",
            field=field,
        )
    return ALGORITHMS[alg]


def _curve_of_key(key: PublicKey) -> str:
    return (
        "Ed25519"
        if isinstance(key, ed25519.Ed25519PublicKey)
        else key.curve.name.replace("secp256r1", "P-256")
    )


def _coordinate(jwk: Mapping[str, Any], name: str, field: str) -> bytes:
    value = jwk.get(name)
    if not isinstance(value, str):
        raise CredentialRejected(f"the JWK has no {name!r} member", field=field)
    return b64decode(value, field=f"{field}.{name}")


def _sign(key: PrivateKey, data: bytes) -> bytes:
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return key.sign(data)
    r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def _verify(key: PublicKey, data: bytes, signature: bytes) -> bool:
    try:
        if isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(signature, data)
            return True
        if len(signature) != 64:
            return False
        r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        key.verify(encode_dss_signature(r, s), data, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True
