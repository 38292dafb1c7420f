"""The ``borderflow`` command: one command group per context, thin over the library."""

from __future__ import annotations

import sys

import typer

from borderflow.cli import db, ledger, ports, serve, users
from borderflow.cli.output import err_console
from borderflow.errors import BorderFlowError

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
app.command(name="serve")(serve.serve)


def main() -> None:
    """Entry point: runs the app and turns BorderFlow errors into one clear line, exit 2."""
    try:
        app(standalone_mode=False)
    except BorderFlowError as error:
        err_console.print(f"[bold red]error:[/] {error}", highlight=False, markup=True)
        sys.exit(2)
    except (typer.Abort, KeyboardInterrupt):
        err_console.print("aborted")
        sys.exit(130)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except Exception as error:
        if type(error).__module__.startswith("click"):
            show = getattr(error, "show", None)
            if callable(show):
                show()
            sys.exit(getattr(error, "exit_code", 2))
        raise
