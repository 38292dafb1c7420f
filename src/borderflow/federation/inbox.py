"""The receiving side: verify, check and apply a batch of signed events, and audit it all.

Everything happens in the caller's transaction: the applied facts, the inbox rows that
make applying idempotent, and the audit entries for what was received and what refused.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from joserfc.jwk import OKPKey
from pydantic import ValidationError
from sqlalchemy import Connection, func, insert, select, update

from borderflow.audit import AuditLog
from borderflow.errors import InvalidInput
from borderflow.federation.agreements import Agreement
from borderflow.federation.envelope import EVENT_TYP, Envelope, EnvelopeError
from borderflow.federation.events import CrossingRecorded, EventModel
from borderflow.federation.inbound import Peer, VerdictKind, check_envelope
from borderflow.federation.keys import public_key_from_text
from borderflow.federation.repository import AgreementRepository, NodeIdentity, PeerRepository
from borderflow.federation.signing import BadSignatureError, parse, verify_parsed
from borderflow.federation.tables import federation_inbox, federation_node
from borderflow.ledger import CrossingInput, LedgerService
from borderflow.ledger.model import Crossing

__all__ = ["Inbox", "ReceiveResult", "Rejection"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class Rejection:
    index: int
    event_id: str | None
    seq: int | None
    reason: str


@dataclass(slots=True)
class ReceiveResult:
    """What became of a batch: the highest sequence applied per origin, and the refusals."""

    acked: dict[str, int] = field(default_factory=dict)
    applied: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    audit_head: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class _Accepted:
    envelope: Envelope
    peer: Peer
    event: EventModel
    retention_days: int
    crossing: Crossing | None


class Inbox:
    def __init__(
        self,
        connection: Connection,
        me: NodeIdentity,
        *,
        skew: dt.timedelta = dt.timedelta(minutes=5),
        now: Callable[[], dt.datetime] = _now,
    ) -> None:
        self.connection = connection
        self.me = me
        self.skew = skew
        self.now = now
        self.audit = AuditLog(connection)
        self.peers = {p.node_id: p for p in PeerRepository(connection).all()}
        self.agreements = AgreementRepository(connection)
        self.ledger = LedgerService(connection, now=now)
        self._agreements: dict[str, Agreement | None] = {}

    def receive(self, tokens: Sequence[str]) -> ReceiveResult:
        """Check and apply ``tokens`` in order; one receipt at a time per node."""
        self._take_write_lock()
        result = ReceiveResult()
        blocked: set[str] = set()
        accepted: list[_Accepted] = []
        for index, token in enumerate(tokens):
            self._one(index, token, result, blocked, accepted)
        self._apply(accepted)
        result.applied = len(accepted)
        self._audit_received(accepted)
        head = self.audit.entries(since=max(self.audit.count(), 1))
        last = next(iter(head), None)
        if last is not None:
            result.audit_head = {"seq": last.seq, "hash": last.hash}
        return result

    def _one(
        self,
        index: int,
        token: str,
        result: ReceiveResult,
        blocked: set[str],
        accepted: list[_Accepted],
    ) -> None:
        try:
            peer, envelope = self._verified(token)
        except _RefusedError as refused:
            self._reject(result, Rejection(index, None, None, str(refused)), refused.kid)
            return
        if peer.node_id in blocked:
            return
        cursor = result.acked.get(peer.node_id)
        if cursor is None:
            cursor = self._cursor(peer.node_id)
            result.acked[peer.node_id] = cursor
        agreement = self._agreement(peer.country)
        verdict = check_envelope(
            envelope,
            me=self.me.node_id,
            my_country=self.me.country,
            peer=peer,
            cursor=cursor,
            agreement=agreement,
            now=self.now(),
            skew=self.skew,
        )
        if verdict.kind is VerdictKind.DUPLICATE and self._known(envelope):
            result.duplicates += 1
            return
        reason = verdict.reason
        if verdict.kind is VerdictKind.APPLY and verdict.event is not None and agreement:
            flow = agreement.flow(peer.country, self.me.country, envelope.kind)
            days = flow.retention_days if flow else 1
            try:
                crossing = self._validated_crossing(verdict.event)
            except (InvalidInput, ValidationError) as exc:
                reason = f"refused by this node's ledger rules: {exc}"
            else:
                accepted.append(_Accepted(envelope, peer, verdict.event, days, crossing))
                result.acked[peer.node_id] = envelope.seq
                return
        blocked.add(peer.node_id)
        if verdict.kind is VerdictKind.GAP:
            return
        if verdict.kind is VerdictKind.DUPLICATE:
            reason = f"seq {envelope.seq} was applied as another event: replayed or forged"
        rejection = Rejection(index, envelope.event_id, envelope.seq, reason)
        self._reject(result, rejection, peer.node_id)

    def _verified(self, token: str) -> tuple[Peer, Envelope]:
        try:
            parsed = parse(token)
        except BadSignatureError as exc:
            raise _RefusedError(str(exc), "") from exc
        kid = str(parsed.headers().get("kid", ""))
        peer = self.peers.get(kid)
        if peer is None:
            raise _RefusedError(f"unknown key {kid!r}: no pinned peer has it", kid)
        try:
            value = verify_parsed(parsed, _public_key(peer.public_key), typ=EVENT_TYP)
            return peer, Envelope.from_dict(value)
        except (BadSignatureError, EnvelopeError) as exc:
            raise _RefusedError(f"{exc}", kid) from exc

    def _take_write_lock(self) -> None:
        """Serialise receipts: start writing before reading cursors and the audit head.

        SQLite (pysqlite) opens the transaction lazily at the first write, so the reads
        before it see no lock; two receipts, or a receipt and the delivery worker, could
        then both read the same cursor or audit head and collide when writing. Touching the
        node's row first takes the write lock (SQLite) or the row lock (PostgreSQL) for the
        rest of the transaction.
        """
        self.connection.execute(
            update(federation_node)
            .where(federation_node.c.node_id == self.me.node_id)
            .values(name=federation_node.c.name)
        )

    def _agreement(self, country: str) -> Agreement | None:
        if country not in self._agreements:
            self._agreements[country] = self.agreements.for_partner(country)
        return self._agreements[country]

    def _validated_crossing(self, event: EventModel) -> Crossing | None:
        if not isinstance(event, CrossingRecorded):
            return None
        data = event.model_dump(mode="json", exclude_none=True)
        return self.ledger.rules.validate(CrossingInput.model_validate(data))

    def _cursor(self, origin: str) -> int:
        value = self.connection.execute(
            select(func.max(federation_inbox.c.seq)).where(federation_inbox.c.origin == origin)
        ).scalar()
        return int(value or 0)

    def _known(self, envelope: Envelope) -> bool:
        row = self.connection.execute(
            select(federation_inbox.c.seq).where(federation_inbox.c.event_id == envelope.event_id)
        ).first()
        return row is not None and row.seq == envelope.seq

    def _apply(self, accepted: Sequence[_Accepted]) -> None:
        crossings: dict[str, list[Crossing]] = {}
        rows = []
        for item in accepted:
            subject = None
            if item.crossing is not None:
                crossings.setdefault(item.peer.node_id, []).append(item.crossing)
                subject = item.crossing.id
            rows.append(self._inbox_row(item, subject))
        for origin, batch in crossings.items():
            self.ledger.record_validated(
                batch, recorded_by=f"peer:{origin}", source=f"peer:{origin}"
            )
        if rows:
            self.connection.execute(insert(federation_inbox), rows)

    def _inbox_row(self, item: _Accepted, subject: str | None) -> dict[str, Any]:
        received = self.now()
        keeps_payload = subject is None  # crossings live in the ledger, not twice
        return {
            "event_id": item.envelope.event_id,
            "origin": item.envelope.origin,
            "seq": item.envelope.seq,
            "kind": item.envelope.kind,
            "subject": subject,
            "issued_at": item.envelope.issued_at,
            "received_at": received,
            "expires_at": received + dt.timedelta(days=item.retention_days),
            "payload": dict(item.envelope.payload) if keeps_payload else None,
            "purged_at": None,
        }

    def _audit_received(self, accepted: Sequence[_Accepted]) -> None:
        by_origin: dict[str, list[_Accepted]] = {}
        for item in accepted:
            by_origin.setdefault(item.envelope.origin, []).append(item)
        for origin, items in by_origin.items():
            self.audit.append(
                action="federation.received",
                actor=f"peer:{origin}",
                subject=f"events {items[0].envelope.seq}-{items[-1].envelope.seq}",
                details={
                    "events": [
                        [i.envelope.seq, i.envelope.event_id, i.envelope.kind] for i in items
                    ]
                },
            )

    def _reject(self, result: ReceiveResult, rejection: Rejection, kid: str) -> None:
        result.rejected.append(rejection)
        self.audit.append(
            action="federation.rejected",
            actor=f"peer:{kid or 'unknown'}",
            subject=rejection.event_id or f"token {rejection.index}",
            details={"seq": rejection.seq, "reason": rejection.reason},
        )


@functools.lru_cache(maxsize=64)
def _public_key(text: str) -> OKPKey:
    return public_key_from_text(text)


class _RefusedError(Exception):
    def __init__(self, reason: str, kid: str) -> None:
        super().__init__(reason)
        self.kid = kid
