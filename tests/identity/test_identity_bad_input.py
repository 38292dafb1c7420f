"""Truncated, tampered and malformed presentations are refused with a reason naming the part."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable

import pytest

from borderflow.identity.errors import CredentialRejected
from borderflow.identity.jose import b64encode, generate_key, public_jwk, sign_jws
from borderflow.identity.sdjwt import (
    Disclosure,
    KeyBinding,
    Sd,
    SdJwt,
    SdJwtIssuer,
    SdJwtVerifier,
    to_json_serialization,
)
from borderflow.identity.trust import TrustedKey, TrustList

NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)
ISSUER = "urn:borderflow:node:CA"
AUD = "urn:borderflow:port:0901"


@pytest.fixture(scope="module")
def issuer_key():  # type: ignore[no-untyped-def]
    return generate_key("ES256")


@pytest.fixture(scope="module")
def holder_key():  # type: ignore[no-untyped-def]
    return generate_key("EdDSA")


@pytest.fixture
def verifier(issuer_key) -> SdJwtVerifier:  # type: ignore[no-untyped-def]
    trust = TrustList.of([TrustedKey(ISSUER, public_jwk(issuer_key))])
    return SdJwtVerifier(trust.resolve)


@pytest.fixture
def present(issuer_key, holder_key) -> Callable[..., str]:  # type: ignore[no-untyped-def]
    """A valid presentation of given_name and nationality (family_name withheld)."""

    claims = {
        "iss": ISSUER,
        "exp": int((NOW + dt.timedelta(days=1)).timestamp()),
        "cnf": {"jwk": public_jwk(holder_key)},
        "given_name": Sd("Ana"),
        "family_name": Sd("Ruiz"),
        "nationality": Sd("MEX"),
    }
    issued = SdJwtIssuer(issuer_key, decoys=2).issue(claims)

    def make(selection: object = None, nonce: str = "n-1") -> str:
        chosen = selection if selection is not None else {"given_name": True, "nationality": True}
        binding = KeyBinding(holder_key, AUD, nonce, NOW)
        return issued.present(chosen, binding).serialize()

    return make


def _reject(verifier: SdJwtVerifier, text: str) -> CredentialRejected:
    with pytest.raises(CredentialRejected) as error:
        verifier.verify(text, now=NOW, audience=AUD, nonce="n-1")
    return error.value


def test_valid_presentation_discloses_only_what_was_chosen(verifier, present) -> None:  # type: ignore[no-untyped-def]
    result = verifier.verify(present(), now=NOW, audience=AUD, nonce="n-1")
    assert result.claims["given_name"] == "Ana" and result.claims["nationality"] == "MEX"
    assert "family_name" not in result.claims


@pytest.mark.parametrize("cut", [10, 60, -5])
def test_truncated(verifier, present, cut: int) -> None:  # type: ignore[no-untyped-def]
    text = present()
    assert _reject(verifier, text[:cut]).field


def test_no_separator(verifier, present) -> None:  # type: ignore[no-untyped-def]
    assert "found no '~'" in _reject(verifier, present().split("~")[0]).message


def test_tampered_payload(verifier, present) -> None:  # type: ignore[no-untyped-def]
    head, payload, signature = present().split("~")[0].split(".")
    claims = json.loads(_b64d(payload))
    claims["iss"] = ISSUER
    claims["exp"] += 86_400
    forged = ".".join([head, b64encode(json.dumps(claims).encode()), signature])
    text = present().replace(present().split("~")[0], forged)
    error = _reject(verifier, forged + "~" + "~".join(text.split("~")[1:]))
    assert error.field == "issuer_jwt.signature"


def test_tampered_disclosure_is_not_referenced(verifier, present) -> None:  # type: ignore[no-untyped-def]
    parts = present().split("~")
    forged = Disclosure.create("given_name", "Eve").encoded
    parts[1] = forged
    error = _reject(verifier, "~".join(parts))
    assert error.field in {"disclosures", "kb_jwt.sd_hash"}


def test_added_disclosure_breaks_sd_hash(verifier, present) -> None:  # type: ignore[no-untyped-def]
    full = present({"given_name": True, "family_name": True, "nationality": True})
    family = next(p for p in full.split("~")[1:-1] if "Ruiz" in _b64d(p))
    parts = present().split("~")
    parts.insert(1, family)
    assert _reject(verifier, "~".join(parts)).field == "kb_jwt.sd_hash"


def test_unreferenced_disclosure(issuer_key) -> None:  # type: ignore[no-untyped-def]
    issued = SdJwtIssuer(issuer_key, typ=None).issue({"iss": ISSUER, "a": Sd(1)})
    stray = Disclosure.create("b", 2)
    bad = SdJwt(issued.issuer_jwt, (*issued.disclosures, stray))
    verifier = SdJwtVerifier(
        lambda _h, _p: [issuer_key.public_key()], typ=None, require_key_binding=False
    )
    with pytest.raises(CredentialRejected) as error:
        verifier.verify(bad, now=NOW)
    assert error.value.field == "disclosures" and "not referenced" in error.value.message


def test_duplicate_digest(issuer_key) -> None:  # type: ignore[no-untyped-def]
    disclosure = Disclosure.create("a", 1)
    payload = {"iss": ISSUER, "_sd": [disclosure.digest], "nested": {"_sd": [disclosure.digest]}}
    jwt = sign_jws({"typ": "dc+sd-jwt"}, payload, issuer_key)
    verifier = SdJwtVerifier(lambda _h, _p: [issuer_key.public_key()], require_key_binding=False)
    with pytest.raises(CredentialRejected) as error:
        verifier.verify(SdJwt(jwt, (disclosure,)), now=NOW)
    assert "more than once" in error.value.message


def test_same_disclosure_twice(verifier, present) -> None:  # type: ignore[no-untyped-def]
    parts = present().split("~")
    parts.insert(1, parts[1])
    assert "twice" in _reject(verifier, "~".join(parts)).message


def test_unknown_issuer(issuer_key, present) -> None:  # type: ignore[no-untyped-def]
    other = TrustList.of([TrustedKey("urn:borderflow:node:US", public_jwk(issuer_key))])
    error = _reject(SdJwtVerifier(other.resolve), present())
    assert error.field == "iss" and "not in the trust list" in error.message


def test_issuer_signing_with_an_untrusted_key(present) -> None:  # type: ignore[no-untyped-def]
    trust = TrustList.of([TrustedKey(ISSUER, public_jwk(generate_key("ES256")))])
    assert _reject(SdJwtVerifier(trust.resolve), present()).field == "issuer_jwt.signature"


@pytest.mark.parametrize("alg", ["none", "None", "HS256", "RS256", "ES512"])
def test_refused_algorithms(verifier, present, alg: str) -> None:  # type: ignore[no-untyped-def]
    text = present()
    header, payload, _ = text.split("~")[0].split(".")
    new_header = b64encode(json.dumps({"alg": alg, "typ": "dc+sd-jwt"}).encode())
    forged = text.replace(f"{header}.{payload}", f"{new_header}.{payload}", 1)
    error = _reject(verifier, forged)
    assert error.field == "issuer_jwt.alg"


def test_algorithm_that_does_not_fit_the_key(verifier, present) -> None:  # type: ignore[no-untyped-def]
    text = present()
    header, payload, _ = text.split("~")[0].split(".")
    eddsa = b64encode(json.dumps({"alg": "EdDSA", "typ": "dc+sd-jwt"}).encode())
    error = _reject(verifier, text.replace(f"{header}.{payload}", f"{eddsa}.{payload}", 1))
    assert error.field == "issuer_jwt.signature" and "does not fit" in error.message


def test_missing_key_binding(verifier, present) -> None:  # type: ignore[no-untyped-def]
    text = present()
    without_kb = text[: text.rindex("~") + 1]
    assert _reject(verifier, without_kb).field == "kb_jwt"


def test_key_binding_by_another_key(verifier, present, issuer_key) -> None:  # type: ignore[no-untyped-def]
    text = present()
    sd_part = text[: text.rindex("~") + 1]
    kb = sign_jws(
        {"typ": "kb+jwt"},
        {"iat": int(NOW.timestamp()), "aud": AUD, "nonce": "n-1", "sd_hash": "x"},
        generate_key("EdDSA"),
    )
    assert _reject(verifier, sd_part + kb).field == "kb_jwt.signature"


def test_expired_credential(verifier, present) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CredentialRejected) as error:
        verifier.verify(present(), now=NOW + dt.timedelta(days=2), audience=AUD)
    assert error.value.field == "exp"


def test_reserved_disclosure_name() -> None:
    bad = b64encode(json.dumps(["salt", "_sd", 1]).encode())
    with pytest.raises(CredentialRejected) as error:
        Disclosure.parse(bad)
    assert error.value.field == "disclosure"


def _b64d(text: str) -> str:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()


def _json(present, **changes: object) -> str:  # type: ignore[no-untyped-def]
    body = json.loads(to_json_serialization(SdJwt.parse(present()), general=True))
    body.update(changes)
    return json.dumps(body)


def test_malformed_json_serialization(verifier, present) -> None:  # type: ignore[no-untyped-def]
    assert _reject(verifier, "{not json").message.startswith("not JSON")
    assert _reject(verifier, _json(present, signatures=[])).field == "signatures"
    good = json.loads(_json(present))
    second = {**good["signatures"][0], "header": {"kb_jwt": "x.y.z"}}
    extra = _reject(verifier, _json(present, signatures=[good["signatures"][0], second]))
    assert extra.field == "signatures[1].header"
    copies = _reject(verifier, _json(present, disclosures=[]))
    assert copies.field == "disclosures" and "differ" in copies.message
    header = {**good["signatures"][0], "header": {"disclosures": "abc"}}
    assert _reject(verifier, _json(present, signatures=[header])).field == "header.disclosures"
