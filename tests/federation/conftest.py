"""Fixtures for federation tests: real nodes (key file, SQLite database) in a temp folder.

``nodes`` gives three initialised nodes (US, CA, MX) pinned to each other under the bundled
agreements, each with its FastAPI app served in-process through ``fastapi.testclient``;
``network_client`` is one httpx client whose requests reach the node named by the URL's
port, so a :class:`Deliverer` talks to its partners exactly as over the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from federation_helpers import InProcessNetwork, Node

from borderflow.federation.network import create_network
from borderflow.federation.node import load_node
from borderflow.federation.server import build_node_app
from borderflow.store import create_db_engine


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[dict[str, Node]]:
    configs = create_network(tmp_path)
    built: dict[str, Node] = {}
    for country, config in configs.items():
        home = tmp_path / config.name
        _config, key = load_node(home)
        engine = create_db_engine(config.database_url)
        client = TestClient(build_node_app(config, key, engine), raise_server_exceptions=True)
        built[country] = Node(config, key, engine, client, home)
    yield built
    for node in built.values():
        node.client.close()
        node.engine.dispose()


@pytest.fixture
def network(nodes: dict[str, Node]) -> InProcessNetwork:
    return InProcessNetwork(nodes)


@pytest.fixture
def network_client(network: InProcessNetwork) -> Iterator[httpx.Client]:
    with httpx.Client(transport=network) as client:
        yield client
