"""``borderflow serve``: the node's HTTP service (``--demo`` seeds a throwaway node first)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from borderflow.cli.context import node_settings
from borderflow.cli.output import console
from borderflow.demo import seed_demo
from borderflow.errors import ConfigurationError
from borderflow.store import create_db_engine, missing_heads

__all__ = ["serve"]


def serve(
    demo: Annotated[bool, typer.Option(help="Serve a fresh demo node with seeded data")] = False,
    host: Annotated[str | None, typer.Option(help="Address to bind")] = None,
    port: Annotated[int | None, typer.Option(help="Port to bind")] = None,
    demo_dir: Annotated[
        Path | None,
        typer.Option(help="Where the demo keeps its database (default: a new temporary folder)"),
    ] = None,
) -> None:
    """Serve the node's HTTP API and its OpenAPI docs."""
    settings = node_settings()
    host = host or settings.host
    port = settings.port if port is None else port
    if demo:
        folder = demo_dir or Path(tempfile.mkdtemp(prefix="borderflow-demo-"))
        folder.mkdir(parents=True, exist_ok=True)
        settings = settings.model_copy(update={"database_url": f"sqlite:///{folder / 'demo.db'}"})
        engine = create_db_engine(settings.database_url)
        console.print(f"seeding a demo node in {folder} ...")
        node = seed_demo(engine, folder, watchlists=settings.data_dir / "watchlists")
        console.print(f"{node.imported.created} synthetic crossings through real ports imported")
        for source, count in node.lists.items():
            console.print(f"watch list {source}: {count} entries")
        if not node.lists:
            console.print(f"no watch list found under {settings.data_dir / 'watchlists'}")
        console.print("API tokens of the demo users (one per role):")
        for name, token in node.tokens.items():
            console.print(f"  {name:<14} {token}", highlight=False, soft_wrap=True)
    else:
        engine = create_db_engine(settings.database_url)
        if missing_heads(engine):
            raise ConfigurationError(
                f"the database {settings.database_url} is not up to date: "
                "run `borderflow db upgrade` first"
            )
    console.print(f"\nBorderFlow node ({settings.country}) at http://{host}:{port}")
    console.print(f"Open the API docs: [bold]http://{host}:{port}/docs[/]\n")
    from borderflow.api import create_app  # noqa: PLC0415 (loads every router)

    uvicorn.run(create_app(settings, engine), host=host, port=port, log_level="warning")
