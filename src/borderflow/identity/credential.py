"""The known-traveler credential: its claims and how a program authority issues them.

A traveler gets a *batch* of single-use copies. Each copy has its own holder key, fresh
salts, fresh decoys and its own (randomly placed) status-list index, and the issue and
expiry times are rounded to the day, so two crossings made with two copies share no
value that would link them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from borderflow.errors import InvalidInput
from borderflow.identity.jose import PrivateKey, public_key_from_jwk, thumbprint
from borderflow.identity.sdjwt import Sd, SdJwtIssuer

__all__ = [
    "DISCLOSABLE_CLAIMS",
    "KNOWN_TRAVELER_VCT",
    "KnownTravelerIssuer",
    "ProgramMembership",
    "StatusReference",
    "TravelerClaims",
]

KNOWN_TRAVELER_VCT = "urn:borderflow:vct:known-traveler:1"

#: The claims a holder can choose to disclose, in the order a port sees them.
DISCLOSABLE_CLAIMS = (
    "family_name",
    "given_name",
    "birthdate",
    "nationality",
    "document_number",
    "document_expiry",
    "trusted_programs",
    "photo_ref",
)


@dataclass(frozen=True, slots=True)
class ProgramMembership:
    """A trusted-program membership (NEXUS, SENTRI, Global Entry, Viajero Confiable...)."""

    program: str
    status: str
    valid_until: dt.date | None = None

    def to_claim(self) -> dict[str, Any]:
        claim: dict[str, Any] = {"program": self.program, "status": self.status}
        if self.valid_until is not None:
            claim["valid_until"] = self.valid_until.isoformat()
        return claim


@dataclass(frozen=True, slots=True)
class TravelerClaims:
    """What the authority vouches for; every field is selectively disclosable."""

    family_name: str
    given_name: str
    birthdate: dt.date
    nationality: str
    document_number: str
    document_expiry: dt.date
    programs: tuple[ProgramMembership, ...] = ()
    photo_ref: str | None = None

    def __post_init__(self) -> None:
        if not self.family_name and not self.given_name:
            raise InvalidInput("a traveler needs a family or given name", field="family_name")
        if len(self.nationality) != 3 or not self.nationality.isalpha():
            raise InvalidInput("nationality is an ICAO 3-letter code", field="nationality")
        if not self.document_number:
            raise InvalidInput("document_number is required", field="document_number")

    def disclosable(self) -> dict[str, Any]:
        """The claims with each one marked selectively disclosable (programs one by one)."""
        claims: dict[str, Any] = {
            "family_name": Sd(self.family_name),
            "given_name": Sd(self.given_name),
            "birthdate": Sd(self.birthdate.isoformat()),
            "nationality": Sd(self.nationality.upper()),
            "document_number": Sd(self.document_number),
            "document_expiry": Sd(self.document_expiry.isoformat()),
            "trusted_programs": Sd([Sd(p.to_claim()) for p in self.programs]),
        }
        if self.photo_ref is not None:
            claims["photo_ref"] = Sd(self.photo_ref)
        return claims


@dataclass(frozen=True, slots=True)
class StatusReference:
    """Where a copy's revocation status lives: a status list URI and an index."""

    uri: str
    index: int

    def to_claim(self) -> dict[str, Any]:
        return {"status_list": {"idx": self.index, "uri": self.uri}}


@dataclass
class KnownTravelerIssuer:
    """A program authority issuing known-traveler credentials as SD-JWT VCs."""

    issuer_id: str
    key: PrivateKey
    kid: str | None = None
    validity: dt.timedelta = dt.timedelta(days=30)
    decoys: int = 3
    _sd: SdJwtIssuer = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sd = SdJwtIssuer(self.key, typ="dc+sd-jwt", kid=self.kid, decoys=self.decoys)

    def issue_batch(
        self,
        traveler: TravelerClaims,
        holder_keys: Sequence[Mapping[str, Any]],
        statuses: Sequence[StatusReference],
        *,
        now: dt.datetime,
    ) -> list[str]:
        """One single-use copy per holder key, each with its own status entry."""
        if not holder_keys:
            raise InvalidInput("a batch needs at least one holder key", field="holder_keys")
        if len(statuses) != len(holder_keys):
            raise InvalidInput("one status entry per holder key is needed", field="statuses")
        for position, jwk in enumerate(holder_keys):
            public_key_from_jwk(jwk, field=f"holder_keys[{position}]")
        if len({thumbprint(k) for k in holder_keys}) != len(holder_keys):
            raise InvalidInput("each copy needs its own holder key", field="holder_keys")
        day = dt.datetime.combine(now.astimezone(dt.UTC).date(), dt.time(), dt.UTC)
        base = {
            "iss": self.issuer_id,
            "iat": int(day.timestamp()),
            "exp": int((day + self.validity).timestamp()),
            "vct": KNOWN_TRAVELER_VCT,
        }
        copies = []
        for jwk, status in zip(holder_keys, statuses, strict=True):
            public = {k: v for k, v in jwk.items() if k in ("kty", "crv", "x", "y")}
            claims = {
                **base,
                "cnf": {"jwk": public},
                "status": status.to_claim(),
                **traveler.disclosable(),
            }
            copies.append(self._sd.issue(claims).serialize())
        return copies
