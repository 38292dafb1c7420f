"""Retro-screening reads the node's own ledger: :class:`RecentCrossings` over the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sqlalchemy import Connection, select

from borderflow.ledger.tables import crossings, documents
from borderflow.screening.model import BirthDate
from borderflow.screening.refresh import RecentCrossing

__all__ = ["LedgerCrossings"]


class LedgerCrossings:
    """Crossings recorded in the ledger (local or received from partners) since a moment."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def crossings_since(self, since: dt.datetime) -> Iterator[RecentCrossing]:
        query = (
            select(
                crossings.c.id,
                crossings.c.crossed_at,
                documents.c.surname,
                documents.c.given_names,
                documents.c.date_of_birth,
                documents.c.nationality,
            )
            .join(documents, documents.c.id == crossings.c.document_id)
            .where(crossings.c.crossed_at >= since)
            .order_by(crossings.c.crossed_at, crossings.c.id)
        )
        for row in self.connection.execute(query):
            yield RecentCrossing(
                crossing_id=row.id,
                occurred_at=row.crossed_at,
                name=" ".join(part for part in (row.given_names, row.surname) if part),
                birth_date=BirthDate.from_date(row.date_of_birth),
                nationality=row.nationality,
            )
