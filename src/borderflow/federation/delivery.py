"""Push delivery with retries: sign what a partner has not acknowledged and send it.

Before the first batch of a session (and after any failure) the partner must prove it
holds the pinned key by signing a fresh challenge; a partner presenting another key gets
nothing. The partner's answer also says which delivery protocols it reads: protocol 2 (one
signature per batch, over its envelopes' hashes) when it can, else protocol 1 (one per
event). Each batch is audited as a disclosure, every event named with its hash, with the
receiver's audit head as receipt.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import Engine, Text, cast, select, update

from borderflow.audit import AuditLog
from borderflow.federation.canonical import canonical_json, sha256_hex
from borderflow.federation.envelope import BATCH_TYP, EVENT_TYP, batch_claims
from borderflow.federation.inbound import Peer
from borderflow.federation.keys import NodeKey, public_key_from_text
from borderflow.federation.repository import AgreementRepository, NodeRepository, PeerRepository
from borderflow.federation.signing import BadSignatureError, sign, verify
from borderflow.federation.tables import federation_outbox, federation_streams
from borderflow.federation.writer import OrderedWriter

__all__ = ["IDENTITY_TYP", "Deliverer", "DeliveryError", "StreamStatus", "stream_status"]

IDENTITY_TYP = "borderflow-node+jws"
log = logging.getLogger(__name__)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class DeliveryError(Exception):
    """A batch that did not reach its partner (network, refusal or a wrong key)."""


@dataclass(frozen=True, slots=True)
class _Pending:
    """An outbox row: the envelope's JSON text as stored, and what the audit names."""

    seq: int
    event_id: str
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class _Batch:
    """Envelopes ready to go: their hashes (named in the audit entry) and the signed body."""

    events: list[_Pending]
    hashes: list[str]
    body: bytes


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
        self._protocol: dict[str, int] = {}
        self._acked: dict[str, int] = {}
        self._writes = OrderedWriter("federation-record")
        self.failures: dict[str, str] = {}

    def deliver_all(self, *, wait: bool = True) -> int:
        """One pass over every partner; the number of events acknowledged.

        With ``wait`` (the default) everything the answers changed here is written when
        this returns; the node's worker passes ``False`` and lets the writes go on while
        it sends (see :meth:`deliver`).
        """
        self._reap()
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
        if wait:
            self.flush()
        return done

    def flush(self) -> None:
        """Wait until every answer so far is written (progress, audit entries, errors).

        If a write failed, the ones after it were not made, and the next pass starts again
        from the stored acknowledged point: the partner answers "duplicate" for what it
        has, and that answer's entry audits the disclosure whose entry was not written.
        """
        try:
            self._writes.flush()
        except Exception:
            self._acked.clear()
            raise

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._writes.close()

    def _reap(self) -> None:
        try:
            self._writes.reap()
        except Exception:
            self._acked.clear()
            raise

    def deliver(self, peer: Peer) -> int:
        """Send ``peer`` up to ``max_batches`` batches; the number of events it acknowledged.

        Each batch is read and signed just before it is sent (with one signature per batch
        that takes milliseconds), so it holds every event written while the previous one
        was on the wire: batches grow with the backlog and shrink when delivery keeps up.
        What each answer changes here (acknowledged point, audit entry, error) is written
        by a helper thread, in order, while the next batch is on the wire: on SQLite that
        write waits for the lock of the transactions recording crossings, and the next
        batch need not. The acknowledged point is also kept in memory, so nothing is sent
        twice while its write waits.
        """
        acked, pending = self._pending(peer, None)
        if not pending:
            return 0
        try:
            self._prove(peer)
        except DeliveryError as exc:
            self._writes.submit(self._note_error, peer, str(exc))
            raise
        total = 0
        for _ in range(self.max_batches):
            new_acked, clean = self._send(peer, acked, self._signed(peer, pending))
            total += max(0, new_acked - acked)
            if new_acked < pending[-1].seq or not clean:
                break
            acked = new_acked
            _acked, pending = self._pending(peer, acked)
            if not pending:
                break
        return total

    def _send(self, peer: Peer, acked: int, batch: _Batch) -> tuple[int, bool]:
        """Post one signed batch; (acknowledged sequence, whether nothing was refused)."""
        try:
            body = self._post(peer, batch.body)
        except DeliveryError as exc:
            self._proven.discard(peer.node_id)
            self._writes.submit(self._note_error, peer, str(exc))
            raise
        new_acked = max(acked, int(body.get("acked", {}).get(self.key.node_id, acked)))
        self._acked[peer.node_id] = new_acked
        refusals = "; ".join(
            f"seq {r.get('seq')}: {r.get('reason')}" for r in body.get("rejected", [])
        )
        self._writes.submit(self._record, peer, new_acked, batch, body.get("audit_head"), refusals)
        if refusals:  # handshake again next time: the partner's agreement may have changed
            self._proven.discard(peer.node_id)
            self.failures[peer.node_id] = refusals
        return new_acked, not refusals

    def _signed(self, peer: Peer, events: list[_Pending]) -> _Batch:
        """The request body for ``events`` in the protocol ``peer`` reads.

        Protocol 2 sends each envelope's JSON text as stored and signs once, over the
        SHA-256 of those texts: nothing is parsed or re-encoded here, and the receiver
        hashes exactly what it got. Protocol 1 signs each envelope's canonical JSON.
        """
        me = self.key.node_id
        if self._protocol.get(peer.node_id, 1) >= 2:
            hashes = [sha256_hex(e.text.encode()) for e in events]
            claims = batch_claims(me, peer.node_id, hashes)
            token = sign(claims, self.key.private, kid=me, typ=BATCH_TYP)
            body = {"batch": token, "envelopes": [e.text for e in events]}
            return _Batch(events, hashes, json.dumps(body).encode())
        values = [json.loads(e.text) for e in events]
        hashes = [sha256_hex(canonical_json(v)) for v in values]
        tokens = [sign(v, self.key.private, kid=me, typ=EVENT_TYP) for v in values]
        return _Batch(events, hashes, json.dumps({"events": tokens}).encode())

    def _pending(self, peer: Peer, after: int | None) -> tuple[int, list[_Pending]]:
        """(acknowledged sequence, the next batch after ``after`` or after the acknowledged:
        stored, or known here from an answer whose write is still waiting)."""
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
            acked = max(acked, self._acked.get(peer.node_id, 0))
            start = acked if after is None else after
            rows = connection.execute(
                select(
                    outbox.c.seq, outbox.c.event_id, outbox.c.kind, cast(outbox.c.envelope, Text)
                )
                .where(outbox.c.destination == peer.node_id, outbox.c.seq > start)
                .order_by(outbox.c.seq)
                .limit(self.batch_size)
            )
            return acked, [_Pending(int(r[0]), r[1], r[2], r[3]) for r in rows]

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
        protocols = claims.get("protocols")
        self._protocol[peer.node_id] = 2 if isinstance(protocols, list) and 2 in protocols else 1
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

    def _post(self, peer: Peer, body: bytes) -> dict[str, Any]:
        headers = {"content-type": "application/json"}
        return self._call("POST", f"{peer.url}/federation/events", content=body, headers=headers)

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

    def _record(self, peer: Peer, acked: int, batch: _Batch, receipt: Any, refusals: str) -> None:
        """Store progress and audit the disclosure of the batch (whatever its fate)."""
        error = refusals or None
        with self.engine.begin() as connection:
            connection.execute(
                update(federation_streams)
                .where(federation_streams.c.destination == peer.node_id)
                .values(acked_seq=acked, last_attempt_at=self.now(), last_error=error)
            )
            AuditLog(connection).append(
                action="federation.sent",
                actor=f"node:{self.key.node_id}",
                subject=f"peer:{peer.node_id}",
                details={
                    "events": [
                        [e.seq, e.event_id, e.kind, digest]
                        for e, digest in zip(batch.events, batch.hashes, strict=True)
                    ],
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
