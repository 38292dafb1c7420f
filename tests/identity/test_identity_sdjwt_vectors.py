"""Every RFC 9901 and SD-JWT VC example in the shared vectors verifies with our verifier."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

import pytest

from borderflow.identity.errors import CredentialRejected
from borderflow.identity.jose import b64json, public_key_from_jwk
from borderflow.identity.sdjwt import (
    Disclosure,
    SdJwt,
    SdJwtVerifier,
    from_json_serialization,
    to_json_serialization,
)

FILES = {
    "rfc9901": "sd-jwt/rfc9901-draft22-examples.json",
    "sd-jwt-vc": "sd-jwt-vc/sd-jwt-vc-editors-copy-2026-08-21-examples.json",
}


def _examples(load_json: Any, name: str) -> dict[str, Any]:
    examples: dict[str, Any] = load_json(FILES[name])
    return examples


def _at(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_disclosure_digest(load_json: Any, name: str) -> None:
    count = 0
    for section in _examples(load_json, name)["sections"]:
        for item in section["disclosures"]:
            disclosure = Disclosure.parse(item["disclosure"])
            assert disclosure.digest == item["sha256_b64url"], (section["section"], item)
            padded = item["disclosure"] + "=" * (-len(item["disclosure"]) % 4)
            content = json.loads(base64.urlsafe_b64decode(padded))
            assert [disclosure.salt, disclosure.value] == [content[0], content[-1]]
            count += 1
    assert count == {"rfc9901": 87, "sd-jwt-vc": 37}[name]


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_compact_example_verifies(load_json: Any, name: str) -> None:
    examples = _examples(load_json, name)
    issuer_key = public_key_from_jwk(examples["issuer_public_jwk"])
    expectations = examples["key_binding_expectations"]
    verified = 0
    for section in examples["sections"]:
        blocks = section["json_blocks_in_order"]
        for serialization in section["compact_serializations"]:
            if serialization["kind"] == "issuer_signed_jwt":
                continue
            sd_jwt = SdJwt.parse(serialization["value"])
            header = b64json(sd_jwt.issuer_jwt.split(".")[0], field="header")
            payload = sd_jwt.unverified_payload()
            with_kb = sd_jwt.kb_jwt is not None
            # The examples' own times (the W3C example has none: any fixed instant will do).
            signed_at = (
                b64json(sd_jwt.kb_jwt.split(".")[1], field="kb")["iat"]
                if with_kb
                else (payload.get("iat", 1_748_736_000))
            )
            verifier = SdJwtVerifier(
                lambda _h, _p: [issuer_key],
                typ=frozenset({header["typ"]}),
                require_key_binding=with_kb,
            )
            result = verifier.verify(
                sd_jwt,
                now=_at(signed_at),
                audience=expectations["aud"],
                nonce=expectations["nonce"],
            )
            assert len(result.disclosed) == len(sd_jwt.disclosures)
            if with_kb:
                assert result.key_binding is not None
                processed = [b for b in blocks if "cnf" in b and "_sd" not in b]
                if processed:
                    assert result.claims == processed[-1], section["section"]
            issuer_payloads = [b for b in blocks if "_sd" in b and "iss" in b]
            if issuer_payloads and not with_kb:
                assert payload == issuer_payloads[0]
            verified += 1
    assert verified == {"rfc9901": 8, "sd-jwt-vc": 5}[name]


def test_example_with_wrong_nonce_or_audience_is_refused(load_json: Any) -> None:
    examples = _examples(load_json, "rfc9901")
    issuer_key = public_key_from_jwk(examples["issuer_public_jwk"])
    section = next(s for s in examples["sections"] if s["section"] == "5.2")
    sd_jwt = SdJwt.parse(section["compact_serializations"][0]["value"])
    assert sd_jwt.kb_jwt is not None
    now = _at(b64json(sd_jwt.kb_jwt.split(".")[1], field="kb")["iat"])
    verifier = SdJwtVerifier(lambda _h, _p: [issuer_key], typ=None)
    with pytest.raises(CredentialRejected) as wrong_nonce:
        verifier.verify(sd_jwt, now=now, audience="https://verifier.example.org", nonce="other")
    assert wrong_nonce.value.field == "kb_jwt.nonce"
    with pytest.raises(CredentialRejected) as wrong_aud:
        verifier.verify(sd_jwt, now=now, audience="https://elsewhere.example", nonce="1234567890")
    assert wrong_aud.value.field == "kb_jwt.aud"
    with pytest.raises(CredentialRejected) as too_late:
        verifier.verify(
            sd_jwt,
            now=now + dt.timedelta(hours=1),
            audience="https://verifier.example.org",
            nonce="1234567890",
        )
    assert too_late.value.field == "kb_jwt.iat"


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_example_verifies_in_the_json_serialization(load_json: Any, name: str) -> None:
    """The vectors hold no JSON-serialized example (their section 8 was not extracted), so
    each compact one is carried in flattened and general JWS JSON: the RFC computes
    ``sd_hash`` over the compact form, so the key binding must still verify unchanged."""
    examples = _examples(load_json, name)
    issuer_key = public_key_from_jwk(examples["issuer_public_jwk"])
    expectations = examples["key_binding_expectations"]
    checked = 0
    for section in examples["sections"]:
        for serialization in section["compact_serializations"]:
            if serialization["kind"] == "issuer_signed_jwt":
                continue
            compact = SdJwt.parse(serialization["value"])
            payload = compact.unverified_payload()
            signed_at = (
                b64json(compact.kb_jwt.split(".")[1], field="kb")["iat"]
                if compact.kb_jwt
                else payload.get("iat", 1_748_736_000)
            )
            verifier = SdJwtVerifier(
                lambda _h, _p: [issuer_key], typ=None, require_key_binding=bool(compact.kb_jwt)
            )
            expected = verifier.verify(
                compact,
                now=_at(signed_at),
                audience=expectations["aud"],
                nonce=expectations["nonce"],
            ).claims
            for general in (False, True):
                text = to_json_serialization(compact, general=general)
                assert from_json_serialization(text) == compact
                result = verifier.verify(
                    text,
                    now=_at(signed_at),
                    audience=expectations["aud"],
                    nonce=expectations["nonce"],
                )
                assert result.claims == expected, (section["section"], general)
                checked += 1
    assert checked == {"rfc9901": 16, "sd-jwt-vc": 10}[name]
