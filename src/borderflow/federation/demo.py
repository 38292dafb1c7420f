"""``borderflow demo``: a three-node network on loopback and one traveler's walk through it."""

from __future__ import annotations

import contextlib
import datetime as dt
import subprocess
import tempfile
import time
from pathlib import Path

from rich.console import Console
from sqlalchemy import Engine, select

from borderflow.federation.network import create_network, start_node, wait_until_up
from borderflow.federation.node import NodeConfig
from borderflow.federation.outbox import federation_hook
from borderflow.ledger import CrossingInput, LedgerService
from borderflow.ledger.tables import crossings
from borderflow.store import create_db_engine
from borderflow.users import UserRepository

__all__ = ["demo_traveler_walk", "run_demo"]

console = Console()


def demo_traveler_walk(now: dt.datetime) -> list[CrossingInput]:
    """A Mexican citizen walks into the US at San Ysidro, then drives on into Canada at Blaine."""
    document = {
        "doc_type": "passport",
        "issuing_country": "MX",
        "number": "G12345678",
        "surname": "Garcia Lopez",
        "given_names": "Ana Maria",
        "date_of_birth": "1990-04-17",
        "nationality": "MX",
        "sex": "F",
    }
    legs = [
        ("San Ysidro", "MX", "US", "pedestrian", now - dt.timedelta(days=3)),
        ("Blaine", "US", "CA", "personal_vehicle", now - dt.timedelta(hours=2)),
    ]
    return [
        CrossingInput.model_validate(
            {
                "document": document,
                "mode": mode,
                "port": port,
                "from_country": origin,
                "to_country": dest,
                "crossed_at": at.isoformat(),
                "admission_class": "B2" if dest == "US" else None,
                "admitted_until": (at + dt.timedelta(days=180)).date().isoformat()
                if dest == "US"
                else None,
            }
        )
        for port, origin, dest, mode, at in legs
    ]


def run_demo(folder: Path | None, *, keep_running: bool) -> None:
    base = folder or Path(tempfile.mkdtemp(prefix="borderflow-federation-"))
    base.mkdir(parents=True, exist_ok=True)
    console.print(f"creating three nodes in {base} ...")
    configs = create_network(base)
    processes = [start_node(base / c.name, base / f"{c.name}.log") for c in configs.values()]
    try:
        for config in configs.values():
            wait_until_up(config.url, timeout=60)
        engines = {c: create_db_engine(cfg.database_url) for c, cfg in configs.items()}
        for item in demo_traveler_walk(dt.datetime.now(dt.UTC)):
            _record(engines[item.to_country], item)
            console.print(
                f"recorded at {item.to_country}: {item.from_country} -> "
                f"{item.to_country} at {item.port}"
            )
            _wait_for(engines[item.from_country], 1 if item.from_country == "MX" else 2)
        _show(configs, engines)
        if keep_running:
            console.print("\nthe nodes keep running; press Ctrl-C to stop them")
            with contextlib.suppress(KeyboardInterrupt):
                while all(p.poll() is None for p in processes):
                    time.sleep(0.5)
    finally:
        _stop(processes)


def _record(engine: Engine, item: CrossingInput) -> None:
    with engine.begin() as connection:
        LedgerService(connection, on_recorded=[federation_hook]).record(
            item, recorded_by="demo:officer"
        )


def _wait_for(engine: Engine, count: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            if len(connection.execute(select(crossings.c.id)).all()) >= count:
                return
        time.sleep(0.1)
    console.print("[yellow]a crossing has not arrived yet: see the node logs[/]")


def _show(configs: dict[str, NodeConfig], engines: dict[str, Engine]) -> None:
    for country, config in configs.items():
        with engines[country].begin() as connection:
            rows = connection.execute(
                select(
                    crossings.c.from_country,
                    crossings.c.to_country,
                    crossings.c.port,
                    crossings.c.source,
                )
            ).all()
            token = UserRepository(connection).add("demo-supervisor", country, ["supervisor"]).value
        home = config.database_url.removeprefix("sqlite:///").removesuffix("/node.db")
        console.print(f"\n[bold]{config.name}[/] ({country}) at {config.url}  home {home}")
        for row in rows:
            role = "entry" if row.to_country == country else "exit"
            console.print(
                f"  {role:<5} {row.from_country}->{row.to_country} port {row.port} "
                f"(source: {row.source})",
                highlight=False,
            )
        console.print(f"  API docs     {config.url}/docs", highlight=False)
        console.print(f"  supervisor   {token}", highlight=False, soft_wrap=True)
        console.print(f"  look at      borderflow node status --home {home}", highlight=False)
        console.print(f"               borderflow audit verify --home {home}", highlight=False)


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
