"""Fetching another issuer's Status List Token over HTTP (the port's side).

``GET <uri>`` with ``Accept: application/statuslist+jwt``; the answer must be a 200 with
that media type and at most ``max_bytes`` long. Anything else (refused connection,
timeout, another status, another media type, a body too long) is a
:class:`CredentialRejected` on ``status`` that names the URI, so the port refuses the
credential and says why. Only ``http`` and ``https`` URIs are fetched, and only those
named in credentials whose issuer signature has already been verified.
"""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

import httpx

from borderflow.identity.errors import CredentialRejected

__all__ = ["STATUS_LIST_MEDIA_TYPE", "HttpStatusFetcher"]

STATUS_LIST_MEDIA_TYPE = "application/statuslist+jwt"


class HttpStatusFetcher:
    """A :data:`~borderflow.identity.status_cache.StatusFetcher` over one httpx client."""

    def __init__(
        self,
        client: httpx.Client | None = None,
        *,
        timeout: float = 5.0,
        max_bytes: int = 4 << 20,
    ) -> None:
        self._client = client
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._lock = threading.Lock()

    @property
    def client(self) -> httpx.Client:
        """The client, made at first use (a node that never fetches opens none)."""
        with self._lock:
            if self._client is None:
                self._client = httpx.Client(
                    timeout=self.timeout, follow_redirects=True, max_redirects=3
                )
            return self._client

    def __call__(self, uri: str) -> str:
        if urlsplit(uri).scheme not in ("http", "https"):
            raise CredentialRejected(
                f"the status list URI {uri!r} is not http(s): its status cannot be checked",
                field="status.uri",
            )
        try:
            with self.client.stream(
                "GET", uri, headers={"Accept": STATUS_LIST_MEDIA_TYPE}
            ) as response:
                _check_response(uri, response)
                body = self._read(uri, response)
        except httpx.HTTPError as exc:
            raise CredentialRejected(
                f"the status list at {uri} could not be fetched ({type(exc).__name__}: {exc}):"
                " the credential's status cannot be checked",
                field="status",
            ) from None
        try:
            return body.decode("ascii")
        except UnicodeDecodeError:
            raise CredentialRejected(
                f"the status list at {uri} is not a compact JWT", field="status_list_token"
            ) from None

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def _read(self, uri: str, response: httpx.Response) -> bytes:
        body = bytearray()
        for chunk in response.iter_bytes():
            body.extend(chunk)
            if len(body) > self.max_bytes:
                raise CredentialRejected(
                    f"the status list at {uri} is longer than {self.max_bytes} bytes",
                    field="status",
                )
        return bytes(body)


def _check_response(uri: str, response: httpx.Response) -> None:
    if response.status_code != 200:
        raise CredentialRejected(
            f"the status list at {uri} answered HTTP {response.status_code}:"
            " the credential's status cannot be checked",
            field="status",
        )
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != STATUS_LIST_MEDIA_TYPE:
        raise CredentialRejected(
            f"the status list at {uri} came as {media_type or 'no media type'!r},"
            f" not {STATUS_LIST_MEDIA_TYPE}",
            field="status",
        )
