"""The node's identity services, thin over the domain and the repositories.

Used by the API router and tests: issue a batch, hand out a nonce, verify a presentation
at a port and keep its claims for the retention period, show a traveler their records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from borderflow.identity.credential import KnownTravelerIssuer, TravelerClaims
from borderflow.identity.jose import PrivateKey, public_jwk
from borderflow.identity.keys import load_or_create_key
from borderflow.identity.port import PortVerification, PortVerifier, StatusFetcher
from borderflow.identity.records import CrossingClaimsRepository
from borderflow.identity.repository import NonceRepository, TrustListRepository
from borderflow.identity.retention import RetentionPolicy, RetentionReason
from borderflow.identity.statuses import StatusListRepository
from borderflow.settings import Settings

__all__ = ["IdentityNode", "port_audience"]

STATUS_LIST_SIZE = 1 << 17


def port_audience(port: str) -> str:
    """The ``aud`` a holder binds a presentation to at ``port``."""
    return f"urn:borderflow:port:{port.strip().upper()}"


@dataclass
class IdentityNode:
    """This node as credential issuer and as verifier at its ports."""

    issuer_id: str
    key: PrivateKey
    policy: RetentionPolicy = field(default_factory=RetentionPolicy)

    @classmethod
    def from_settings(cls, settings: Settings) -> IdentityNode:
        """The node's identity from settings; the key file is created at first use."""
        issuer = settings.identity_issuer_id or f"urn:borderflow:node:{settings.country}"
        return cls(issuer, load_or_create_key(settings.identity_key_file))

    @property
    def status_uri(self) -> str:
        return f"{self.issuer_id}/status/1"

    def trust_self(self, connection: Connection, *, now: dt.datetime) -> None:
        """Put the node's own issuer key on its trust list."""
        TrustListRepository(connection).add(
            self.issuer_id, public_jwk(self.key), source="self", now=now
        )

    def issue_batch(
        self,
        connection: Connection,
        traveler: TravelerClaims,
        holder_keys: list[dict[str, Any]],
        *,
        now: dt.datetime,
    ) -> tuple[str, list[str]]:
        """A batch of single-use copies, one per holder key; (batch id, credentials)."""
        statuses = StatusListRepository(connection)
        if statuses.find(self.status_uri, must_exist=False) is None:
            statuses.create(self.status_uri, size=STATUS_LIST_SIZE, now=now, bits=2)
        batch_id, references = statuses.allocate(self.status_uri, len(holder_keys), now=now)
        issuer = KnownTravelerIssuer(self.issuer_id, self.key)
        return batch_id, issuer.issue_batch(traveler, holder_keys, references, now=now)

    def nonce(self, connection: Connection, port: str, *, now: dt.datetime) -> str:
        return NonceRepository(connection, port_audience(port)).issue(now=now)

    def verify(
        self,
        connection: Connection,
        presentation: str,
        *,
        port: str,
        now: dt.datetime,
        requested: list[str] | None = None,
        reason: RetentionReason | None = None,
        note: str | None = None,
        fetch_status: StatusFetcher | None = None,
    ) -> tuple[str, PortVerification]:
        """Verify at ``port`` and keep the disclosed claims; (record id, verification)."""
        verification = self._verifier(connection, port, now, fetch_status).verify(
            presentation, now=now, requested=requested
        )
        records = CrossingClaimsRepository(connection, self.policy)
        record_id = records.record(verification, port=port, reason=reason, note=note)
        return record_id, verification

    def traveler_records(
        self,
        connection: Connection,
        proof: str,
        *,
        port: str,
        now: dt.datetime,
        fetch_status: StatusFetcher | None = None,
    ) -> list[dict[str, Any]]:
        """What ``port`` recorded about crossings made with the copy ``proof`` presents."""
        verification = self._verifier(connection, port, now, fetch_status).verify(
            proof, now=now, requested=[]
        )
        return CrossingClaimsRepository(connection, self.policy).for_copy(verification.copy_id)

    def _verifier(
        self, connection: Connection, port: str, now: dt.datetime, fetch: StatusFetcher | None
    ) -> PortVerifier:
        own = StatusListRepository(connection).fetcher(issuer=self.issuer_id, key=self.key, now=now)
        return PortVerifier(
            audience=port_audience(port),
            trust=TrustListRepository(connection).load(),
            nonces=NonceRepository(connection, port_audience(port)),
            fetch_status=fetch or own,
        )
