"""What arrived, turned into envelopes whose origin's signature verifies (no storage).

Protocol 1: each event is its own JWS. Protocol 2: each envelope travels as a JSON text,
one JWS signs the list of the SHA-256 hashes of those texts, and each text must hash to
its place in that list. Either way every
envelope that comes out is bound to a signature by its pinned origin's key; everything
else comes out refused, with the reason.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from joserfc.jwk import OKPKey
from joserfc.jws import CompactSignature

from borderflow.federation.canonical import sha256_hex
from borderflow.federation.envelope import BATCH_TYP, EVENT_TYP, Envelope, EnvelopeError
from borderflow.federation.inbound import Peer
from borderflow.federation.keys import public_key_from_text
from borderflow.federation.signing import BadSignatureError, parse, verify_parsed

__all__ = ["BatchRefusedError", "Refused", "Signed", "verify_batch", "verify_tokens"]


@dataclass(frozen=True, slots=True)
class Signed:
    """An envelope whose signature verified, with the hash that names it in the audit log."""

    index: int
    peer: Peer
    envelope: Envelope
    digest: str


@dataclass(frozen=True, slots=True)
class Refused:
    """An event that cannot be attributed to a pinned peer, or that was altered."""

    index: int
    kid: str
    reason: str


class BatchRefusedError(Exception):
    """A protocol-2 batch whose signature does not verify: none of its events is read."""

    def __init__(self, reason: str, kid: str) -> None:
        super().__init__(reason)
        self.kid = kid


def verify_tokens(tokens: Sequence[str], peers: Mapping[str, Peer]) -> Iterator[Signed | Refused]:
    """Protocol 1: each token verified with the pinned key its ``kid`` names."""
    for index, token in enumerate(tokens):
        yield _verified_token(index, token, peers)


def verify_batch(
    token: str, envelopes: Sequence[str], peers: Mapping[str, Peer], me: str
) -> list[Signed | Refused]:
    """Protocol 2: the batch signature checked once, then each envelope text against its hash.

    Raises :class:`BatchRefusedError` when the batch as a whole cannot be trusted (malformed,
    unknown key, bad signature, addressed elsewhere, another number of events than signed).
    """
    signer = _signer(token, peers)
    if isinstance(signer, str):
        raise BatchRefusedError(signer, _kid(token))
    peer, parsed = signer
    try:
        claims = verify_parsed(parsed, _public_key(peer.public_key), typ=BATCH_TYP)
    except BadSignatureError as exc:
        raise BatchRefusedError(str(exc), peer.node_id) from exc
    hashes = _hashes(claims, peer, me, len(envelopes))
    return [_one(index, value, hashes[index], peer) for index, value in enumerate(envelopes)]


def _verified_token(index: int, token: str, peers: Mapping[str, Peer]) -> Signed | Refused:
    signer = _signer(token, peers)
    if isinstance(signer, str):
        return Refused(index, _kid(token), signer)
    peer, parsed = signer
    try:
        value = verify_parsed(parsed, _public_key(peer.public_key), typ=EVENT_TYP)
        return Signed(index, peer, Envelope.from_dict(value), sha256_hex(parsed.payload))
    except (BadSignatureError, EnvelopeError) as exc:
        return Refused(index, peer.node_id, str(exc))


def _signer(token: str, peers: Mapping[str, Peer]) -> tuple[Peer, CompactSignature] | str:
    """The pinned peer whose key id the token names, and the parsed token; else why not."""
    try:
        parsed = parse(token)
    except BadSignatureError as exc:
        return str(exc)
    kid = str(parsed.headers().get("kid", ""))
    peer = peers.get(kid)
    if peer is None:
        return f"unknown key {kid!r}: no pinned peer has it"
    return peer, parsed


def _kid(token: str) -> str:
    """The key id a token claims ('' when it has none or cannot be read)."""
    try:
        return str(parse(token).headers().get("kid", ""))
    except BadSignatureError:
        return ""


def _hashes(claims: Any, peer: Peer, me: str, count: int) -> list[str]:
    if not isinstance(claims, dict) or not isinstance(claims.get("events"), list):
        raise BatchRefusedError(
            "batch claims: expected an object with an events list", peer.node_id
        )
    if claims.get("origin") != peer.node_id or claims.get("destination") != me:
        raise BatchRefusedError(
            f"batch from {claims.get('origin')} to {claims.get('destination')}, signed by "
            f"{peer.node_id}: not a batch from its signer to this node ({me})",
            peer.node_id,
        )
    hashes = [str(h) for h in claims["events"]]
    if len(hashes) != count:
        raise BatchRefusedError(
            f"the batch signs {len(hashes)} events, {count} were sent", peer.node_id
        )
    return hashes


def _one(index: int, text: str, signed_hash: str, peer: Peer) -> Signed | Refused:
    digest = sha256_hex(text.encode("utf-8"))
    if digest != signed_hash:
        return Refused(
            index,
            peer.node_id,
            "signature does not verify: the envelope was altered after signing "
            "(its hash is not the one the batch signature covers)",
        )
    try:
        return Signed(index, peer, Envelope.from_dict(json.loads(text)), digest)
    except ValueError as exc:  # EnvelopeError is one
        return Refused(index, peer.node_id, f"envelope: {exc}")


@functools.lru_cache(maxsize=64)
def _public_key(text: str) -> OKPKey:
    return public_key_from_text(text)
