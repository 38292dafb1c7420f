"""Bulk statements whose SQL differs between SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table

__all__ = [
    "bulk_insert_ignoring_conflicts",
    "rows_with_keys",
]


def bulk_insert_ignoring_conflicts(
    connection: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> None:
    """Insert many rows (values in the order of ``columns``) at driver speed, skipping
    those that conflict with a unique key.

    SQLAlchemy's per-row parameter handling costs more than the database itself on
    large imports, so the statement goes to the driver directly. Values still pass
    through each column type's own bind processor, so they are stored exactly as
    SQLAlchemy would store them; a value repeated across rows (a day, a recording time)
    is converted once. The SQL is parameterised as always.
    """
    dialect = connection.dialect
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns
    ]
    converted: list[tuple[int, Callable[[Any], Any], dict[Any, Any]]] = [
        (i, process, {}) for i, process in enumerate(processors) if process is not None
    ]
    values = []
    for row in rows:
        value = list(row)
        for i, process, seen in converted:
            raw = value[i]
            if raw is not None:
                done = seen.get(raw)
                if done is None:
                    done = seen[raw] = process(raw)
                value[i] = done
        values.append(tuple(value))
    if not values:
        return
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    names = ", ".join(dialect.identifier_preparer.quote(name) for name in columns)
    statement = (
        f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ({names}) "  # noqa: S608
        f"VALUES ({', '.join([marker] * len(columns))}) ON CONFLICT DO NOTHING"
    )
    connection.exec_driver_sql(statement, values)


def rows_with_keys(
    connection: Connection, table: Table, key: str, keys: Sequence[str], *columns: str
) -> list[tuple[Any, ...]]:
    """``(key, *columns)`` of the rows whose ``key`` is one of ``keys``, in one statement
    with one parameter (a JSON array on SQLite, an array on PostgreSQL), however many."""
    if not keys:
        return []
    preparer = connection.dialect.identifier_preparer
    names = ", ".join(preparer.quote(name) for name in (key, *columns))
    where = preparer.quote(key)
    value: list[str] | str
    if connection.dialect.name == "postgresql":
        condition, value = f"{where} = ANY(%s)", list(keys)
    else:
        condition = f"{where} IN (SELECT value FROM json_each(?))"  # noqa: S608
        value = json.dumps(list(keys))
    # Only quoted identifiers of our own tables are formatted in; the keys are bound.
    statement = f"SELECT {names} FROM {preparer.format_table(table)} WHERE {condition}"  # noqa: S608
    return [tuple(row) for row in connection.exec_driver_sql(statement, (value,))]
