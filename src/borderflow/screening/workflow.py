"""Use cases over the database: store a list version, run the TCO list, build the index.

Each function works in the caller's transaction and writes the audit entry with the fact,
so a TCO change, its audit line and the event queued for partner nodes (``partners.share``:
the federation's outbox, filtered by the sharing agreements) are committed together. TCO
functions also return the event.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Connection

from borderflow.audit import AuditLog
from borderflow.screening.events import WatchlistEvent
from borderflow.screening.loaders.common import LoadedList
from borderflow.screening.model import Entry
from borderflow.screening.partners import share
from borderflow.screening.refresh import ListDiff, diff_entries
from borderflow.screening.repository import ListRepository, TcoRepository
from borderflow.screening.screener import DEFAULT_THRESHOLD
from borderflow.screening.service import ScreeningService
from borderflow.screening.tco import (
    TCO_SOURCE,
    Nomination,
    RedressOutcome,
    RedressRequest,
    decide_redress,
    nominate,
    owned_here,
    remove,
    review,
)

__all__ = [
    "catch_up_tco",
    "decide_redress_request",
    "file_redress_request",
    "load_service",
    "nominate_person",
    "remove_nomination",
    "review_nomination",
    "store_list_version",
]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def store_list_version(connection: Connection, loaded: LoadedList, *, actor: str) -> ListDiff:
    """Store a new version of a list and return its diff against the previous version."""
    repository = ListRepository(connection)
    diff = diff_entries(repository.latest_entries(loaded.source), loaded.entries)
    repository.save(loaded, at=_now())
    AuditLog(connection).append(
        action="screening.list_loaded",
        actor=actor,
        subject=f"{loaded.source}@{loaded.version}",
        details={**diff.summary(), "rejected": len(loaded.rejected)},
    )
    return diff


def load_service(
    connection: Connection, *, threshold: float = DEFAULT_THRESHOLD
) -> ScreeningService:
    """A screening service over the newest version of every stored list and the TCO list."""
    lists = ListRepository(connection)
    in_force = {source: lists.latest_entries(source) for source in lists.sources()}
    tco = TcoRepository(connection)
    in_force[TCO_SOURCE] = tco.listed_entries()
    return ScreeningService(in_force, threshold=threshold, revisions={TCO_SOURCE: tco.revision()})


def catch_up_tco(connection: Connection, service: ScreeningService) -> bool:
    """Put the stored TCO list in force if it changed since ``service`` last saw it.

    Changes arrive from this node's own requests, other workers and partner nodes (the
    federation applies those); returns whether the list in force was refreshed.
    """
    repository = TcoRepository(connection)
    revision = repository.revision()
    if service.revision(TCO_SOURCE) == revision:
        return False
    service.replace_list(TCO_SOURCE, repository.listed_entries(), revision=revision)
    return True


def _record(connection: Connection, nomination: Nomination, event: WatchlistEvent) -> None:
    """The audit entry of a TCO change, and the change queued for partners."""
    share(connection, nomination, event)
    AuditLog(connection).append(
        action=event.kind,
        actor=event.actor,
        subject=f"nomination:{event.nomination_id}",
        details={"event_id": event.event_id, "country": event.country},
        at=event.occurred_at,
    )


def nominate_person(
    connection: Connection,
    entry: Entry,
    *,
    organization: str,
    basis: str,
    country: str,
    officer: str,
) -> tuple[Nomination, WatchlistEvent]:
    nomination, event = nominate(
        entry, organization=organization, basis=basis, country=country, officer=officer, at=_now()
    )
    TcoRepository(connection).add(nomination)
    _record(connection, nomination, event)
    return nomination, event


def review_nomination(
    connection: Connection,
    nomination_id: str,
    *,
    accept: bool,
    reason: str,
    officer: str,
    country: str,
) -> tuple[Nomination, WatchlistEvent]:
    repository = TcoRepository(connection)
    reviewed, event = review(
        repository.get(nomination_id),
        accept=accept,
        reason=reason,
        officer=officer,
        country=country,
        at=_now(),
    )
    repository.save(reviewed)
    _record(connection, reviewed, event)
    return reviewed, event


def remove_nomination(
    connection: Connection, nomination_id: str, *, reason: str, officer: str, country: str
) -> tuple[Nomination, WatchlistEvent]:
    repository = TcoRepository(connection)
    removed, event = remove(
        repository.get(nomination_id), reason=reason, officer=officer, country=country, at=_now()
    )
    repository.save(removed)
    _record(connection, removed, event)
    return removed, event


def file_redress_request(
    connection: Connection, nomination_id: str, *, requester: str, grounds: str, actor: str
) -> RedressRequest:
    """Record a listed person's request; one on a partner's nomination goes to its country."""
    repository = TcoRepository(connection)
    owned_here(repository.get(nomination_id), "redress")
    request = RedressRequest(
        str(uuid.uuid4()), nomination_id, requester.strip(), grounds.strip(), _now()
    )
    repository.add_redress(request)
    AuditLog(connection).append(
        action="screening.tco.redress_requested",
        actor=actor,
        subject=f"nomination:{nomination_id}",
        details={"request_id": request.request_id},
    )
    return request


def decide_redress_request(
    connection: Connection,
    request_id: str,
    *,
    outcome: RedressOutcome,
    reason: str,
    officer: str,
    country: str,
    amended: Entry | None = None,
) -> tuple[RedressRequest, Nomination, WatchlistEvent]:
    repository = TcoRepository(connection)
    request = repository.get_redress(request_id)
    decided, nomination, event = decide_redress(
        request,
        repository.get(request.nomination_id),
        outcome=outcome,
        reason=reason,
        officer=officer,
        country=country,
        at=_now(),
        amended=amended,
    )
    repository.save_redress(decided)
    repository.save(nomination)
    _record(connection, nomination, event)
    return decided, nomination, event
