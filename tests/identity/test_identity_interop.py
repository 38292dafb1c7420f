"""Interop with the reference ``sd-jwt`` package (PyPI, test-only dependency).

Our presentations verify with its verifier, and its issuer/holder's presentations verify
with ours, for every case of sd-jwt-python: in the compact form, and in the JWS JSON
serialization. That package (0.10) writes JSON in a pre-RFC 9901 layout (``disclosures``
and ``kb_jwt`` at the top level, ``sd_hash`` over its whole issuance JSON, not checked by
its verifier): we write the RFC layout with top-level copies, which it reads, and we read
its layout, except a KB-JWT there, whose ``sd_hash`` no verifier can recompute.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
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
from borderflow.identity.errors import CredentialRejected
from borderflow.identity.jose import (
    b64json,
    generate_key,
    private_key_from_jwk,
    public_jwk,
    public_key_from_jwk,
)
from borderflow.identity.sdjwt import (
    KeyBinding,
    Sd,
    SdJwt,
    SdJwtVerifier,
    parse_sd_jwt,
    to_json_serialization,
)


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


def _reference_claims(settings: dict[str, Any], spec: dict[str, Any], sd_helpers: Any) -> Any:
    return {
        "iss": settings["identifiers"]["issuer"],
        "iat": settings["iat"],
        "exp": settings["exp"],
        **_to_reference(sd_helpers.to_markers(spec["user_claims"])),
    }


def _user_claims(claims: dict[str, Any], sd_helpers: Any) -> dict[str, Any]:
    return {k: v for k, v in claims.items() if k not in sd_helpers.registered}


def test_our_json_presentations_verify_with_the_reference_and_ours(
    identity_dir: Path, sd_case: Any, sd_helpers: Any
) -> None:
    for folder in _folders(identity_dir):
        spec, ours, text, settings = sd_case(folder, compact=True)
        with_kb = bool(spec.get("key_binding", False))
        aud, nonce = settings["identifiers"]["verifier"], str(settings["key_binding_nonce"])
        issuer_jwk = settings["key_settings"]["issuer_keys"][0]
        for general in (False, True):
            body = to_json_serialization(SdJwt.parse(text), general=general, top_level_copies=True)
            theirs = SDJWTVerifier(
                body,
                lambda _iss, _header, jwk=issuer_jwk: JWK(**jwk),
                aud if with_kb else None,
                nonce if with_kb else None,
                serialization_format="json",
            ).get_verified_payload()
            assert _user_claims(theirs, sd_helpers) == ours, (folder.name, general)
            again = SdJwtVerifier(
                lambda _h, _p, jwk=issuer_jwk: [public_key_from_jwk(jwk)],
                typ=None,
                require_key_binding=with_kb,
            ).verify(body, now=_signed_at(parse_sd_jwt(body), settings), audience=aud, nonce=nonce)
            assert _user_claims(again.claims, sd_helpers) == ours, (folder.name, general)


def _signed_at(presentation: SdJwt, settings: dict[str, Any]) -> dt.datetime:
    if presentation.kb_jwt is None:
        return dt.datetime.fromtimestamp(settings["iat"], dt.UTC)
    return dt.datetime.fromtimestamp(
        b64json(presentation.kb_jwt.split(".")[1], field="kb")["iat"], dt.UTC
    )


def test_reference_json_verifies_with_ours(
    identity_dir: Path, load_sd_yaml: Any, sd_helpers: Any
) -> None:
    """Its JSON issuance, presented by its holder (no KB) or by ours (KB), verifies here."""
    for folder in _folders(identity_dir):
        spec = load_sd_yaml(folder / "specification.yml")
        settings = load_sd_yaml(folder.parent / "settings.yml")
        keys = settings["key_settings"]
        issuer_jwk, holder_jwk = keys["issuer_keys"][0], keys["holder_key"]
        with_kb = bool(spec.get("key_binding", False))
        aud, nonce = settings["identifiers"]["verifier"], str(settings["key_binding_nonce"])
        issuance = SDJWTIssuer(
            _reference_claims(settings, spec, sd_helpers),
            JWK(**issuer_jwk),
            JWK(**holder_jwk) if with_kb else None,
            add_decoy_claims=True,
            serialization_format="json",
        ).sd_jwt_issuance
        verifier = SdJwtVerifier(
            lambda _h, _p, jwk=issuer_jwk: [public_key_from_jwk(jwk)],
            typ=None,
            require_key_binding=with_kb,
        )
        selection = spec.get("holder_disclosed_claims", {})
        now = dt.datetime.fromtimestamp(settings["iat"], dt.UTC) + dt.timedelta(seconds=30)
        if not with_kb:
            holder = SDJWTHolder(issuance, serialization_format="json")
            holder.create_presentation(selection)
            result = verifier.verify(holder.sd_jwt_presentation, now=now)
        else:
            binding = KeyBinding(private_key_from_jwk(holder_jwk), aud, nonce, now)
            ours = parse_sd_jwt(issuance).present(selection, binding)
            body = to_json_serialization(ours, top_level_copies=True)
            result = verifier.verify(body, now=now, audience=aud, nonce=nonce)
            theirs = SDJWTVerifier(
                body,
                lambda _i, _h, jwk=issuer_jwk: JWK(**jwk),
                aud,
                nonce,
                serialization_format="json",
            ).get_verified_payload()
            assert _user_claims(theirs, sd_helpers) == spec["expect_verified_user_claims"]
        assert _user_claims(result.claims, sd_helpers) == spec["expect_verified_user_claims"], (
            folder.name
        )


def test_reference_json_key_binding_is_refused_with_the_reason(
    identity_dir: Path, load_sd_yaml: Any, sd_helpers: Any
) -> None:
    folder = identity_dir / "sd-jwt/sd-jwt-python-testcases/json_serialization_flattened"
    spec = load_sd_yaml(folder / "specification.yml")
    settings = load_sd_yaml(folder.parent / "settings.yml")
    keys = settings["key_settings"]
    holder_jwk = JWK(**keys["holder_key"])
    issuance = SDJWTIssuer(
        _reference_claims(settings, spec, sd_helpers),
        JWK(**keys["issuer_keys"][0]),
        holder_jwk,
        serialization_format="json",
    ).sd_jwt_issuance
    holder = SDJWTHolder(issuance, serialization_format="json")
    holder.create_presentation(spec["holder_disclosed_claims"], "n-1", "urn:aud", holder_jwk)
    with pytest.raises(CredentialRejected) as error:
        parse_sd_jwt(holder.sd_jwt_presentation)
    assert error.value.field == "kb_jwt" and "pre-RFC 9901" in error.value.message
