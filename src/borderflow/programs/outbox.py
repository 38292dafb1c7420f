"""Where membership status changes go: ``program_events`` (the node's own history) and the
federation's transactional outbox (partners), both in the caller's transaction."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select

from borderflow.federation.events import ProgramStatusChanged as PartnerStatusChanged
from borderflow.federation.outbox import Outbox
from borderflow.programs.events import ProgramStatusChanged
from borderflow.programs.tables import program_events

__all__ = ["PartnerEventSink", "TableEventSink", "stored_events"]


class TableEventSink:
    """Writes each event as a row of ``program_events`` (kind, membership and JSON payload)."""

    def emit(self, connection: Connection, event: ProgramStatusChanged) -> None:
        connection.execute(
            insert(program_events).values(
                event_id=event.event_id,
                kind=event.kind,
                membership_id=event.membership_id,
                payload=event.to_dict(),
                occurred_at=event.occurred_at,
            )
        )


class PartnerEventSink(TableEventSink):
    """Stores each event, and queues it for the partners whose agreement covers
    ``ProgramStatusChanged`` (ids, program and statuses only; no names)."""

    def emit(self, connection: Connection, event: ProgramStatusChanged) -> None:
        super().emit(connection, event)
        outbox = Outbox(connection)
        if outbox.has_partners():
            outbox.emit(
                PartnerStatusChanged(
                    membership_id=str(event.membership_id),
                    program=event.program,
                    status=event.status,
                    previous_status=event.previous,
                    changed_at=event.occurred_at,
                    reason=event.reason,
                )
            )


def stored_events(
    connection: Connection, membership_id: int | None = None
) -> list[dict[str, object]]:
    """Stored event payloads in the order they were emitted (optionally of one membership)."""
    query = select(program_events.c.payload).order_by(program_events.c.seq)
    if membership_id is not None:
        query = query.where(program_events.c.membership_id == membership_id)
    return [dict(row.payload) for row in connection.execute(query)]
