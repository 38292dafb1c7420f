"""The JWS JSON serialization of SD-JWT (RFC 9901 section 8), flattened and general.

Disclosures and the KB-JWT travel in the unprotected ``header`` of the (first) signature.
``sd_hash`` is computed over the compact form built from that signature, so a
presentation's key binding is the same whichever serialization carries it.
"""

from __future__ import annotations

import json
from typing import Any

from borderflow.identity.errors import CredentialRejected
from borderflow.identity.sdjwt.disclosure import Disclosure
from borderflow.identity.sdjwt.present import SdJwt

__all__ = ["from_json_serialization", "to_json_serialization"]


def to_json_serialization(sd_jwt: SdJwt, *, general: bool = False) -> str:
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
    return json.dumps(body)


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
    if "signatures" in body:
        signatures = body["signatures"]
        if (
            not isinstance(signatures, list)
            or not signatures
            or not isinstance(signatures[0], dict)
        ):
            raise CredentialRejected("signatures must be a non-empty array", field="signatures")
        entry = signatures[0]
    else:
        entry = body
    protected, signature = entry.get("protected"), entry.get("signature")
    header = entry.get("header", {})
    if (
        not isinstance(protected, str)
        or not isinstance(signature, str)
        or not isinstance(header, dict)
    ):
        raise CredentialRejected("protected, signature and header are required", field="signatures")
    encoded = header.get("disclosures", [])
    if not isinstance(encoded, list) or not all(isinstance(d, str) for d in encoded):
        raise CredentialRejected(
            "disclosures must be an array of strings", field="header.disclosures"
        )
    kb_jwt = header.get("kb_jwt")
    if kb_jwt is not None and not isinstance(kb_jwt, str):
        raise CredentialRejected("kb_jwt must be a string", field="header.kb_jwt")
    disclosures = [
        Disclosure.parse(d, field=f"header.disclosures[{i}]") for i, d in enumerate(encoded)
    ]
    return SdJwt(f"{protected}.{body['payload']}.{signature}", tuple(disclosures), kb_jwt or None)
