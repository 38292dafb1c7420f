"""Travel documents (ICAO 9303 MRZ) and the one-time known-traveler credential (SD-JWT VC).

Domain modules (no I/O): ``mrz``, ``jose``, ``sdjwt``, ``credential``, ``status``,
``status_token``, ``status_cache``, ``trust``, ``port``, ``retention``. Storage: ``tables``,
``repository``, ``records``, ``statuses``. Adapters: ``service`` (used by the API),
``status_http`` (other issuers' status lists), ``wallet`` and ``keys`` (files).
"""

from borderflow.identity.credential import (
    KNOWN_TRAVELER_VCT,
    KnownTravelerIssuer,
    ProgramMembership,
    StatusReference,
    TravelerClaims,
)
from borderflow.identity.errors import CredentialRejected
from borderflow.identity.port import PortVerification, PortVerifier
from borderflow.identity.retention import RetentionPolicy, RetentionReason
from borderflow.identity.trust import TrustedKey, TrustList

__all__ = [
    "KNOWN_TRAVELER_VCT",
    "CredentialRejected",
    "KnownTravelerIssuer",
    "PortVerification",
    "PortVerifier",
    "ProgramMembership",
    "RetentionPolicy",
    "RetentionReason",
    "StatusReference",
    "TravelerClaims",
    "TrustList",
    "TrustedKey",
]
