"""The ``borderflow`` command: one command group per context, thin over the library."""

from __future__ import annotations

import sys

import typer

from borderflow.cli import (
    db,
    federation,
    inspection,
    ledger,
    mrz,
    ports,
    programs,
    screen,
    serve,
    simulate,
    targeting,
    trips,
    users,
    wallet,
)
from borderflow.cli.context import node_settings
from borderflow.cli.output import err_console
from borderflow.errors import BorderFlowError
from borderflow.logs import configure_logging

__all__ = ["app", "main"]

app = typer.Typer(
    name="borderflow",
    help="BorderFlow: collaborative border management between Canada, Mexico and the US.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(ports.app, name="ports")
app.add_typer(ledger.app, name="ledger")
app.add_typer(users.app, name="users")
app.add_typer(programs.app, name="programs")
app.add_typer(trips.app, name="trips")
app.add_typer(mrz.app, name="mrz")
app.add_typer(wallet.app, name="wallet")
app.add_typer(targeting.app, name="targeting")
app.add_typer(screen.app, name="screen")
app.add_typer(inspection.app, name="inspection")
app.command(name="serve")(serve.serve)
app.command(name="simulate")(simulate.simulate)
app.command(name="init")(federation.init)
app.command(name="demo")(federation.demo)
app.add_typer(federation.node_app, name="node")
app.add_typer(federation.peers_app, name="peers")
app.add_typer(federation.agreements_app, name="agreements")
app.add_typer(federation.audit_app, name="audit")


def main() -> None:
    """Entry point: usage errors are click's; BorderFlow errors become one line and exit 2."""
    try:
        configure_logging(node_settings().log_level)
        app()
    except BorderFlowError as error:
        err_console.print(f"[bold red]error:[/] {error}", highlight=False, markup=True)
        sys.exit(2)
