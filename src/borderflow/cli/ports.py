"""``borderflow ports``: the ports of entry of the reference data."""

from __future__ import annotations

from typing import Annotated

import typer

from borderflow.cli.output import print_json, print_table, to_jsonable
from borderflow.reference import default_catalog

__all__ = ["app"]

app = typer.Typer(help="Ports of entry (codes, names, borders, coordinates).", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
_COLUMNS = ("code", "name", "state", "border", "latitude", "longitude", "kind", "timezone")


@app.command("list")
def list_command(
    border: Annotated[str | None, typer.Option(help="US-CA, US-MX or MX-GT")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 code")] = None,
    as_json: JsonFlag = False,
) -> None:
    """List ports of entry, optionally of one border or country."""
    found = default_catalog().ports(border=border, country=country)
    if as_json:
        print_json(found)
        return
    print_table([to_jsonable(p) for p in found], _COLUMNS, title=f"{len(found)} ports")


@app.command("show")
def show_command(
    code: Annotated[str, typer.Argument(help="Port code or name")], as_json: JsonFlag = False
) -> None:
    """Show one port of entry by code or name."""
    port = default_catalog().port(code)
    if as_json:
        print_json(port)
        return
    fields = to_jsonable(port)
    print_table(
        [{"field": k, "value": v} for k, v in fields.items()],
        ("field", "value"),
        title=f"{port.name} ({port.code})",
    )
