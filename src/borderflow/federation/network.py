"""A local three-node network (US, CA, MX) on loopback: for the demo and end-to-end tests.

Each node gets its own home directory, key, SQLite file and port; every pair pins each
other and installs the bundled agreement between them. Nodes run as separate processes
(``python -m borderflow.federation --home DIR``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import httpx

from borderflow.errors import ConfigurationError
from borderflow.federation.admin import install_agreement, pin_peer
from borderflow.federation.agreements import Agreement, parse_agreement
from borderflow.federation.inbound import Peer
from borderflow.federation.node import NodeConfig, init_node
from borderflow.store import create_db_engine

__all__ = [
    "NODES",
    "bundled_agreements",
    "create_network",
    "free_port",
    "start_node",
    "wait_until_up",
]

#: The demo network: country → node name.
NODES: Mapping[str, str] = {"US": "us-node", "CA": "ca-node", "MX": "mx-node"}


def bundled_agreements() -> list[Agreement]:
    folder = resources.files("borderflow.federation") / "data"
    return [
        parse_agreement(f.read_text(encoding="utf-8"), source=f.name)
        for f in sorted(folder.iterdir(), key=lambda f: f.name)
        if f.name.endswith(".toml")
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def create_network(base: Path, ports: Mapping[str, int] | None = None) -> dict[str, NodeConfig]:
    """Initialise the three nodes under ``base``, pin them to each other, load agreements."""
    configs = {
        country: init_node(
            base / name, country=country, name=name, port=(ports or {}).get(country) or free_port()
        )
        for country, name in NODES.items()
    }
    agreements = bundled_agreements()
    for country, config in configs.items():
        engine = create_db_engine(config.database_url)
        with engine.begin() as connection:
            for agreement in agreements:
                if country in agreement.parties:
                    install_agreement(connection, agreement, actor="demo:setup")
            for other in configs.values():
                if other.country != country:
                    peer = Peer(
                        other.node_id, other.name, other.country, other.url, other.public_key
                    )
                    pin_peer(connection, peer, actor="demo:setup")
        engine.dispose()
    return configs


def start_node(home: Path, log_file: Path) -> subprocess.Popen[bytes]:
    """Start the node in ``home`` as its own process, its output going to ``log_file``."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    src = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
    with log_file.open("ab") as log:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "borderflow.federation", "--home", str(home)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )


def wait_until_up(url: str, *, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=1.0) as client:  # one client: each new one loads the CA store
        while time.monotonic() < deadline:
            try:
                response = client.get(f"{url}/federation/node", params={"challenge": "readiness"})
                if response.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
    raise ConfigurationError(
        f"the node at {url} did not come up within {timeout:.0f} s", field="url"
    )
