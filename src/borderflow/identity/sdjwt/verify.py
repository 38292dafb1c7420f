"""The verifier's side: signature, digests and disclosures, time, key binding.

Every check that fails raises :class:`CredentialRejected` naming the part of the
presentation to blame, so a port officer (and a test) can see why it was refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from borderflow.identity.errors import CredentialRejected
from borderflow.identity.jose import PublicKey, SignedJwt, decode_jws, public_key_from_jwk
from borderflow.identity.sdjwt.disclosure import Disclosure, digest_of
from borderflow.identity.sdjwt.present import SdJwt
from borderflow.identity.sdjwt.serialization import parse_sd_jwt

__all__ = ["KeyResolver", "SdJwtVerifier", "VerifiedSdJwt"]

#: The candidate public keys of an issuer, from the JWT header and payload; raises if unknown.
KeyResolver = Callable[[Mapping[str, Any], Mapping[str, Any]], Sequence[PublicKey]]


@dataclass(frozen=True, slots=True)
class VerifiedSdJwt:
    """What a verified presentation establishes: the issuer and only the disclosed claims."""

    issuer: str | None
    claims: dict[str, Any]
    header: dict[str, Any]
    holder_jwk: dict[str, Any] | None
    key_binding: dict[str, Any] | None
    disclosed: tuple[str, ...] = field(default=())


@dataclass
class SdJwtVerifier:
    """Checks SD-JWTs from issuers the ``resolve_key`` callable knows.

    ``typ`` lists the accepted JOSE ``typ`` values (``None`` accepts any);
    ``kb_max_age`` is how old a Key Binding JWT may be, ``leeway`` the tolerated clock skew.
    """

    resolve_key: KeyResolver
    typ: frozenset[str] | None = frozenset({"dc+sd-jwt", "vc+sd-jwt"})
    require_key_binding: bool = True
    kb_max_age: dt.timedelta = dt.timedelta(minutes=5)
    leeway: dt.timedelta = dt.timedelta(seconds=60)

    def verify(
        self,
        presentation: str | SdJwt,
        *,
        now: dt.datetime,
        audience: str | None = None,
        nonce: str | None = None,
    ) -> VerifiedSdJwt:
        sd_jwt = parse_sd_jwt(presentation) if isinstance(presentation, str) else presentation
        jwt = decode_jws(sd_jwt.issuer_jwt, field="issuer_jwt")
        self._check_type(jwt)
        jwt.verify_any(self.resolve_key(jwt.header, jwt.payload), field="issuer_jwt.signature")
        claims, disclosed = unfold(jwt.payload, sd_jwt.disclosures)
        _check_times(claims, now, self.leeway)
        holder_jwk = _holder_jwk(claims)
        kb = None
        if sd_jwt.kb_jwt is not None or self.require_key_binding:
            kb = self._check_key_binding(sd_jwt, holder_jwk, now, audience, nonce)
        return VerifiedSdJwt(
            issuer=claims.get("iss"),
            claims=claims,
            header=jwt.header,
            holder_jwk=holder_jwk,
            key_binding=kb,
            disclosed=tuple(disclosed),
        )

    def _check_type(self, jwt: SignedJwt) -> None:
        if self.typ is not None and jwt.header.get("typ") not in self.typ:
            raise CredentialRejected(
                f"typ {jwt.header.get('typ')!r} is not accepted: expected one of "
                f"{', '.join(sorted(self.typ))}",
                field="issuer_jwt.typ",
            )

    def _check_key_binding(
        self,
        sd_jwt: SdJwt,
        holder_jwk: dict[str, Any] | None,
        now: dt.datetime,
        audience: str | None,
        nonce: str | None,
    ) -> dict[str, Any]:
        if sd_jwt.kb_jwt is None:
            raise CredentialRejected("a Key Binding JWT is required", field="kb_jwt")
        if holder_jwk is None:
            raise CredentialRejected("the credential names no holder key (cnf.jwk)", field="cnf")
        kb = decode_jws(sd_jwt.kb_jwt, field="kb_jwt")
        if kb.header.get("typ") != "kb+jwt":
            raise CredentialRejected("typ must be kb+jwt", field="kb_jwt.typ")
        kb.verify(public_key_from_jwk(holder_jwk, field="cnf.jwk"), field="kb_jwt.signature")
        payload = kb.payload
        if payload.get("sd_hash") != digest_of(sd_jwt.sd_jwt_part()):
            raise CredentialRejected(
                "sd_hash does not match the presented SD-JWT (disclosures changed?)",
                field="kb_jwt.sd_hash",
            )
        if audience is not None and payload.get("aud") != audience:
            raise CredentialRejected(
                f"aud {payload.get('aud')!r} is not this verifier ({audience!r})",
                field="kb_jwt.aud",
            )
        if nonce is not None and payload.get("nonce") != nonce:
            raise CredentialRejected("nonce does not match the one issued", field="kb_jwt.nonce")
        _check_kb_time(payload.get("iat"), now, self.kb_max_age, self.leeway)
        return payload


def unfold(
    payload: Mapping[str, Any], disclosures: tuple[Disclosure, ...]
) -> tuple[dict[str, Any], list[str]]:
    """The claims with every presented disclosure put back in place (RFC 9901 7.1).

    Returns the processed claims and the paths of the disclosed claims.
    """
    alg = payload.get("_sd_alg", "sha-256")
    if alg != "sha-256":
        raise CredentialRejected(
            f"_sd_alg {alg!r} is not supported: expected sha-256", field="_sd_alg"
        )
    by_digest: dict[str, Disclosure] = {}
    for disclosure in disclosures:
        if disclosure.digest in by_digest:
            raise CredentialRejected("the same disclosure is presented twice", field="disclosures")
        by_digest[disclosure.digest] = disclosure
    walker = _Unfolder(by_digest)
    claims = walker.object(payload, "")
    claims.pop("_sd_alg", None)
    unused = set(by_digest) - walker.used
    if unused:
        names = sorted(str(by_digest[d].name) for d in unused)
        raise CredentialRejected(
            f"{len(unused)} disclosure(s) not referenced by any digest (claims {names})",
            field="disclosures",
        )
    return claims, walker.paths


@dataclass
class _Unfolder:
    by_digest: dict[str, Disclosure]
    used: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)
    paths: list[str] = field(default_factory=list)

    def value(self, node: Any, path: str) -> Any:
        if isinstance(node, dict):
            return self.object(node, path)
        if isinstance(node, list):
            return self.array(node, path)
        return node

    def object(self, node: Mapping[str, Any], path: str) -> dict[str, Any]:
        out = {name: self.value(v, f"{path}.{name}") for name, v in node.items() if name != "_sd"}
        digests = node.get("_sd", [])
        if not isinstance(digests, list) or not all(isinstance(d, str) for d in digests):
            raise CredentialRejected(
                "_sd must be an array of strings", field=f"{path}._sd".lstrip(".")
            )
        for digest in digests:
            disclosure = self._take(digest, path)
            if disclosure is None:
                continue
            if disclosure.name is None:
                raise CredentialRejected(
                    "an array-element disclosure is referenced from _sd",
                    field=f"{path}._sd".lstrip("."),
                )
            if disclosure.name in out:
                raise CredentialRejected(
                    "a disclosed claim name is already present",
                    field=f"{path}.{disclosure.name}".lstrip("."),
                )
            claim_path = f"{path}.{disclosure.name}"
            self.paths.append(claim_path.lstrip("."))
            out[disclosure.name] = self.value(disclosure.value, claim_path)
        return out

    def array(self, node: list[Any], path: str) -> list[Any]:
        out: list[Any] = []
        for element in node:
            digest = element.get("...") if isinstance(element, dict) and len(element) == 1 else None
            if not isinstance(digest, str):
                out.append(self.value(element, f"{path}[{len(out)}]"))
                continue
            disclosure = self._take(digest, path)
            if disclosure is None:
                continue
            if disclosure.name is not None:
                raise CredentialRejected(
                    "an object-property disclosure is referenced from an array",
                    field=path.lstrip("."),
                )
            element_path = f"{path}[{len(out)}]"
            self.paths.append(element_path.lstrip("."))
            out.append(self.value(disclosure.value, element_path))
        return out

    def _take(self, digest: str, path: str) -> Disclosure | None:
        if digest in self.seen:
            raise CredentialRejected(
                f"digest {digest} appears more than once", field=path.lstrip(".") or "_sd"
            )
        self.seen.add(digest)
        disclosure = self.by_digest.get(digest)
        if disclosure is not None:
            self.used.add(digest)
        return disclosure


def _holder_jwk(claims: Mapping[str, Any]) -> dict[str, Any] | None:
    cnf = claims.get("cnf")
    if cnf is None:
        return None
    if not isinstance(cnf, dict) or not isinstance(cnf.get("jwk"), dict):
        raise CredentialRejected("cnf must hold a jwk object", field="cnf")
    jwk: dict[str, Any] = cnf["jwk"]
    return jwk


def _timestamp(claims: Mapping[str, Any], name: str) -> dt.datetime | None:
    value = claims.get(name)
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise CredentialRejected("must be a NumericDate (seconds since 1970)", field=name)
    return dt.datetime.fromtimestamp(value, dt.UTC)


def _check_times(claims: Mapping[str, Any], now: dt.datetime, leeway: dt.timedelta) -> None:
    expires = _timestamp(claims, "exp")
    if expires is not None and now - leeway >= expires:
        raise CredentialRejected(f"the credential expired at {expires.isoformat()}", field="exp")
    not_before = _timestamp(claims, "nbf")
    if not_before is not None and now + leeway < not_before:
        raise CredentialRejected(f"not valid before {not_before.isoformat()}", field="nbf")
    issued = _timestamp(claims, "iat")
    if issued is not None and now + leeway < issued:
        raise CredentialRejected(f"issued in the future ({issued.isoformat()})", field="iat")


def _check_kb_time(iat: Any, now: dt.datetime, max_age: dt.timedelta, leeway: dt.timedelta) -> None:
    signed = _timestamp({"kb_jwt.iat": iat}, "kb_jwt.iat")
    if signed is None:
        raise CredentialRejected("the Key Binding JWT has no iat", field="kb_jwt.iat")
    if signed > now + leeway or signed < now - max_age - leeway:
        raise CredentialRejected(
            f"iat {signed.isoformat()} is outside the accepted window of {max_age} before "
            f"{now.isoformat()}",
            field="kb_jwt.iat",
        )
