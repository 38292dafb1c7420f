"""Issuing an SD-JWT: hide marked claims behind digests, add decoys, sign."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from borderflow.errors import InvalidInput
from borderflow.identity.jose import PrivateKey, sign_jws
from borderflow.identity.sdjwt.disclosure import RESERVED_NAMES, Disclosure, digest_of, new_salt
from borderflow.identity.sdjwt.present import SdJwt

__all__ = ["Sd", "SdJwtIssuer"]


@dataclass(frozen=True, slots=True)
class Sd:
    """Marks a claim value or an array element as selectively disclosable."""

    value: Any


@dataclass
class _Encoder:
    """Turns marked claims into the SD-JWT payload, collecting the disclosures made."""

    decoys: int
    salt: Callable[[], str]
    disclosures: list[Disclosure] = field(default_factory=list)

    def encode(self, value: Any, path: str) -> Any:
        if isinstance(value, Sd):
            raise InvalidInput("Sd marks a claim or array element, not a whole value", field=path)
        if isinstance(value, Mapping):
            return self._object(value, path)
        if isinstance(value, list | tuple):
            return [self._element(item, f"{path}[{i}]") for i, item in enumerate(value)]
        return value

    def _object(self, claims: Mapping[str, Any], path: str) -> dict[str, Any]:
        plain: dict[str, Any] = {}
        digests: list[str] = []
        for name, value in claims.items():
            if name in RESERVED_NAMES:
                raise InvalidInput(f"{name!r} is reserved by SD-JWT", field=f"{path}.{name}")
            if isinstance(value, Sd):
                digests.append(self._disclose(name, value.value, f"{path}.{name}"))
            else:
                plain[name] = self.encode(value, f"{path}.{name}")
        if digests:
            digests.extend(self._decoys())
            plain["_sd"] = sorted(digests)
        return plain

    def _element(self, item: Any, path: str) -> Any:
        if isinstance(item, Sd):
            return {"...": self._disclose(None, item.value, path)}
        return self.encode(item, path)

    def _disclose(self, name: str | None, value: Any, path: str) -> str:
        disclosure = Disclosure.create(name, self.encode(value, path), self.salt())
        self.disclosures.append(disclosure)
        return disclosure.digest

    def _decoys(self) -> list[str]:
        """Between 1 and ``decoys`` digests of random data (none when ``decoys`` is 0)."""
        if self.decoys <= 0:
            return []
        count = 1 + secrets.randbelow(self.decoys)
        return [digest_of(new_salt()) for _ in range(count)]


class SdJwtIssuer:
    """Signs SD-JWTs with one key.

    ``decoys`` bounds how many decoy digests go into each object with disclosable claims,
    so the number of hidden claims does not show; ``typ`` is the JOSE header type.
    """

    def __init__(
        self,
        key: PrivateKey,
        *,
        typ: str | None = "dc+sd-jwt",
        kid: str | None = None,
        decoys: int = 3,
        salt: Callable[[], str] = new_salt,
    ) -> None:
        self.key = key
        self.typ = typ
        self.kid = kid
        self.decoys = decoys
        self.salt = salt

    def issue(
        self, claims: Mapping[str, Any], *, extra_header: Mapping[str, Any] | None = None
    ) -> SdJwt:
        """An SD-JWT whose ``Sd``-marked claims are selectively disclosable."""
        encoder = _Encoder(self.decoys, self.salt)
        payload = encoder.encode(claims, "claims")
        if "_sd_alg" in payload:
            raise InvalidInput("'_sd_alg' is set by the issuer", field="claims._sd_alg")
        if encoder.disclosures:
            payload["_sd_alg"] = "sha-256"
        header: dict[str, Any] = {}
        if self.typ:
            header["typ"] = self.typ
        if self.kid:
            header["kid"] = self.kid
        header.update(extra_header or {})
        jwt = sign_jws(header, payload, self.key)
        return SdJwt.from_parts(jwt, encoder.disclosures)
