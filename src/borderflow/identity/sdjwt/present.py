"""The holder's side: parse an SD-JWT, pick disclosures, add a Key Binding JWT."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from borderflow.identity.errors import CredentialRejected
from borderflow.identity.jose import PrivateKey, b64json, sign_jws
from borderflow.identity.sdjwt.disclosure import Disclosure, digest_of

__all__ = ["KeyBinding", "SdJwt", "select_disclosures"]


@dataclass(frozen=True, slots=True)
class KeyBinding:
    """What the holder signs to bind a presentation to one verifier and one moment."""

    key: PrivateKey
    audience: str
    nonce: str
    issued_at: dt.datetime


@dataclass(frozen=True, slots=True)
class SdJwt:
    """An SD-JWT (issuer-signed JWT, disclosures) with an optional Key Binding JWT."""

    issuer_jwt: str
    disclosures: tuple[Disclosure, ...]
    kb_jwt: str | None = None

    @classmethod
    def from_parts(
        cls, issuer_jwt: str, disclosures: Sequence[Disclosure], kb_jwt: str | None = None
    ) -> SdJwt:
        return cls(issuer_jwt, tuple(disclosures), kb_jwt)

    @classmethod
    def parse(cls, text: str, *, field: str = "presentation") -> SdJwt:
        """Read the compact form ``<jwt>~<disclosure>~...~[<kb-jwt>]``."""
        text = text.strip()
        parts = text.split("~")
        if len(parts) < 2:
            raise CredentialRejected(
                "not an SD-JWT: expected <jwt>~<disclosures>~[<kb-jwt>], found no '~'", field=field
            )
        if not parts[0]:
            raise CredentialRejected("the issuer-signed JWT is missing", field=field)
        disclosures = []
        for position, encoded in enumerate(parts[1:-1], start=1):
            if not encoded:
                raise CredentialRejected(
                    f"empty disclosure at position {position}", field=f"{field}.disclosures"
                )
            disclosures.append(Disclosure.parse(encoded, field=f"{field}.disclosures[{position}]"))
        return cls(parts[0], tuple(disclosures), parts[-1] or None)

    def serialize(self) -> str:
        """The compact form; without a KB-JWT it ends in ``~``."""
        return self.sd_jwt_part() + (self.kb_jwt or "")

    def sd_jwt_part(self) -> str:
        """The issuer JWT and disclosures, each followed by ``~`` (what ``sd_hash`` covers)."""
        return "".join(f"{p}~" for p in (self.issuer_jwt, *(d.encoded for d in self.disclosures)))

    def unverified_payload(self) -> dict[str, Any]:
        """The issuer JWT's payload, not checked: for the holder's own bookkeeping only."""
        payload = b64json(self.issuer_jwt.split(".")[1], field="issuer_jwt.payload")
        if not isinstance(payload, dict):
            raise CredentialRejected("the payload must be an object", field="issuer_jwt.payload")
        return payload

    def present(self, selection: Any, key_binding: KeyBinding | None = None) -> SdJwt:
        """A presentation that discloses only what ``selection`` asks for.

        ``selection`` mirrors the claims: ``{"name": True}`` discloses a claim, a nested
        object or list selects inside it, ``False``/``None`` withholds.
        """
        chosen = select_disclosures(self.unverified_payload(), self.disclosures, selection)
        presentation = SdJwt(self.issuer_jwt, tuple(chosen))
        if key_binding is None:
            return presentation
        kb_payload = {
            "iat": int(key_binding.issued_at.timestamp()),
            "aud": key_binding.audience,
            "nonce": key_binding.nonce,
            "sd_hash": digest_of(presentation.sd_jwt_part()),
        }
        kb_jwt = sign_jws({"typ": "kb+jwt"}, kb_payload, key_binding.key)
        return SdJwt(self.issuer_jwt, tuple(chosen), kb_jwt)


def select_disclosures(
    payload: Any, disclosures: Sequence[Disclosure], selection: Any
) -> list[Disclosure]:
    """The disclosures needed to reveal ``selection`` from ``payload``, in issuance order."""
    by_digest = {d.digest: d for d in disclosures}
    chosen: set[str] = set()
    _select(payload, selection, by_digest, chosen)
    return [d for d in disclosures if d.digest in chosen]


def _select(
    node: Any, selection: Any, by_digest: Mapping[str, Disclosure], chosen: set[str]
) -> None:
    if selection is None or selection is False:
        return
    if isinstance(node, dict):
        wanted = selection if isinstance(selection, Mapping) else {}
        for name, value in node.items():
            if name != "_sd" and name in wanted:
                _select(value, wanted[name], by_digest, chosen)
        for digest in node.get("_sd", []):
            disclosure = by_digest.get(digest)
            if disclosure is not None and wanted.get(str(disclosure.name)):
                chosen.add(digest)
                _select(disclosure.value, wanted[str(disclosure.name)], by_digest, chosen)
    elif isinstance(node, list):
        wanted_items = selection if isinstance(selection, list) else []
        position = 0
        for element in node:
            digest = _element_digest(element)
            if digest is not None and digest not in by_digest:
                continue  # a decoy: it takes no position in the holder's view
            want = wanted_items[position] if position < len(wanted_items) else None
            position += 1
            if digest is None:
                _select(element, want, by_digest, chosen)
            elif want is not None and want is not False:
                chosen.add(digest)
                _select(by_digest[digest].value, want, by_digest, chosen)


def _element_digest(element: Any) -> str | None:
    if isinstance(element, dict) and len(element) == 1 and isinstance(element.get("..."), str):
        return str(element["..."])
    return None
