"""Federation commands: ``init``, ``node``, ``peers``, ``agreements``, ``audit``, ``demo``.

Every command works on one node, named by its home directory (``--home``, or the
``BORDERFLOW_NODE_HOME`` environment variable).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import httpx
import typer
from sqlalchemy import Engine

from borderflow.audit import AuditLog
from borderflow.cli.output import console, print_json, print_table
from borderflow.errors import InvalidInput
from borderflow.federation.admin import discover_peer, install_agreement, pin_peer, unpin_peer
from borderflow.federation.agreements import load_agreement
from borderflow.federation.audit_export import check_anchor, export_audit
from borderflow.federation.delivery import stream_status
from borderflow.federation.inbound import Peer
from borderflow.federation.keys import node_id_for
from borderflow.federation.node import KEY_FILE, NodeConfig, init_node, load_node
from borderflow.federation.repository import AgreementRepository
from borderflow.store import create_db_engine

__all__ = ["agreements_app", "audit_app", "demo", "init", "node_app", "peers_app"]

Home = Annotated[
    Path, typer.Option("--home", envvar="BORDERFLOW_NODE_HOME", help="The node's home directory")
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")]

peers_app = typer.Typer(help="Partner nodes, pinned by public key.", no_args_is_help=True)
agreements_app = typer.Typer(help="Sharing agreements with partners.", no_args_is_help=True)
audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
node_app = typer.Typer(help="Run this node and see its delivery state.", no_args_is_help=True)


def _engine(home: Path) -> tuple[NodeConfig, Engine]:
    config, _key = load_node(home)
    return config, create_db_engine(config.database_url)


def init(
    country: Annotated[str, typer.Option(help="ISO code of the country the node serves")],
    name: Annotated[str, typer.Option(help="The node's name, e.g. us-node")],
    home: Home = Path("borderflow-node"),
    host: Annotated[str, typer.Option(help="Address the node binds")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port the node binds")] = 8000,
    database_url: Annotated[str | None, typer.Option(help="Default: DIR/node.db (SQLite)")] = None,
) -> None:
    """Create a node: its database, its Ed25519 key file (mode 0600) and its node id."""
    config = init_node(
        home, country=country, name=name, database_url=database_url, host=host, port=port
    )
    console.print(f"node [bold]{config.name}[/] ({config.country}) created in {home}")
    console.print(f"  node id     {config.node_id}", highlight=False)
    console.print(f"  public key  {config.public_key}", highlight=False)
    console.print(
        f"  private key {home / KEY_FILE} (mode 600; never printed or stored)", highlight=False
    )
    console.print(f"  database    {config.database_url}", highlight=False)


@node_app.command("run")
def node_run(home: Home) -> None:
    """Serve the node's API and deliver its events to partners until interrupted."""
    config, _ = load_node(home)
    console.print(f"{config.name} ({config.country}) serving at {config.url}")
    from borderflow.federation.server import run_node  # noqa: PLC0415 (loads the API)

    run_node(home)


@node_app.command("status")
def node_status(home: Home, as_json: AsJson = False) -> None:
    """Each partner's stream: events queued, acknowledged, and the last error."""
    _config, engine = _engine(home)
    rows = [
        {
            "peer": s.peer.name,
            "country": s.peer.country,
            "queued": s.last_seq,
            "acknowledged": s.acked_seq,
            "pending": s.last_seq - s.acked_seq,
            "last_error": s.last_error,
        }
        for s in stream_status(engine)
    ]
    if as_json:
        print_json(rows)
    else:
        print_table(rows, ["peer", "country", "queued", "acknowledged", "pending", "last_error"])


@peers_app.command("add")
def peers_add(
    home: Home,
    url: Annotated[str, typer.Option(help="Base URL of the partner node")],
    public_key: Annotated[str, typer.Option(help="The partner's public key (base64url)")],
    offline: Annotated[bool, typer.Option(help="Pin without contacting the partner")] = False,
    name: Annotated[str | None, typer.Option(help="Partner name (with --offline)")] = None,
    country: Annotated[str | None, typer.Option(help="Partner country (with --offline)")] = None,
) -> None:
    """Pin a partner. Online, the partner must prove it holds the given key."""
    _config, engine = _engine(home)
    if offline:
        if not name or not country:
            raise InvalidInput("--offline needs --name and --country", field="country")
        peer = Peer(
            node_id_for(public_key.strip()),
            name,
            country.upper(),
            url.rstrip("/"),
            public_key.strip(),
        )
    else:
        with httpx.Client(timeout=10.0) as client:
            peer = discover_peer(client, url, public_key)
    with engine.begin() as connection:
        pin_peer(connection, peer, actor="cli:peers")
    console.print(f"pinned {peer.name} ({peer.country}) {peer.node_id} at {peer.url}")


@peers_app.command("list")
def peers_list(home: Home, as_json: AsJson = False) -> None:
    """Pinned partners."""
    _config, engine = _engine(home)
    rows = [
        {
            "node_id": s.peer.node_id,
            "name": s.peer.name,
            "country": s.peer.country,
            "url": s.peer.url,
            "public_key": s.peer.public_key,
        }
        for s in stream_status(engine)
    ]
    if as_json:
        print_json(rows)
    else:
        print_table(rows, ["node_id", "name", "country", "url", "public_key"])


@peers_app.command("remove")
def peers_remove(home: Home, node_id: Annotated[str, typer.Argument()]) -> None:
    """Unpin a partner: nothing more is sent to it or accepted from it."""
    _config, engine = _engine(home)
    with engine.begin() as connection:
        unpin_peer(connection, node_id, actor="cli:peers")
    console.print(f"removed {node_id}")


@agreements_app.command("check")
def agreements_check(file: Annotated[Path, typer.Argument()]) -> None:
    """Validate an agreement file and print its hash (to compare with the partner's)."""
    agreement = load_agreement(file)
    console.print(
        f"{agreement.id} v{agreement.version} valid; hash {agreement.hash}", highlight=False
    )


@agreements_app.command("load")
def agreements_load(home: Home, file: Annotated[Path, typer.Argument()]) -> None:
    """Install (or upgrade to) an agreement; the partner must load the same version."""
    _config, engine = _engine(home)
    agreement = load_agreement(file)
    with engine.begin() as connection:
        install_agreement(connection, agreement, actor="cli:agreements")
    console.print(
        f"loaded {agreement.id} v{agreement.version} (hash {agreement.hash[:16]})", highlight=False
    )


@agreements_app.command("list")
def agreements_list(home: Home, as_json: AsJson = False) -> None:
    """Agreements in force on this node."""
    _config, engine = _engine(home)
    with engine.connect() as connection:
        held = AgreementRepository(connection).all()
    rows = [
        {
            "id": a.id,
            "version": a.version,
            "parties": list(a.parties),
            "hash": a.hash,
            "flows": len(a.flows),
            "purpose": a.purpose,
        }
        for a in held
    ]
    if as_json:
        print_json(rows)
    else:
        print_table(rows, ["id", "version", "parties", "flows", "hash"])


@audit_app.command("verify")
def audit_verify(
    home: Home,
    anchor: Annotated[Path | None, typer.Option(help="Anchor file written by 'export'")] = None,
) -> None:
    """Check the chain; name every edited, reordered or deleted entry. Exit 1 if broken."""
    _config, engine = _engine(home)
    with engine.connect() as connection:
        log = AuditLog(connection)
        problems = [(p.seq, p.problem) for p in log.verify()]
        count = log.count()
        if anchor is not None:
            problems += check_anchor(log, anchor)
    if not problems:
        console.print(f"audit log intact: {count} entries")
        return
    for seq, problem in problems:
        console.print(f"entry {seq}: {problem}", highlight=False)
    raise typer.Exit(1)


@audit_app.command("export")
def audit_export(
    home: Home,
    out: Annotated[Path, typer.Option(help="JSON Lines file to write")],
    anchor: Annotated[Path | None, typer.Option(help="Also write the head as an anchor")] = None,
) -> None:
    """Write every entry as JSON Lines; optionally an anchor of the head for later checks."""
    _config, engine = _engine(home)
    with engine.connect() as connection:
        head = export_audit(AuditLog(connection), out)
    if anchor is not None and head is not None:
        anchor.write_text(json.dumps(head) + "\n", encoding="utf-8")
    console.print(f"exported to {out}; head {head}", highlight=False)


def demo(
    folder: Annotated[Path | None, typer.Option("--dir", help="Where the nodes live")] = None,
    walk_only: Annotated[bool, typer.Option(help="Stop after the walk instead of serving")] = False,
) -> None:
    """Start a US, a CA and an MX node on loopback, walk a traveler through, show where to look."""
    from borderflow.federation.demo import run_demo  # noqa: PLC0415 - only this command needs it

    run_demo(folder, keep_running=not walk_only)
