"""Verification at the port: one presentation in, only the disclosed claims out.

Checks, in order: the SD-JWT (issuer on the trust list, signature, digests and
disclosures, expiry), the key binding (this port as ``aud``, ``iat`` within the window,
``sd_hash``), the nonce (issued by this port, unused, unexpired; consumed here, so a
replayed presentation is refused) and the status list entry (revoked or suspended copies
are refused, and so is a copy whose status list cannot be had: see ``status_cache``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from borderflow.identity.credential import DISCLOSABLE_CLAIMS, KNOWN_TRAVELER_VCT
from borderflow.identity.errors import CredentialRejected
from borderflow.identity.jose import thumbprint
from borderflow.identity.sdjwt import SdJwtVerifier
from borderflow.identity.status import CredentialStatus, StatusList
from borderflow.identity.trust import TrustList

__all__ = ["MemoryNonces", "NonceLedger", "PortVerification", "PortVerifier", "StatusSource"]


class StatusSource(Protocol):
    """Verified status lists by URI (``status_cache.StatusLists``); raises when it has none."""

    def get(self, uri: str, *, issuer: str, trust: TrustList, now: dt.datetime) -> StatusList: ...


class NonceLedger(Protocol):
    """Nonces a port handed out; ``consume`` refuses unknown, used or expired ones."""

    def consume(self, nonce: str, *, now: dt.datetime) -> None: ...


@dataclass
class MemoryNonces:
    """A nonce ledger in memory (one process: tests, benchmarks, a kiosk without a database)."""

    ttl: dt.timedelta = dt.timedelta(minutes=5)
    issued: dict[str, dt.datetime] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    def issue(self, nonce: str, *, now: dt.datetime) -> str:
        self.issued[nonce] = now + self.ttl
        return nonce

    def consume(self, nonce: str, *, now: dt.datetime) -> None:
        if nonce in self.used:
            raise CredentialRejected(
                "nonce already used: the presentation is a replay", field="kb_jwt.nonce"
            )
        expires = self.issued.get(nonce)
        if expires is None:
            raise CredentialRejected("nonce was not issued by this port", field="kb_jwt.nonce")
        if expires <= now:
            raise CredentialRejected(
                "nonce expired: ask the port for a new one", field="kb_jwt.nonce"
            )
        self.used.add(nonce)


@dataclass(frozen=True, slots=True)
class PortVerification:
    """The outcome the port decision sees: who vouches, and only the disclosed claims."""

    issuer: str
    vct: str
    claims: dict[str, Any]
    copy_id: str
    verified_at: dt.datetime


@dataclass
class PortVerifier:
    """Verifies known-traveler presentations addressed to ``audience`` (this port)."""

    audience: str
    trust: TrustList
    nonces: NonceLedger
    statuses: StatusSource
    kb_max_age: dt.timedelta = dt.timedelta(minutes=5)

    def verify(
        self, presentation: str, *, now: dt.datetime, requested: Iterable[str] | None = None
    ) -> PortVerification:
        verifier = SdJwtVerifier(
            self.trust.resolve, require_key_binding=True, kb_max_age=self.kb_max_age
        )
        result = verifier.verify(presentation, now=now, audience=self.audience)
        if result.claims.get("vct") != KNOWN_TRAVELER_VCT:
            raise CredentialRejected(
                f"vct must be {KNOWN_TRAVELER_VCT}, found {result.claims.get('vct')!r}", field="vct"
            )
        kb = result.key_binding or {}
        nonce = kb.get("nonce")
        if not isinstance(nonce, str):
            raise CredentialRejected("the Key Binding JWT has no nonce", field="kb_jwt.nonce")
        self.nonces.consume(nonce, now=now)
        self._check_status(result.claims.get("status"), str(result.issuer), now)
        wanted = set(requested) if requested is not None else set(DISCLOSABLE_CLAIMS)
        disclosed = {n: result.claims[n] for n in DISCLOSABLE_CLAIMS if n in result.claims}
        return PortVerification(
            issuer=str(result.issuer),
            vct=KNOWN_TRAVELER_VCT,
            claims={n: v for n, v in disclosed.items() if n in wanted},
            copy_id=thumbprint(result.holder_jwk or {}),
            verified_at=now,
        )

    def _check_status(self, status: Any, issuer: str, now: dt.datetime) -> None:
        reference = status.get("status_list") if isinstance(status, dict) else None
        if not isinstance(reference, dict):
            raise CredentialRejected("the credential carries no status list entry", field="status")
        uri, index = reference.get("uri"), reference.get("idx")
        if not isinstance(uri, str) or not isinstance(index, int) or isinstance(index, bool):
            raise CredentialRejected("status_list needs a uri and an integer idx", field="status")
        status_list = self.statuses.get(uri, issuer=issuer, trust=self.trust, now=now)
        code = status_list.get(index)
        if code != CredentialStatus.VALID:
            name = CredentialStatus(code).name.lower() if code in (1, 2) else f"status {code}"
            raise CredentialRejected(f"the credential is {name}", field="status")
