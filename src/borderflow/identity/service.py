"""The node's identity services, thin over the domain and the repositories.

Used by the API router and tests: issue a batch, hand out a nonce, verify a presentation
at a port and keep its claims for the retention period, show a traveler their records.

A federation node issues with its node key as ``urn:borderflow:node:<node id>``
(:meth:`IdentityNode.for_node`); a node without a federation identity uses the issuer key
file. Either way its status lists are served at ``<base_url>/identity/status-lists/<id>``,
the URIs written in its credentials.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from borderflow.identity.credential import KnownTravelerIssuer, TravelerClaims
from borderflow.identity.errors import CredentialRejected
from borderflow.identity.jose import PrivateKey, private_key_from_jwk, public_jwk
from borderflow.identity.keys import load_or_create_key
from borderflow.identity.port import PortVerification, PortVerifier
from borderflow.identity.records import CrossingClaimsRepository
from borderflow.identity.repository import NonceRepository, TrustListRepository
from borderflow.identity.retention import RetentionPolicy, RetentionReason
from borderflow.identity.status import StatusList
from borderflow.identity.status_cache import StatusFetcher, StatusLists
from borderflow.identity.status_http import HttpStatusFetcher
from borderflow.identity.statuses import StatusListRepository
from borderflow.identity.trust import FEDERATION_ISSUER_PREFIX, TrustList, federation_issuer
from borderflow.settings import Settings

__all__ = ["STATUS_LISTS_PATH", "IdentityNode", "port_audience"]

STATUS_LIST_SIZE = 1 << 17

#: Where a node serves its status lists: ``<base_url>/identity/status-lists/<list id>``.
STATUS_LISTS_PATH = "/identity/status-lists"


def port_audience(port: str) -> str:
    """The ``aud`` a holder binds a presentation to at ``port``."""
    return f"urn:borderflow:port:{port.strip().upper()}"


@dataclass
class IdentityNode:
    """This node as credential issuer and as verifier at its ports."""

    issuer_id: str
    key: PrivateKey
    policy: RetentionPolicy = field(default_factory=RetentionPolicy)
    #: The node's public address; without one (in-process tests) status URIs are URNs.
    base_url: str | None = None
    #: Other issuers' status lists, fetched over HTTP and shared by every request.
    remote_statuses: StatusLists = field(
        default_factory=lambda: StatusLists(HttpStatusFetcher()), repr=False
    )

    @classmethod
    def from_settings(cls, settings: Settings) -> IdentityNode:
        """The node's identity from settings; the key file is created at first use."""
        issuer = settings.identity_issuer_id or f"urn:borderflow:node:{settings.country}"
        url = settings.identity_public_url or f"http://{settings.host}:{settings.port}"
        return cls(issuer, load_or_create_key(settings.identity_key_file), base_url=url)

    @classmethod
    def for_node(cls, node_id: str, node_key: Mapping[str, Any], base_url: str) -> IdentityNode:
        """A federation node issuing with its Ed25519 node key (a private JWK), the key
        its peers pin, so that they trust its credentials without any other setup."""
        key = private_key_from_jwk(node_key, field="node_key")
        return cls(federation_issuer(node_id), key, base_url=base_url.rstrip("/"))

    def status_uri_for(self, list_id: str) -> str:
        if self.base_url is None:
            return f"{self.issuer_id}/status/{list_id}"
        return f"{self.base_url}{STATUS_LISTS_PATH}/{list_id}"

    @property
    def status_uri(self) -> str:
        return self.status_uri_for("1")

    def trust_self(self, connection: Connection, *, now: dt.datetime) -> None:
        """Put the node's own issuer key on its trust list (a federation node's own key
        is trusted through the federation tables already)."""
        if self.issuer_id.startswith(FEDERATION_ISSUER_PREFIX):
            return
        TrustListRepository(connection).add(
            self.issuer_id, public_jwk(self.key), source="self", now=now
        )

    def status_list_token(self, connection: Connection, uri: str, *, now: dt.datetime) -> str:
        """The signed token of one of this node's status lists (NotFound if it has none)."""
        return StatusListRepository(connection).token(
            uri, issuer=self.issuer_id, key=self.key, now=now
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
        verification = self._verifier(connection, port, fetch_status).verify(
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
        verification = self._verifier(connection, port, fetch_status).verify(
            proof, now=now, requested=[]
        )
        return CrossingClaimsRepository(connection, self.policy).for_copy(verification.copy_id)

    def _verifier(
        self, connection: Connection, port: str, fetch: StatusFetcher | None
    ) -> PortVerifier:
        statuses = StatusLists(fetch) if fetch else _NodeStatuses(self, connection)
        return PortVerifier(
            audience=port_audience(port),
            trust=TrustListRepository(connection).load(),
            nonces=NonceRepository(connection, port_audience(port)),
            statuses=statuses,
        )


@dataclass
class _NodeStatuses:
    """Lists this node holds are read fresh from its database (a revocation here counts at
    once at its own ports); other issuers' lists come over HTTP through the shared cache."""

    node: IdentityNode
    connection: Connection

    def get(self, uri: str, *, issuer: str, trust: TrustList, now: dt.datetime) -> StatusList:
        own = StatusListRepository(self.connection)
        if own.find(uri, must_exist=False) is None:
            return self.node.remote_statuses.get(uri, issuer=issuer, trust=trust, now=now)
        if issuer != self.node.issuer_id:
            raise CredentialRejected(
                f"the status list {uri} is this node's, not {issuer!r}'s", field="status.uri"
            )
        return own.load(uri)
