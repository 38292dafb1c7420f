"""The shared transnational-criminal-organization (TCO) list: its rules (pure).

Lifecycle of a nomination::

    proposed --review(accept)--> accepted --remove--> removed
        \\--review(reject)--> rejected     \\--redress(delist)--> removed
                                            \\--redress(amend)--> accepted (entry updated)

A country nominates a person with a basis and the nominating officer. Another officer
(never the nominator) reviews it: only accepted nominations are on the list that is
screened. A listed person may ask for redress; the decision is recorded and, when upheld,
the entry is removed or amended. Every transition returns the event partners receive.

A nomination belongs to the node where it was made. Partners hold a mirror of it
(``origin`` = the owning node's id), kept up to date by the owner's events: they see it
and screen against it once accepted, but only the owner reviews, removes or decides
redress, and a redress request is filed with the nominating country.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, replace
from enum import StrEnum

from borderflow.errors import Conflict, Forbidden, InvalidInput
from borderflow.screening.codec import entry_to_dict
from borderflow.screening.events import (
    RedressDecided,
    WatchlistEntryRemoved,
    WatchlistNomination,
    WatchlistNominationReviewed,
)
from borderflow.screening.model import Entry

__all__ = [
    "TCO_SOURCE",
    "Nomination",
    "NominationStatus",
    "RedressOutcome",
    "RedressRequest",
    "decide_redress",
    "nominate",
    "owned_here",
    "remove",
    "review",
]

TCO_SOURCE = "tco_shared"


class NominationStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    REMOVED = "removed"


class RedressOutcome(StrEnum):
    """``delisted``: removed; ``amended``: entry corrected; ``maintained``: unchanged."""

    PENDING = "pending"
    DELISTED = "delisted"
    AMENDED = "amended"
    MAINTAINED = "maintained"


@dataclass(frozen=True, slots=True)
class Nomination:
    nomination_id: str
    entry: Entry
    organization: str
    basis: str
    country: str
    nominated_by: str
    nominated_at: dt.datetime
    status: NominationStatus = NominationStatus.PROPOSED
    decided_by: str | None = None
    decided_at: dt.datetime | None = None
    reason: str = ""
    origin: str | None = None
    """The partner node that owns this nomination (``None``: this node)."""


@dataclass(frozen=True, slots=True)
class RedressRequest:
    request_id: str
    nomination_id: str
    requester: str
    grounds: str
    received_at: dt.datetime
    outcome: RedressOutcome = RedressOutcome.PENDING
    decided_by: str | None = None
    decided_at: dt.datetime | None = None
    reason: str = ""


def _required(value: str, field: str) -> str:
    if not value.strip():
        raise InvalidInput(f"{field} is required", field=field)
    return value.strip()


def owned_here(nomination: Nomination, action: str) -> None:
    """Refuse ``action`` on a partner's nomination: only the owning node changes it."""
    if nomination.origin is not None:
        raise Forbidden(
            f"nomination {nomination.nomination_id} was made by {nomination.country} "
            f"(node {nomination.origin}); {action} is for that country's node"
        )


def nominate(
    entry: Entry, *, organization: str, basis: str, country: str, officer: str, at: dt.datetime
) -> tuple[Nomination, WatchlistNomination]:
    """A proposed nomination of ``entry`` (its source must be the TCO list)."""
    if entry.source != TCO_SOURCE:
        raise InvalidInput(f"a TCO entry's source must be {TCO_SOURCE}", field="source")
    if not entry.names:
        raise InvalidInput("a nominated person needs a name", field="names")
    nomination = Nomination(
        str(uuid.uuid4()),
        entry,
        _required(organization, "organization"),
        _required(basis, "basis"),
        _required(country, "country").upper(),
        _required(officer, "nominated_by"),
        at,
    )
    event = WatchlistNomination(
        event_id=str(uuid.uuid4()),
        nomination_id=nomination.nomination_id,
        occurred_at=at,
        actor=officer,
        country=nomination.country,
        organization=nomination.organization,
        basis=nomination.basis,
        entry=entry_to_dict(entry),
    )
    return nomination, event


def review(
    nomination: Nomination,
    *,
    accept: bool,
    reason: str,
    officer: str,
    country: str,
    at: dt.datetime,
) -> tuple[Nomination, WatchlistNominationReviewed]:
    """Accept or reject a proposed nomination; the nominator may not review their own."""
    owned_here(nomination, "review")
    if nomination.status is not NominationStatus.PROPOSED:
        raise Conflict(f"nomination is {nomination.status}, not proposed", field="status")
    if officer == nomination.nominated_by:
        raise Forbidden("the nominating officer may not review the nomination")
    status = NominationStatus.ACCEPTED if accept else NominationStatus.REJECTED
    reviewed = replace(
        nomination,
        status=status,
        decided_by=officer,
        decided_at=at,
        reason=_required(reason, "reason"),
    )
    event = WatchlistNominationReviewed(
        event_id=str(uuid.uuid4()),
        nomination_id=nomination.nomination_id,
        occurred_at=at,
        actor=officer,
        country=country.upper(),
        accepted=accept,
        reason=reviewed.reason,
        entry=entry_to_dict(nomination.entry) if accept else {},
    )
    return reviewed, event


def remove(
    nomination: Nomination, *, reason: str, officer: str, country: str, at: dt.datetime
) -> tuple[Nomination, WatchlistEntryRemoved]:
    """Take an accepted entry off the list."""
    owned_here(nomination, "removal")
    if nomination.status is not NominationStatus.ACCEPTED:
        raise Conflict(f"nomination is {nomination.status}, not accepted", field="status")
    removed = replace(
        nomination,
        status=NominationStatus.REMOVED,
        decided_by=officer,
        decided_at=at,
        reason=_required(reason, "reason"),
    )
    event = WatchlistEntryRemoved(
        event_id=str(uuid.uuid4()),
        nomination_id=nomination.nomination_id,
        occurred_at=at,
        actor=officer,
        country=country.upper(),
        reason=removed.reason,
    )
    return removed, event


def decide_redress(
    request: RedressRequest,
    nomination: Nomination,
    *,
    outcome: RedressOutcome,
    reason: str,
    officer: str,
    country: str,
    at: dt.datetime,
    amended: Entry | None = None,
) -> tuple[RedressRequest, Nomination, RedressDecided]:
    """Record the outcome of a redress request and update the nomination's entry."""
    owned_here(nomination, "a redress decision")
    if request.outcome is not RedressOutcome.PENDING:
        raise Conflict(f"redress request already decided: {request.outcome}", field="outcome")
    if nomination.status is not NominationStatus.ACCEPTED:
        raise Conflict(f"nomination is {nomination.status}, not listed", field="status")
    if outcome is RedressOutcome.PENDING:
        raise InvalidInput("an outcome other than pending is required", field="outcome")
    updated = nomination
    if outcome is RedressOutcome.DELISTED:
        updated = replace(
            nomination,
            status=NominationStatus.REMOVED,
            decided_by=officer,
            decided_at=at,
            reason=f"redress: {reason}",
        )
    elif outcome is RedressOutcome.AMENDED:
        if amended is None or amended.key != nomination.entry.key:
            raise InvalidInput(
                "an amendment needs the corrected entry with the same id", field="entry"
            )
        updated = replace(nomination, entry=amended)
    decided = replace(
        request,
        outcome=outcome,
        decided_by=officer,
        decided_at=at,
        reason=_required(reason, "reason"),
    )
    event = RedressDecided(
        event_id=str(uuid.uuid4()),
        nomination_id=nomination.nomination_id,
        occurred_at=at,
        actor=officer,
        country=country.upper(),
        request_id=request.request_id,
        outcome=outcome.value,
        reason=decided.reason,
        entry=entry_to_dict(updated.entry) if updated.status is NominationStatus.ACCEPTED else {},
    )
    return decided, updated, event
