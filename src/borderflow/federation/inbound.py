"""The receiver's checks on one verified envelope (pure).

The signature was checked before; these rules decide whether the event may be applied:
addressed to us, from the peer whose key signed it, next in that origin's sequence, of a
known kind and version, under the very agreement version we hold, within its fields.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from pydantic import ValidationError

from borderflow.federation.agreements import Agreement, fields_outside
from borderflow.federation.envelope import Envelope
from borderflow.federation.events import EventModel, event_kind

__all__ = ["Peer", "Verdict", "VerdictKind", "agreement_problem", "check_envelope"]


@dataclass(frozen=True, slots=True)
class Peer:
    """A partner node as pinned here."""

    node_id: str
    name: str
    country: str
    url: str
    public_key: str


class VerdictKind(StrEnum):
    APPLY = "apply"
    DUPLICATE = "duplicate"
    GAP = "gap"
    REJECT = "reject"


@dataclass(frozen=True, slots=True)
class Verdict:
    kind: VerdictKind
    reason: str = ""
    event: EventModel | None = None


def check_envelope(
    envelope: Envelope,
    *,
    me: str,
    my_country: str,
    peer: Peer,
    cursor: int,
    agreement: Agreement | None,
    now: dt.datetime,
    skew: dt.timedelta,
) -> Verdict:
    """Whether ``envelope`` from ``peer`` is applied, ignored, out of order or refused."""
    identity = _identity_problem(envelope, me, peer, now, skew)
    if identity:
        return Verdict(VerdictKind.REJECT, identity)
    if envelope.seq <= cursor:
        return Verdict(VerdictKind.DUPLICATE, f"seq {envelope.seq} already applied")
    if envelope.seq > cursor + 1:
        return Verdict(VerdictKind.GAP, f"expected seq {cursor + 1}, got {envelope.seq}")
    return _content_verdict(envelope, my_country, peer, agreement, now)


def _identity_problem(
    envelope: Envelope, me: str, peer: Peer, now: dt.datetime, skew: dt.timedelta
) -> str:
    if envelope.origin != peer.node_id:
        return f"origin {envelope.origin} is not the node whose key signed it ({peer.node_id})"
    if envelope.destination != me:
        return f"addressed to {envelope.destination}, not to this node ({me})"
    if envelope.issued_at > now + skew:
        return f"issued_at {envelope.issued_at.isoformat()} lies in the future"
    return ""


def _content_verdict(
    envelope: Envelope,
    my_country: str,
    peer: Peer,
    agreement: Agreement | None,
    now: dt.datetime,
) -> Verdict:
    spec = event_kind(envelope.kind)
    if spec is None:
        return Verdict(VerdictKind.REJECT, f"unknown event kind {envelope.kind!r}")
    if envelope.version != spec.version:
        return Verdict(
            VerdictKind.REJECT,
            f"{spec.name} version {envelope.version} is not "
            f"supported (this node reads version {spec.version})",
        )
    problem = agreement_problem(envelope, agreement, now.date())
    if problem or agreement is None:
        return Verdict(VerdictKind.REJECT, problem or "no agreement")
    flow = agreement.flow(peer.country, my_country, envelope.kind)
    if flow is None:
        return Verdict(
            VerdictKind.REJECT,
            f"agreement {agreement.id} v{agreement.version} "
            f"does not let {envelope.kind} flow {peer.country}->{my_country}",
        )
    outside = fields_outside(envelope.payload, flow.allowed)
    if outside:
        return Verdict(VerdictKind.REJECT, "fields outside the agreement: " + ", ".join(outside))
    try:
        event = spec.parse(envelope.payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return Verdict(VerdictKind.REJECT, f"payload {where}: {first['msg']}")
    return Verdict(VerdictKind.APPLY, event=event)


def agreement_problem(envelope: Envelope, agreement: Agreement | None, today: dt.date) -> str:
    """Why the agreement named in ``envelope`` does not match the one held here ('' if it does)."""
    if agreement is None:
        return (
            f"no agreement held with the sender (it sent {envelope.agreement_id} "
            f"v{envelope.agreement_version})"
        )
    if envelope.agreement_hash != agreement.hash:
        return (
            f"agreement mismatch: the event is under {envelope.agreement_id} "
            f"v{envelope.agreement_version} (hash {envelope.agreement_hash[:12]}), this "
            f"node holds {agreement.id} v{agreement.version} (hash {agreement.hash[:12]})"
        )
    if not agreement.in_force(today):
        return f"agreement {agreement.id} v{agreement.version} is not in force on {today}"
    return ""
