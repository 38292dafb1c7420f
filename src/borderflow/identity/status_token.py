"""Reading a Status List Token (IETF Token Status List draft) a port has fetched.

The token must be a ``statuslist+jwt`` signed by a key the trust list holds for the
issuer of the credential that points to it, name that credential's status URI as ``sub``,
carry ``iat`` (not in the future) and, if it has ``exp``, not be expired. Every problem is
a :class:`CredentialRejected` naming the part, because a port that cannot read a status
list must refuse the credential (fail closed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from borderflow.identity.errors import CredentialRejected
from borderflow.identity.jose import decode_jws
from borderflow.identity.status import StatusList
from borderflow.identity.trust import TrustList

__all__ = ["STATUS_LIST_TYP", "StatusListToken", "read_status_list_token"]

STATUS_LIST_TYP = "statuslist+jwt"

_FIELD = "status_list_token"


@dataclass(frozen=True, slots=True)
class StatusListToken:
    """A verified Status List Token: the list and how long it may be used."""

    uri: str
    status_list: StatusList
    issued_at: dt.datetime
    expires_at: dt.datetime | None
    ttl: dt.timedelta | None


def read_status_list_token(
    text: str,
    *,
    uri: str,
    issuer: str,
    trust: TrustList,
    now: dt.datetime,
    leeway: dt.timedelta = dt.timedelta(seconds=60),
) -> StatusListToken:
    """Verify ``text`` as the status list at ``uri`` of credentials from ``issuer``."""
    token = decode_jws(text.strip(), field=_FIELD)
    if token.header.get("typ") != STATUS_LIST_TYP:
        raise CredentialRejected(
            f"typ must be {STATUS_LIST_TYP}, found {token.header.get('typ')!r}",
            field=f"{_FIELD}.typ",
        )
    token.verify_any(trust.resolve(token.header, {"iss": issuer}), field=f"{_FIELD}.signature")
    claims = token.payload
    if "iss" in claims and claims["iss"] != issuer:
        raise CredentialRejected(
            f"the status list is issued by {claims['iss']!r}, the credential by {issuer!r}",
            field=f"{_FIELD}.iss",
        )
    if claims.get("sub") != uri:
        raise CredentialRejected(
            f"the status list token is for {claims.get('sub')!r}, not {uri!r}",
            field=f"{_FIELD}.sub",
        )
    issued_at = _instant(claims, "iat", required=True)
    assert issued_at is not None
    if issued_at > now + leeway:
        raise CredentialRejected(
            f"the status list token is issued in the future ({issued_at.isoformat()})",
            field=f"{_FIELD}.iat",
        )
    expires_at = _instant(claims, "exp", required=False)
    if expires_at is not None and expires_at <= now - leeway:
        raise CredentialRejected(
            f"the status list token expired at {expires_at.isoformat()}", field=f"{_FIELD}.exp"
        )
    return StatusListToken(
        uri=uri,
        status_list=StatusList.decode(claims.get("status_list")),
        issued_at=issued_at,
        expires_at=expires_at,
        ttl=_ttl(claims.get("ttl")),
    )


def _instant(claims: dict[str, Any], name: str, *, required: bool) -> dt.datetime | None:
    value = claims.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise CredentialRejected(
            f"{name} must be a NumericDate (seconds since 1970)", field=f"{_FIELD}.{name}"
        )
    try:
        return dt.datetime.fromtimestamp(value, dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise CredentialRejected(f"{name} is out of range", field=f"{_FIELD}.{name}") from None


def _ttl(value: Any) -> dt.timedelta | None:
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 < value < 1e9:
        raise CredentialRejected("ttl must be a positive number of seconds", field=f"{_FIELD}.ttl")
    return dt.timedelta(seconds=value)
