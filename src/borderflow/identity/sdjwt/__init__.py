"""SD-JWT (RFC 9901): issue with selectively disclosable claims, present, verify."""

from borderflow.identity.sdjwt.disclosure import Disclosure, digest_of
from borderflow.identity.sdjwt.issue import Sd, SdJwtIssuer
from borderflow.identity.sdjwt.present import KeyBinding, SdJwt, select_disclosures
from borderflow.identity.sdjwt.serialization import (
    from_json_serialization,
    parse_sd_jwt,
    to_json_serialization,
)
from borderflow.identity.sdjwt.verify import KeyResolver, SdJwtVerifier, VerifiedSdJwt

__all__ = [
    "Disclosure",
    "KeyBinding",
    "KeyResolver",
    "Sd",
    "SdJwt",
    "SdJwtIssuer",
    "SdJwtVerifier",
    "VerifiedSdJwt",
    "digest_of",
    "from_json_serialization",
    "parse_sd_jwt",
    "select_disclosures",
    "to_json_serialization",
]
