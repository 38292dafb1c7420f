"""How the CLI shows results: rich tables for people, JSON for machines."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from borderflow.serialize import to_jsonable

__all__ = ["console", "err_console", "print_json", "print_table", "to_jsonable"]

console = Console()
err_console = Console(stderr=True)


def print_json(value: Any) -> None:
    """Write ``value`` as indented JSON to standard output, without rich markup."""
    print(json.dumps(to_jsonable(value), indent=2, ensure_ascii=False))


def print_table(
    rows: Iterable[Mapping[str, Any]], columns: Sequence[str], *, title: str | None = None
) -> None:
    """A rich table of ``rows`` with ``columns`` (keys of each row) as headers."""
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column.replace("_", " "))
    for row in rows:
        table.add_row(*(_cell(row.get(column)) for column in columns))
    console.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    plain = to_jsonable(value)
    if isinstance(plain, list):
        return ", ".join(str(v) for v in plain)
    return str(plain)
