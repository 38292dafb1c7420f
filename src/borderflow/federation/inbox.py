"""The receiving side: verify, check and apply a batch of signed events, and audit it all.

Everything happens in the caller's transaction: the applied facts, the inbox rows that
make applying idempotent, and the audit entries for what was received and what refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, func, insert, select, update

from borderflow.audit import AuditLog
from borderflow.errors import InvalidInput
from borderflow.federation.agreements import Agreement
from borderflow.federation.appliers import Applier, default_appliers
from borderflow.federation.envelope import Envelope
from borderflow.federation.events import CrossingRecorded, EventModel
from borderflow.federation.inbound import Peer, VerdictKind, check_envelope
from borderflow.federation.repository import AgreementRepository, NodeIdentity, PeerRepository
from borderflow.federation.tables import federation_inbox, federation_node
from borderflow.federation.verification import (
    BatchRefusedError,
    Refused,
    Signed,
    verify_batch,
    verify_tokens,
)
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
    digest: str


class Inbox:
    def __init__(
        self,
        connection: Connection,
        me: NodeIdentity,
        *,
        skew: dt.timedelta = dt.timedelta(minutes=5),
        now: Callable[[], dt.datetime] = _now,
        appliers: Mapping[str, Applier] | None = None,
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
        self.appliers = default_appliers() if appliers is None else appliers

    def receive(self, tokens: Sequence[str]) -> ReceiveResult:
        """Protocol 1: check and apply ``tokens`` (a JWS each) in order."""
        return self._receive(verify_tokens(tokens, self.peers))

    def receive_batch(self, token: str, envelopes: Sequence[str]) -> ReceiveResult:
        """Protocol 2: check ``token``, the batch's signature over the hashes of
        ``envelopes``, then check and apply the envelopes in order.

        A batch whose signature does not verify is refused whole, with one audit entry.
        """
        try:
            items = verify_batch(token, envelopes, self.peers, self.me.node_id)
        except BatchRefusedError as exc:
            return self._refuse_batch(len(envelopes), str(exc), exc.kid)
        return self._receive(items)

    def _receive(self, items: Iterable[Signed | Refused]) -> ReceiveResult:
        """One receipt at a time per node: the write lock is taken before anything is read."""
        self._take_write_lock()
        now = self.now()
        result = ReceiveResult()
        blocked: set[str] = set()
        accepted: list[_Accepted] = []
        for item in items:
            if isinstance(item, Refused):
                self._reject(result, Rejection(item.index, None, None, item.reason), item.kid)
            elif item.peer.node_id not in blocked:
                self._one(item, now, result, blocked, accepted)
        self._apply(accepted, now)
        result.applied = len(accepted)
        self._audit_received(accepted)
        result.audit_head = self._audit_head()
        return result

    def _one(
        self,
        item: Signed,
        now: dt.datetime,
        result: ReceiveResult,
        blocked: set[str],
        accepted: list[_Accepted],
    ) -> None:
        peer, envelope = item.peer, item.envelope
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
            now=now,
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
                crossing = self._validated_crossing(verdict.event, envelope)
            except (InvalidInput, ValidationError) as exc:
                reason = f"refused by this node's ledger rules: {exc}"
            else:
                reason = self._refusal(verdict.event, peer)
                if not reason:
                    accepted.append(
                        _Accepted(envelope, peer, verdict.event, days, crossing, item.digest)
                    )
                    result.acked[peer.node_id] = envelope.seq
                    return
        blocked.add(peer.node_id)
        if verdict.kind is VerdictKind.GAP:
            return
        if verdict.kind is VerdictKind.DUPLICATE:
            reason = f"seq {envelope.seq} was applied as another event: replayed or forged"
        rejection = Rejection(item.index, envelope.event_id, envelope.seq, reason)
        self._reject(result, rejection, peer.node_id)

    def _refuse_batch(self, count: int, reason: str, kid: str) -> ReceiveResult:
        """A batch refused whole: every event named in the answer, one audit entry."""
        self._take_write_lock()
        result = ReceiveResult(rejected=[Rejection(i, None, None, reason) for i in range(count)])
        self.audit.append(
            action="federation.rejected",
            actor=f"peer:{kid or 'unknown'}",
            subject=f"batch of {count} events",
            details={"seq": None, "reason": reason, "events": count},
        )
        result.audit_head = self._audit_head()
        return result

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

    def _validated_crossing(self, event: EventModel, envelope: Envelope) -> Crossing | None:
        """The crossing as this node's ledger rules accept it (validated from the payload
        itself: the event model has checked its shape, the ledger checks its content)."""
        if not isinstance(event, CrossingRecorded):
            return None
        return self.ledger.rules.validate(CrossingInput.model_validate(envelope.payload))

    def _refusal(self, event: EventModel, peer: Peer) -> str:
        applier = self.appliers.get(event.kind)
        problem = applier.problem(self.connection, event, peer) if applier else ""
        return f"refused by this node's rules: {problem}" if problem else ""

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

    def _apply(self, accepted: Sequence[_Accepted], now: dt.datetime) -> None:
        crossings: dict[str, list[Crossing]] = {}
        rows = []
        for item in accepted:
            subject = None
            if item.crossing is not None:
                crossings.setdefault(item.peer.node_id, []).append(item.crossing)
                subject = item.crossing.id
            rows.append(_inbox_row(item, subject, now))
        for origin, batch in crossings.items():
            self.ledger.record_validated(
                batch, recorded_by=f"peer:{origin}", source=f"peer:{origin}"
            )
        for item in accepted:
            applier = self.appliers.get(item.envelope.kind)
            if applier is not None:
                applier.apply(self.connection, item.event, item.peer)
        if rows:
            self.connection.execute(insert(federation_inbox), rows)

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
                        [i.envelope.seq, i.envelope.event_id, i.envelope.kind, i.digest]
                        for i in items
                    ]
                },
            )

    def _audit_head(self) -> dict[str, Any]:
        head = self.audit.head()
        return {} if head is None else {"seq": head[0], "hash": head[1]}

    def _reject(self, result: ReceiveResult, rejection: Rejection, kid: str) -> None:
        result.rejected.append(rejection)
        self.audit.append(
            action="federation.rejected",
            actor=f"peer:{kid or 'unknown'}",
            subject=rejection.event_id or f"token {rejection.index}",
            details={"seq": rejection.seq, "reason": rejection.reason},
        )


def _inbox_row(item: _Accepted, subject: str | None, received: dt.datetime) -> dict[str, Any]:
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
