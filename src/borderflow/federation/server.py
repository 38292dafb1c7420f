"""Running a node: the HTTP service plus the delivery and retention worker, in one process."""

from __future__ import annotations

import datetime as dt
import gc
import logging
import threading
from collections.abc import Callable
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine

from borderflow.api.app import create_app
from borderflow.api.routers import federation as federation_router
from borderflow.federation.delivery import Deliverer
from borderflow.federation.keys import NodeKey
from borderflow.federation.node import NodeConfig, load_node
from borderflow.federation.retention import purge_expired
from borderflow.identity.records import CrossingClaimsRepository
from borderflow.identity.service import IdentityNode
from borderflow.settings import Settings
from borderflow.store import create_db_engine

__all__ = ["NodeWorker", "build_node_app", "run_node"]

log = logging.getLogger(__name__)


def build_node_app(config: NodeConfig, key: NodeKey, engine: Engine | None = None) -> FastAPI:
    """The node's full API (with the federation routes) holding its key for challenges."""
    settings = Settings(
        database_url=config.database_url, country=config.country, host=config.host, port=config.port
    )
    app = create_app(settings, engine or create_db_engine(config.database_url))
    if not any(getattr(r, "path", "").startswith("/federation/") for r in app.routes):
        app.include_router(federation_router.router)
    app.state.node_key = key
    # Credentials are issued with the node key, so the peers that pin it trust them.
    app.state.identity_node = IdentityNode.for_node(
        config.node_id, key.private.as_dict(private=True), config.url
    )
    return app


class NodeWorker(threading.Thread):
    """Delivers pending events to partners and purges expired received data, until stopped.

    Idle passes poll every ``interval`` seconds; after a failure the wait doubles up to
    ``max_backoff`` so that an absent partner is retried without being hammered.
    """

    def __init__(
        self,
        engine: Engine,
        key: NodeKey,
        *,
        interval: float = 0.1,
        max_backoff: float = 2.0,
        purge_every: float = 60.0,
        batch_size: int = 1000,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        super().__init__(name="federation-worker", daemon=True)
        self.engine = engine
        self.key = key
        self.interval = interval
        self.max_backoff = max_backoff
        self.purge_every = purge_every
        self.batch_size = batch_size
        self.clock = clock
        self.stopping = threading.Event()

    def run(self) -> None:
        with httpx.Client(timeout=30.0) as client:
            deliverer = Deliverer(self.engine, self.key, client, batch_size=self.batch_size)
            try:
                self._loop(deliverer)
            finally:
                deliverer.close()

    def _loop(self, deliverer: Deliverer) -> None:
        """Passes until stopped; a pass does not wait for its answers to be written (the
        deliverer keeps their order and the acknowledged point), ``close`` does."""
        wait = self.interval
        since_purge = self.purge_every
        while not self.stopping.is_set():
            try:
                sent = deliverer.deliver_all(wait=False)
                failed = any_errors(deliverer)
            except Exception:  # the worker must outlive any one bad pass
                log.exception("federation worker pass failed")
                sent, failed = 0, True
            since_purge += wait
            if since_purge >= self.purge_every:
                self._purge()
                since_purge = 0.0
            if sent:
                wait = 0.0
            elif failed:
                wait = min(max(wait * 2, self.interval), self.max_backoff)
            else:
                wait = self.interval
            self.stopping.wait(wait)

    def _purge(self) -> None:
        """Forget what retention no longer allows: partners' data past their agreement's
        period, and travelers' verified credential claims past the port's retention."""
        try:
            with self.engine.begin() as connection:
                purge_expired(connection)
                CrossingClaimsRepository(connection).purge(now=self.clock(), actor="node:retention")
        except Exception:
            log.exception("retention purge failed")

    def stop(self) -> None:
        self.stopping.set()


def any_errors(deliverer: Deliverer) -> bool:
    return bool(deliverer.failures)


def run_node(home: Path, *, interval: float = 0.1) -> None:
    """Serve the node in ``home`` on its configured address until interrupted."""
    config, key = load_node(home)
    engine = create_db_engine(config.database_url)
    app = build_node_app(config, key, engine)
    # What start-up built lives as long as the process: keeping it out of the garbage
    # collector's full passes makes each of them cheaper (a receipt allocates a lot).
    gc.freeze()
    worker = NodeWorker(engine, key, interval=interval)
    worker.start()
    try:
        uvicorn.run(app, host=config.host, port=config.port, log_level="warning")
    finally:
        worker.stop()
        worker.join(timeout=5)
        engine.dispose()
