"""``ProgramStatusChanged``: the event every membership status change emits for the federation.

Events are written through an :class:`EventSink` in the same transaction as the change
they report; the federation's transactional outbox will implement the sink, and
:class:`borderflow.programs.outbox.TableEventSink` stands in until it does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:
    from sqlalchemy import Connection

__all__ = ["EventSink", "ProgramStatusChanged"]


@dataclass(frozen=True, slots=True)
class ProgramStatusChanged:
    """A membership moved from ``previous`` (``None`` for a new application) to ``status``.

    It carries ids, program and statuses only, no names or documents: partners that need
    the person resolve the membership through their own agreement.
    """

    kind: ClassVar[str] = "programs.program_status_changed"
    version: ClassVar[int] = 1

    event_id: str
    membership_id: int
    member_id: int
    program: str
    previous: str | None
    status: str
    reason: str
    country: str
    actor: str
    occurred_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        """The event as plain JSON values, with its kind and version."""
        return {
            "kind": self.kind,
            "version": self.version,
            "event_id": self.event_id,
            "membership_id": self.membership_id,
            "member_id": self.member_id,
            "program": self.program,
            "previous": self.previous,
            "status": self.status,
            "reason": self.reason,
            "country": self.country,
            "actor": self.actor,
            "occurred_at": self.occurred_at.astimezone(dt.UTC).isoformat(),
        }


class EventSink(Protocol):
    """Where events go: stored in ``connection``'s transaction, delivered later."""

    def emit(self, connection: Connection, event: ProgramStatusChanged) -> None: ...
