"""A node's home directory: its config file, its private key file and (by default) its database.

``borderflow init --home DIR`` creates::

    DIR/node.toml   name, country, node id, public key, database URL, address (no secret)
    DIR/node.key    the Ed25519 private key, PKCS#8 PEM, mode 0600
    DIR/node.db     the SQLite database (unless --database-url names another)
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

from borderflow.audit import AuditLog
from borderflow.errors import ConfigurationError, InvalidInput
from borderflow.federation.keys import NodeKey
from borderflow.federation.repository import NodeIdentity, NodeRepository
from borderflow.reference import default_catalog
from borderflow.store import create_db_engine, upgrade

__all__ = ["CONFIG_FILE", "KEY_FILE", "NodeConfig", "init_node", "load_node"]

CONFIG_FILE = "node.toml"
KEY_FILE = "node.key"


@dataclass(frozen=True, slots=True)
class NodeConfig:
    name: str
    country: str
    node_id: str
    public_key: str
    database_url: str
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def identity(self) -> NodeIdentity:
        return NodeIdentity(self.node_id, self.name, self.country, self.public_key)

    def to_toml(self) -> str:
        # JSON strings and integers are valid TOML values.
        lines = [f"{key} = {json.dumps(value)}" for key, value in asdict(self).items()]
        return (
            "# BorderFlow node (no secret here: the key is in node.key)\n" + "\n".join(lines) + "\n"
        )


def init_node(
    home: Path,
    *,
    country: str,
    name: str,
    database_url: str | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
) -> NodeConfig:
    """Create a node in ``home``: key file, config, migrated database and its identity."""
    if not name.strip():
        raise InvalidInput("a node needs a name", field="name")
    code = default_catalog().country(country).alpha2
    home.mkdir(parents=True, exist_ok=True)
    if (home / CONFIG_FILE).exists() or (home / KEY_FILE).exists():
        raise ConfigurationError(f"{home} holds a node already", field="home")
    key = NodeKey.generate()
    key.save(home / KEY_FILE)
    url = database_url or f"sqlite:///{(home / 'node.db').resolve()}"
    config = NodeConfig(name.strip(), code, key.node_id, key.public_key, url, host, port)
    engine = create_db_engine(url)
    try:
        upgrade(engine)
        with engine.begin() as connection:
            NodeRepository(connection).create(config.identity)
            AuditLog(connection).append(
                action="federation.node_created",
                actor="cli:init",
                subject=f"node:{config.node_id}",
                details={"name": config.name, "country": code},
            )
    finally:
        engine.dispose()
    (home / CONFIG_FILE).write_text(config.to_toml(), encoding="utf-8")
    return config


def load_node(home: Path) -> tuple[NodeConfig, NodeKey]:
    """The node in ``home``; its key must match the public key in its config."""
    path = home / CONFIG_FILE
    if not path.is_file():
        raise ConfigurationError(
            f"no node in {home}: run 'borderflow init --home {home}'", field="home"
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        config = NodeConfig(**data)
    except (tomllib.TOMLDecodeError, TypeError) as exc:
        raise ConfigurationError(f"{path} is not a node config: {exc}", field="home") from exc
    key = NodeKey.load(home / KEY_FILE)
    if key.public_key != config.public_key:
        raise ConfigurationError(
            f"{home / KEY_FILE} does not match the public key in {path}", field="key_file"
        )
    return config, key
