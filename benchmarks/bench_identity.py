"""Identity benchmarks: verify known-traveler presentations, issue a batch of 50 copies.

Run from the repository root::

    .venv/bin/python benchmarks/bench_identity.py [--presentations 2000]

Measures on one core (one process, one thread): our SD-JWT verifier alone, the full port
verification (SD-JWT + key binding + nonce ledger + cached status list), the reference
``sd-jwt`` package's verifier on the same presentations when it is installed, and the time to
issue a batch of 50 single-use credentials. ES256 (P-256) and EdDSA (Ed25519) both.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from borderflow.identity import (
    KnownTravelerIssuer,
    PortVerifier,
    ProgramMembership,
    StatusReference,
    TravelerClaims,
    TrustedKey,
    TrustList,
)
from borderflow.identity.jose import decode_jws, generate_key, public_jwk, sign_jws
from borderflow.identity.port import MemoryNonces
from borderflow.identity.sdjwt import KeyBinding, SdJwt, SdJwtVerifier
from borderflow.identity.status import StatusList, status_list_token
from borderflow.identity.status_cache import StatusLists

try:  # the reference implementation, measured side by side when installed (test extra)
    from jwcrypto.jwk import JWK
    from sd_jwt.verifier import SDJWTVerifier
except ImportError:
    JWK = SDJWTVerifier = None

NOW = dt.datetime(2026, 11, 29, 15, 30, tzinfo=dt.UTC)
ISSUER = "urn:borderflow:node:US"
AUD = "urn:borderflow:port:2506"
URI = f"{ISSUER}/status/1"
REQUEST = {
    "given_name": True,
    "family_name": True,
    "nationality": True,
    "trusted_programs": [True, True],
}
TRAVELER = TravelerClaims(
    family_name="GARCIA LOPEZ",
    given_name="MARIA",
    birthdate=dt.date(1984, 3, 2),
    nationality="MEX",
    document_number="G12345678",
    document_expiry=dt.date(2031, 5, 1),
    programs=(ProgramMembership("SENTRI", "active"), ProgramMembership("GLOBAL_ENTRY", "active")),
    photo_ref="urn:borderflow:photo:9f2c",
)


def make_presentations(alg: str, count: int) -> tuple[object, list[str]]:
    """``count`` presentations, each from its own single-use copy, with its own nonce."""
    key = generate_key(alg)
    issuer = KnownTravelerIssuer(ISSUER, key)
    texts = []
    for start in range(0, count, 50):
        size = min(50, count - start)
        holders = [generate_key(alg) for _ in range(size)]
        statuses = [StatusReference(URI, start + i) for i in range(size)]
        copies = issuer.issue_batch(TRAVELER, [public_jwk(h) for h in holders], statuses, now=NOW)
        for i, (copy, holder) in enumerate(zip(copies, holders, strict=True)):
            binding = KeyBinding(holder, AUD, f"nonce-{start + i}", NOW)
            texts.append(SdJwt.parse(copy).present(REQUEST, binding).serialize())
    return key, texts


def rate(label: str, work: object, items: list[str]) -> float:
    started = time.perf_counter()
    for item in items:
        work(item)  # type: ignore[operator]
    elapsed = time.perf_counter() - started
    per_second = len(items) / elapsed
    print(f"  {label:<44} {per_second:>8.0f} /s  ({elapsed * 1e6 / len(items):.0f} µs each)")
    return per_second


def signature_floor(alg: str, rounds: int = 2000) -> None:
    """Two raw signature checks (issuer JWT, KB-JWT): the ceiling for any verifier here."""
    key = generate_key(alg)
    message = b"x" * 900
    signature = sign_jws({}, {"m": message.decode()}, key)
    jwt = decode_jws(signature, field="floor")
    public = key.public_key()
    started = time.perf_counter()
    for _ in range(rounds):
        jwt.verify(public, field="floor")
    each = (time.perf_counter() - started) / rounds
    print(
        f"  {'floor: 2 raw ' + alg + ' signature checks':<44} {1 / (2 * each):>8.0f} /s"
        f"  ({2 * each * 1e6:.0f} µs each)"
    )


def bench_verify(alg: str, count: int) -> None:
    key, texts = make_presentations(alg, count)
    trust = TrustList.of([TrustedKey(ISSUER, public_jwk(key))])  # type: ignore[arg-type]
    print(f"verify {count} presentations, issuer and holder keys {alg}:")
    signature_floor(alg)
    sd_verifier = SdJwtVerifier(trust.resolve)
    rate(
        "SD-JWT + key binding (SdJwtVerifier)",
        lambda t: sd_verifier.verify(t, now=NOW, audience=AUD),
        texts,
    )
    nonces = MemoryNonces()
    for i in range(count):
        nonces.issue(f"nonce-{i}", now=NOW)
    statuses = StatusList.empty(1 << 17, bits=2)
    token = status_list_token(statuses, uri=URI, issuer=ISSUER, key=key, now=NOW)  # type: ignore[arg-type]
    port = PortVerifier(AUD, trust, nonces, StatusLists(lambda _uri: token))
    rate("full port check (+ nonce, vct, status list)", lambda t: port.verify(t, now=NOW), texts)
    bench_reference(key, texts[: max(count // 4, 1)], alg)


def bench_reference(key: object, texts: list[str], alg: str) -> None:
    if SDJWTVerifier is None:
        print("  reference sd-jwt not installed: skipped")
        return
    if alg != "ES256":
        print("  reference sd-jwt: ES256 only in its default configuration, skipped")
        return
    issuer_jwk = JWK(**public_jwk(key))  # type: ignore[arg-type]
    rate(
        f"reference sd-jwt 0.10 SDJWTVerifier ({len(texts)})",
        lambda t: SDJWTVerifier(
            t, lambda _i, _h: issuer_jwk, AUD, t.split("~")[-1] and _nonce_of(t)
        ).get_verified_payload(),
        texts,
    )


def _nonce_of(text: str) -> str:
    payload = text.rsplit("~", maxsplit=1)[-1].split(".")[1]
    return str(json.loads(base64.urlsafe_b64decode(payload + "=="))["nonce"])


def bench_issue(alg: str, rounds: int = 7) -> None:
    key = generate_key(alg)
    issuer = KnownTravelerIssuer(ISSUER, key)
    holder_keys = [public_jwk(generate_key(alg)) for _ in range(50)]
    statuses = [StatusReference(URI, i) for i in range(50)]
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        issuer.issue_batch(TRAVELER, holder_keys, statuses, now=NOW)
        times.append((time.perf_counter() - started) * 1000)
    print(
        f"issue a batch of 50 single-use credentials, {alg}: median {statistics.median(times):.1f}"
        f" ms, best {min(times):.1f} ms, worst {max(times):.1f} ms ({rounds} rounds)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--presentations", type=int, default=2000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    print(
        f"python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cores on the machine, pinned to one core"
    )
    for alg in ("ES256", "EdDSA"):
        bench_verify(alg, args.presentations)
        bench_issue(alg)


if __name__ == "__main__":
    main()
