"""Helpers for federation tests: in-process nodes and a network between them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from borderflow.federation.keys import NodeKey
from borderflow.federation.node import NodeConfig
from borderflow.ledger import CrossingInput


@dataclass
class Node:
    config: NodeConfig
    key: NodeKey
    engine: Engine
    client: TestClient
    home: Path


class InProcessNetwork(httpx.BaseTransport):
    """Routes each request to the in-process app of the node listening on its port."""

    def __init__(self, nodes: dict[str, Node]) -> None:
        self.by_port = {n.config.port: n for n in nodes.values()}
        self.down: set[int] = set()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        port = request.url.port
        if port in self.down or port not in self.by_port:
            raise httpx.ConnectError("connection refused", request=request)
        client = self.by_port[port].client
        response = client.request(
            request.method,
            request.url.path,
            params=request.url.params,
            content=request.read(),
            headers=dict(request.headers),
        )
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            content=response.content,
            request=request,
        )


def crossing(
    port: str,
    origin: str,
    dest: str,
    *,
    number: str = "G12345678",
    hours_ago: float = 2.0,
    **extra: object,
) -> CrossingInput:
    """A land crossing by one Mexican traveler (the document is fixed, the leg varies)."""
    at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours_ago)
    data: dict[str, object] = {
        "document": {
            "doc_type": "passport",
            "issuing_country": "MX",
            "number": number,
            "surname": "Garcia Lopez",
            "given_names": "Ana Maria",
            "date_of_birth": "1990-04-17",
            "nationality": "MX",
            "sex": "F",
        },
        "mode": "pedestrian",
        "port": port,
        "from_country": origin,
        "to_country": dest,
        "crossed_at": at.isoformat(),
        **extra,
    }
    return CrossingInput.model_validate(data)
