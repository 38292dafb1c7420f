"""Interop with the reference ``sd-jwt`` package (PyPI, test-only dependency).

Our presentations verify with its verifier, and its issuer/holder's presentations verify
with ours, for every compact case of sd-jwt-python (the two JSON cases use that package's
pre-RFC JSON layout, so they are exchanged in compact form).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from jwcrypto.jwk import JWK
from sd_jwt.common import SDObj
from sd_jwt.holder import SDJWTHolder
from sd_jwt.issuer import SDJWTIssuer
from sd_jwt.verifier import SDJWTVerifier

from borderflow.identity import (
    KnownTravelerIssuer,
    ProgramMembership,
    StatusReference,
    TravelerClaims,
)
from borderflow.identity.jose import b64json, generate_key, public_jwk, public_key_from_jwk
from borderflow.identity.sdjwt import KeyBinding, Sd, SdJwt, SdJwtVerifier


def _folders(identity_dir: Path) -> list[Path]:
    cases = identity_dir / "sd-jwt/sd-jwt-python-testcases"
    return sorted(p.parent for p in cases.glob("*/specification.yml"))


def _to_reference(value: Any) -> Any:
    """Our ``Sd`` markers as the reference package's ``SDObj`` markers."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if isinstance(item, Sd):
                out[SDObj(key)] = _to_reference(item.value)
            else:
                out[key] = _to_reference(item)
        return out
    if isinstance(value, list):
        return [
            SDObj(_to_reference(v.value)) if isinstance(v, Sd) else _to_reference(v) for v in value
        ]
    return value


def test_our_presentations_verify_with_the_reference(
    identity_dir: Path, sd_case: Any, sd_helpers: Any
) -> None:
    for folder in _folders(identity_dir):
        spec, ours, text, settings = sd_case(folder, compact=True)
        issuer_key = JWK(**settings["key_settings"]["issuer_keys"][0])
        with_kb = bool(spec.get("key_binding", False))
        verifier = SDJWTVerifier(
            text,
            lambda _iss, _header, key=issuer_key: key,
            settings["identifiers"]["verifier"] if with_kb else None,
            str(settings["key_binding_nonce"]) if with_kb else None,
        )
        theirs = {
            k: v
            for k, v in verifier.get_verified_payload().items()
            if k not in sd_helpers.registered
        }
        assert theirs == spec["expect_verified_user_claims"] == ours, folder.name


def test_reference_presentations_verify_with_ours(
    identity_dir: Path, load_sd_yaml: Any, sd_helpers: Any
) -> None:
    for folder in _folders(identity_dir):
        spec = load_sd_yaml(folder / "specification.yml")
        settings = load_sd_yaml(folder.parent / "settings.yml")
        keys = settings["key_settings"]
        issuer_jwk, holder_jwk = JWK(**keys["issuer_keys"][0]), JWK(**keys["holder_key"])
        with_kb = bool(spec.get("key_binding", False))
        claims = {
            "iss": settings["identifiers"]["issuer"],
            "iat": settings["iat"],
            "exp": settings["exp"],
            **_to_reference(sd_helpers.to_markers(spec["user_claims"])),
        }
        issued = SDJWTIssuer(
            claims, issuer_jwk, holder_jwk if with_kb else None, add_decoy_claims=True
        ).sd_jwt_issuance
        holder = SDJWTHolder(issued)
        holder.create_presentation(
            spec.get("holder_disclosed_claims", {}),
            str(settings["key_binding_nonce"]) if with_kb else None,
            settings["identifiers"]["verifier"] if with_kb else None,
            holder_jwk if with_kb else None,
        )
        presentation = SdJwt.parse(holder.sd_jwt_presentation)
        signed_at = (
            b64json(presentation.kb_jwt.split(".")[1], field="kb")["iat"]
            if presentation.kb_jwt
            else settings["iat"]
        )
        verifier = SdJwtVerifier(
            lambda _h, _p, jwk=keys["issuer_keys"][0]: [public_key_from_jwk(jwk)],
            typ=None,
            require_key_binding=with_kb,
        )
        result = verifier.verify(
            presentation,
            now=dt.datetime.fromtimestamp(signed_at, dt.UTC),
            audience=settings["identifiers"]["verifier"],
            nonce=str(settings["key_binding_nonce"]),
        )
        ours = {k: v for k, v in result.claims.items() if k not in sd_helpers.registered}
        assert ours == spec["expect_verified_user_claims"], folder.name


def test_known_traveler_presentation_verifies_with_the_reference() -> None:
    issuer_key, holder_key = generate_key("ES256"), generate_key("ES256")
    issuer = KnownTravelerIssuer("urn:borderflow:node:CA", issuer_key)
    traveler = TravelerClaims(
        "TREMBLAY",
        "LUC",
        dt.date(1979, 7, 14),
        "CAN",
        "AB123456",
        dt.date(2030, 2, 1),
        programs=(ProgramMembership("NEXUS", "active"),),
    )
    now = dt.datetime(2026, 11, 29, 15, 30, tzinfo=dt.UTC)
    (copy,) = issuer.issue_batch(
        traveler, [public_jwk(holder_key)], [StatusReference("urn:s", 3)], now=now
    )
    binding = KeyBinding(holder_key, "urn:borderflow:port:0901", "n-1", now)
    text = SdJwt.parse(copy).present({"nationality": True, "trusted_programs": [True]}, binding)
    verifier = SDJWTVerifier(
        text.serialize(),
        lambda _iss, _header: JWK(**public_jwk(issuer_key)),
        "urn:borderflow:port:0901",
        "n-1",
    )
    payload = verifier.get_verified_payload()
    assert payload["nationality"] == "CAN"
    assert payload["trusted_programs"] == [{"program": "NEXUS", "status": "active"}]
    assert "family_name" not in payload and "document_number" not in payload
