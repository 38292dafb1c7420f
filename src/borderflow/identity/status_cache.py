"""Status lists at the port: fetched, verified, then reused until their ``ttl`` or ``exp``.

A port checks the status of every credential, so it keeps each verified list for as long
as its issuer allows (``ttl``, never past ``exp``, at most ``max_ttl``) and for at most
``max_entries`` lists (least recently used first out). When a list cannot be fetched or
does not verify, the credential is refused: there is no stale fallback, because a known
traveler refused here still crosses through the ordinary document check, while accepting
an unchecked credential would let a revoked one through whenever the link is cut.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from borderflow.identity.errors import CredentialRejected
from borderflow.identity.status import StatusList
from borderflow.identity.status_token import StatusListToken, read_status_list_token
from borderflow.identity.trust import TrustList

__all__ = ["StatusFetcher", "StatusLists"]

#: Gets the Status List Token published at a URI (HTTP for other issuers, the database
#: for the node's own lists, a table in tests); raises CredentialRejected when it cannot.
StatusFetcher = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class _Entry:
    token: StatusListToken
    until: dt.datetime


class StatusLists:
    """The verified status lists of one port (thread-safe: API requests share it)."""

    def __init__(
        self,
        fetch: StatusFetcher,
        *,
        max_entries: int = 256,
        default_ttl: dt.timedelta = dt.timedelta(minutes=5),
        max_ttl: dt.timedelta = dt.timedelta(hours=1),
        leeway: dt.timedelta = dt.timedelta(seconds=60),
    ) -> None:
        self.fetch = fetch
        self.max_entries = max_entries
        self.default_ttl = default_ttl
        self.max_ttl = max_ttl
        self.leeway = leeway
        self._entries: OrderedDict[tuple[str, str], _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, uri: str, *, issuer: str, trust: TrustList, now: dt.datetime) -> StatusList:
        """The list at ``uri`` for credentials of ``issuer``, from the cache or fetched."""
        key = (issuer, uri)
        with self._lock:
            cached = self._entries.get(key)
            if cached is not None and now < cached.until:
                self._entries.move_to_end(key)
                return cached.token.status_list
        token = read_status_list_token(
            self.fetch(uri), uri=uri, issuer=issuer, trust=trust, now=now, leeway=self.leeway
        )
        if cached is not None and token.issued_at < cached.token.issued_at:
            raise CredentialRejected(
                f"the status list at {uri} is older than the one seen before "
                f"({token.issued_at.isoformat()} < {cached.token.issued_at.isoformat()})",
                field="status_list_token.iat",
            )
        self._keep(key, _Entry(token, self._until(token, now)))
        return token.status_list

    def cached(self) -> list[str]:
        """The URIs held, least recently used first (for operators and tests)."""
        with self._lock:
            return [uri for _issuer, uri in self._entries]

    def _until(self, token: StatusListToken, now: dt.datetime) -> dt.datetime:
        until = now + min(token.ttl or self.default_ttl, self.max_ttl)
        return until if token.expires_at is None else min(until, token.expires_at)

    def _keep(self, key: tuple[str, str], entry: _Entry) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
