"""The JWS JSON serialization of SD-JWT (RFC 9901 section 8), flattened and general.

Disclosures and the KB-JWT travel in the unprotected ``header`` of the (first) signature.
``sd_hash`` is computed over the compact form built from that signature, so a
presentation's key binding is the same whichever serialization carries it.

The reference ``sd-jwt`` package (0.10) predates that section: it puts ``disclosures``
and ``kb_jwt`` at the top level of the JWS object. ``top_level_copies=True`` writes them
there too, which RFC 9901 verifiers ignore (RFC 7515 7.2.1: unknown members are ignored)
and such verifiers need. On reading, the header wins; top-level members are accepted
alone (that layout) only without a KB-JWT, because that package computes ``sd_hash`` over
its whole issuance JSON, which no verifier can rebuild from a presentation.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from borderflow.identity.errors import CredentialRejected
from borderflow.identity.sdjwt.disclosure import Disclosure
from borderflow.identity.sdjwt.present import SdJwt

__all__ = ["from_json_serialization", "parse_sd_jwt", "to_json_serialization"]

_MEMBERS = ("disclosures", "kb_jwt")


def to_json_serialization(
    sd_jwt: SdJwt, *, general: bool = False, top_level_copies: bool = False
) -> str:
    """``sd_jwt`` as flattened (or, with ``general``, general) JWS JSON."""
    protected, payload, signature = sd_jwt.issuer_jwt.split(".")
    header: dict[str, Any] = {"disclosures": [d.encoded for d in sd_jwt.disclosures]}
    if sd_jwt.kb_jwt:
        header["kb_jwt"] = sd_jwt.kb_jwt
    if general:
        body: dict[str, Any] = {
            "payload": payload,
            "signatures": [{"protected": protected, "signature": signature, "header": header}],
        }
    else:
        body = {
            "payload": payload,
            "protected": protected,
            "signature": signature,
            "header": header,
        }
    if top_level_copies:
        body.update(header)
    return json.dumps(body)


def parse_sd_jwt(text: str, *, field: str = "presentation") -> SdJwt:
    """An SD-JWT (or presentation) in either serialization: JSON when it starts with ``{``."""
    if text.lstrip().startswith("{"):
        return from_json_serialization(text)
    return SdJwt.parse(text, field=field)


def from_json_serialization(text: str) -> SdJwt:
    """Read flattened or general JWS JSON; the first signature is the one verified."""
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CredentialRejected(f"not JSON: {exc.msg}", field="presentation") from None
    if not isinstance(body, dict) or not isinstance(body.get("payload"), str):
        raise CredentialRejected(
            "a JWS JSON object with a payload is expected", field="presentation"
        )
    entry = _first_signature(body)
    protected, signature = entry.get("protected"), entry.get("signature")
    header = entry.get("header", {})
    if (
        not isinstance(protected, str)
        or not isinstance(signature, str)
        or not isinstance(header, dict)
    ):
        raise CredentialRejected("protected, signature and header are required", field="signatures")
    encoded, kb_jwt = _carried(header, body)
    disclosures = [Disclosure.parse(d, field=f"disclosures[{i}]") for i, d in enumerate(encoded)]
    return SdJwt(f"{protected}.{body['payload']}.{signature}", tuple(disclosures), kb_jwt or None)


def _first_signature(body: dict[str, Any]) -> dict[str, Any]:
    if "signatures" not in body:
        return body
    signatures = body["signatures"]
    if (
        not isinstance(signatures, list)
        or not signatures
        or not all(isinstance(s, dict) for s in signatures)
    ):
        raise CredentialRejected("signatures must be a non-empty array", field="signatures")
    for position, other in enumerate(signatures[1:], start=1):
        other_header = other.get("header")
        if isinstance(other_header, dict) and any(m in other_header for m in _MEMBERS):
            raise CredentialRejected(
                "disclosures and kb_jwt belong in the first signature's header only",
                field=f"signatures[{position}].header",
            )
    first: dict[str, Any] = signatures[0]
    return first


def _carried(header: Mapping[str, Any], body: Mapping[str, Any]) -> tuple[list[str], str | None]:
    """The disclosures and KB-JWT: from the header (RFC 9901), or the pre-RFC top level."""
    in_header = any(m in header for m in _MEMBERS)
    at_top = any(m in body for m in _MEMBERS)
    if in_header:
        carried = _members(header, "header")
        if at_top and _members(body, "") != carried:
            raise CredentialRejected(
                "top-level disclosures or kb_jwt differ from those in the header",
                field="disclosures",
            )
        return carried
    if not at_top:
        return [], None
    encoded, kb_jwt = _members(body, "")
    if kb_jwt is not None:
        raise CredentialRejected(
            "kb_jwt outside the unprotected header (the pre-RFC 9901 layout): its sd_hash"
            " covers that layout's issuance JSON, which cannot be rebuilt; send the RFC 9901"
            " layout or the compact form",
            field="kb_jwt",
        )
    return encoded, None


def _members(source: Mapping[str, Any], prefix: str) -> tuple[list[str], str | None]:
    where = f"{prefix}." if prefix else ""
    encoded = source.get("disclosures", [])
    if not isinstance(encoded, list) or not all(isinstance(d, str) for d in encoded):
        raise CredentialRejected(
            "disclosures must be an array of strings", field=f"{where}disclosures"
        )
    kb_jwt = source.get("kb_jwt")
    if kb_jwt is not None and not isinstance(kb_jwt, str):
        raise CredentialRejected("kb_jwt must be a string", field=f"{where}kb_jwt")
    return encoded, kb_jwt or None
