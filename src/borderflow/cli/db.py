"""``borderflow db``: schema migrations."""

from __future__ import annotations

import typer

from borderflow.cli.context import node_engine, node_settings
from borderflow.cli.output import console
from borderflow.store import current_revision, upgrade

__all__ = ["app"]

app = typer.Typer(help="The node's database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade_command() -> None:
    """Create or migrate the schema to the latest version."""
    upgrade(node_engine())
    revisions = ", ".join(sorted(current_revision(node_engine())))
    console.print(f"database {node_settings().database_url} is at {revisions}")


@app.command("current")
def current_command() -> None:
    """Show the schema revisions the database is at."""
    revisions = sorted(current_revision(node_engine()))
    console.print(", ".join(revisions) if revisions else "empty: run `borderflow db upgrade`")
