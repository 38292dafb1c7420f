"""The trust list: which issuers (program authorities, nodes) a port accepts, by public key.

It is a plain mapping of issuer id to public JWKs; a JWK with a ``kid`` is picked by the
JWT header's ``kid``. A federation node issues as ``urn:borderflow:node:<node id>`` with
its pinned Ed25519 node key, so a port trusts exactly the nodes its federation pins
(``repository.load_trust_list`` builds the list from the node's database).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from borderflow.identity.errors import CredentialRejected
from borderflow.identity.jose import PublicKey, public_key_from_jwk

__all__ = ["FEDERATION_ISSUER_PREFIX", "TrustList", "TrustedKey", "federation_issuer"]

#: Issuer ids of federation nodes; node ids are ``node-`` and 20 hex digits of the key's hash.
FEDERATION_ISSUER_PREFIX = "urn:borderflow:node:node-"


def federation_issuer(node_id: str) -> str:
    """The issuer id a federation node signs credentials with."""
    return f"urn:borderflow:node:{node_id}"


@dataclass(frozen=True, slots=True)
class TrustedKey:
    issuer: str
    jwk: Mapping[str, Any]

    @property
    def kid(self) -> str | None:
        kid = self.jwk.get("kid")
        return str(kid) if kid is not None else None


@dataclass
class TrustList:
    """Issuer id to the public keys it signs with."""

    keys: dict[str, list[TrustedKey]] = field(default_factory=dict)
    _parsed: dict[int, PublicKey] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, entries: Iterable[TrustedKey]) -> TrustList:
        trust = cls()
        for entry in entries:
            trust.add(entry)
        return trust

    def add(self, entry: TrustedKey) -> None:
        self._parsed[id(entry)] = public_key_from_jwk(entry.jwk, field="jwk")
        self.keys.setdefault(entry.issuer, []).append(entry)

    def issuers(self) -> list[str]:
        return sorted(self.keys)

    def resolve(self, header: Mapping[str, Any], payload: Mapping[str, Any]) -> Sequence[PublicKey]:
        """The keys that may have signed a JWT from ``payload['iss']`` (``kid``-matched)."""
        issuer = payload.get("iss")
        if not isinstance(issuer, str):
            raise CredentialRejected("the credential names no issuer", field="iss")
        entries = self.keys.get(issuer)
        if not entries and issuer.startswith(FEDERATION_ISSUER_PREFIX):
            raise CredentialRejected(
                f"issuer {issuer!r} is not a node this node's federation pins "
                "(never pinned, or removed): its credentials are not accepted",
                field="iss",
            )
        if not entries:
            raise CredentialRejected(f"issuer {issuer!r} is not in the trust list", field="iss")
        kid = header.get("kid")
        if kid is not None:
            matching = [e for e in entries if e.kid == str(kid)]
            entries = matching or [e for e in entries if e.kid is None]
            if not entries:
                raise CredentialRejected(f"issuer {issuer!r} has no key {kid!r}", field="kid")
        return [self._parsed[id(e)] for e in entries]
