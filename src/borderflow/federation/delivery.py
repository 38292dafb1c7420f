"""Push delivery with retries: sign what a partner has not acknowledged and send it.

Before the first batch of a session (and after any failure) the partner must prove it
holds the pinned key by signing a fresh challenge; a partner presenting another key gets
nothing. Each batch is audited as a disclosure, with the receiver's audit head as receipt.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import Engine, select, update

from borderflow.audit import AuditLog
from borderflow.federation.envelope import EVENT_TYP
from borderflow.federation.inbound import Peer
from borderflow.federation.keys import NodeKey, public_key_from_text
from borderflow.federation.repository import AgreementRepository, NodeRepository, PeerRepository
from borderflow.federation.signing import BadSignatureError, sign, verify
from borderflow.federation.tables import federation_outbox, federation_streams

__all__ = ["IDENTITY_TYP", "Deliverer", "DeliveryError", "StreamStatus", "stream_status"]

IDENTITY_TYP = "borderflow-node+jws"
log = logging.getLogger(__name__)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class DeliveryError(Exception):
    """A batch that did not reach its partner (network, refusal or a wrong key)."""


@dataclass(frozen=True, slots=True)
class StreamStatus:
    peer: Peer
    last_seq: int
    acked_seq: int
    last_error: str | None


class Deliverer:
    """Sends each partner its pending events, in sequence order, until acknowledged."""

    def __init__(
        self,
        engine: Engine,
        key: NodeKey,
        client: httpx.Client,
        *,
        batch_size: int = 500,
        max_batches: int = 20,
        now: Callable[[], dt.datetime] = _now,
    ) -> None:
        self.engine = engine
        self.key = key
        self.client = client
        self.batch_size = batch_size
        self.max_batches = max_batches
        self.now = now
        self._proven: set[str] = set()
        self.failures: dict[str, str] = {}

    def deliver_all(self) -> int:
        """One pass over every partner; the number of events acknowledged."""
        with self.engine.connect() as connection:
            peers = PeerRepository(connection).all()
        done = 0
        self.failures = {}
        for peer in peers:
            try:
                done += self.deliver(peer)
            except DeliveryError as exc:
                self.failures[peer.node_id] = str(exc)
                log.warning("delivery to %s failed: %s", peer.name, exc)
        return done

    def deliver(self, peer: Peer) -> int:
        """Send ``peer`` up to ``max_batches`` batches; the number of events it acknowledged.

        The next batch is read and signed in a helper thread while the current one is on
        the wire, so the sender's work overlaps the receiver's.
        """
        acked, pending = self._pending(peer, None)
        if not pending:
            return 0
        try:
            self._prove(peer)
        except DeliveryError as exc:
            self._note_error(peer, str(exc))
            raise
        total = 0
        tokens = self._sign(pending)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="federation-sign") as pool:
            for _ in range(self.max_batches):
                last = int(pending[-1]["seq"])
                upcoming = pool.submit(self._prepare, peer, last)
                new_acked, clean = self._send(peer, acked, pending, tokens)
                total += max(0, new_acked - acked)
                if new_acked < last or not clean:
                    break
                acked = new_acked
                pending, tokens = upcoming.result()
                if not pending:
                    break
        return total

    def _send(
        self, peer: Peer, acked: int, pending: list[dict[str, Any]], tokens: list[str]
    ) -> tuple[int, bool]:
        """Post one signed batch; (acknowledged sequence, whether nothing was refused)."""
        try:
            body = self._post(peer, tokens)
        except DeliveryError as exc:
            self._proven.discard(peer.node_id)
            self._note_error(peer, str(exc))
            raise
        new_acked = max(acked, int(body.get("acked", {}).get(pending[0]["origin"], acked)))
        refusals = "; ".join(
            f"seq {r.get('seq')}: {r.get('reason')}" for r in body.get("rejected", [])
        )
        self._record(peer, new_acked, pending, body.get("audit_head"), refusals or None)
        if refusals:  # handshake again next time: the partner's agreement may have changed
            self._proven.discard(peer.node_id)
            self.failures[peer.node_id] = refusals
        return new_acked, not refusals

    def _prepare(self, peer: Peer, after: int) -> tuple[list[dict[str, Any]], list[str]]:
        _acked, pending = self._pending(peer, after)
        return pending, self._sign(pending)

    def _sign(self, envelopes: list[dict[str, Any]]) -> list[str]:
        return [sign(e, self.key.private, kid=e["origin"], typ=EVENT_TYP) for e in envelopes]

    def _pending(self, peer: Peer, after: int | None) -> tuple[int, list[dict[str, Any]]]:
        """(acknowledged sequence, the next batch after ``after`` or after the acknowledged)."""
        outbox = federation_outbox
        with self.engine.connect() as connection:
            acked = int(
                connection.execute(
                    select(federation_streams.c.acked_seq).where(
                        federation_streams.c.destination == peer.node_id
                    )
                ).scalar()
                or 0
            )
            start = acked if after is None else after
            rows = connection.execute(
                select(outbox.c.envelope)
                .where(outbox.c.destination == peer.node_id, outbox.c.seq > start)
                .order_by(outbox.c.seq)
                .limit(self.batch_size)
            )
            return acked, [dict(row.envelope) for row in rows]

    def _prove(self, peer: Peer) -> None:
        """Make the partner sign a fresh challenge with its pinned key and name its agreement.

        Nothing is sent to a partner that cannot prove its key, or that holds another
        version of the agreement than this node (the reason is kept as the stream's error).
        """
        if peer.node_id in self._proven:
            return
        mine = self._my_agreement(peer)
        challenge = secrets.token_urlsafe(16)
        params = {"challenge": challenge, "partner": mine[0], "agreement_hash": mine[1]}
        body = self._call("GET", f"{peer.url}/federation/node", params=params)
        try:
            claims = verify(
                str(body.get("token", "")), public_key_from_text(peer.public_key), typ=IDENTITY_TYP
            )
        except BadSignatureError as exc:
            raise DeliveryError(
                f"peer at {peer.url} does not hold the pinned key of {peer.node_id}: {exc}"
            ) from exc
        if claims.get("challenge") != challenge or claims.get("node_id") != peer.node_id:
            raise DeliveryError(f"peer at {peer.url} answered for another node or challenge")
        theirs = claims.get("agreement") or {}
        if theirs.get("hash") != mine[1]:
            held = (
                f"{theirs.get('id')} v{theirs.get('version')} (hash {str(theirs.get('hash'))[:12]})"
                if theirs
                else "no agreement with us"
            )
            raise DeliveryError(
                f"agreement mismatch: this node holds {mine[2]}, {peer.name} holds {held}; "
                "nothing is sent until both hold the same version"
            )
        self._proven.add(peer.node_id)

    def _my_agreement(self, peer: Peer) -> tuple[str, str, str]:
        """(this node's country, the hash and a description of its agreement with ``peer``)."""
        with self.engine.connect() as connection:
            me = NodeRepository(connection).get()
            agreement = AgreementRepository(connection).for_partner(peer.country)
        if agreement is None:
            return me.country, "", "no agreement"
        label = f"{agreement.id} v{agreement.version} (hash {agreement.hash[:12]})"
        return me.country, agreement.hash, label

    def _post(self, peer: Peer, tokens: list[str]) -> dict[str, Any]:
        return self._call("POST", f"{peer.url}/federation/events", json={"events": tokens})

    def _call(self, method: str, url: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self.client.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise DeliveryError(f"{url} unreachable: {exc.__class__.__name__}: {exc}") from exc
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code != 200 or not isinstance(body, dict):
            error = body.get("error", {}) if isinstance(body, dict) else {}
            raise DeliveryError(
                f"{url} answered {response.status_code}: "
                f"{error.get('message', response.text[:200])}"
            )
        return body

    def _note_error(self, peer: Peer, error: str) -> None:
        """A batch that did not get through: nothing was disclosed, only the error is kept."""
        with self.engine.begin() as connection:
            connection.execute(
                update(federation_streams)
                .where(federation_streams.c.destination == peer.node_id)
                .values(last_attempt_at=self.now(), last_error=error)
            )

    def _record(
        self, peer: Peer, acked: int, sent: list[dict[str, Any]], receipt: Any, error: str | None
    ) -> None:
        """Store progress and audit the disclosure of the batch (whatever its fate)."""
        with self.engine.begin() as connection:
            connection.execute(
                update(federation_streams)
                .where(federation_streams.c.destination == peer.node_id)
                .values(acked_seq=acked, last_attempt_at=self.now(), last_error=error)
            )
            AuditLog(connection).append(
                action="federation.sent",
                actor=f"node:{sent[0]['origin']}",
                subject=f"peer:{peer.node_id}",
                details={
                    "events": [[e["seq"], e["event_id"], e["kind"]] for e in sent],
                    "acked_through": acked,
                    "error": error,
                    "receiver_audit_head": receipt,
                },
            )


def stream_status(engine: Engine) -> list[StreamStatus]:
    """Every partner's stream: given out, acknowledged, last error."""
    with engine.connect() as connection:
        NodeRepository(connection).get()
        peers = {p.node_id: p for p in PeerRepository(connection).all()}
        rows = connection.execute(select(federation_streams))
        return [
            StreamStatus(peers[r.destination], int(r.last_seq), int(r.acked_seq), r.last_error)
            for r in rows
            if r.destination in peers
        ]
