"""A demo node: a fresh SQLite database with users and synthetic crossings through real ports."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from borderflow.ledger import CrossingRules
from borderflow.ledger.importer import ImportReport, import_file
from borderflow.ledger.rows import COLUMNS
from borderflow.ledger.synthetic import SyntheticTraffic
from borderflow.reference import default_catalog
from borderflow.store import upgrade
from borderflow.users import UserRepository

__all__ = ["DEMO_USERS", "DemoNode", "seed_demo"]

#: name, country, roles of the demo's users: one per role, so each view can be tried.
DEMO_USERS = (
    ("officer", "US", ("officer",)),
    ("supervisor", "US", ("supervisor",)),
    ("targeter", "US", ("targeter",)),
    ("program-admin", "US", ("program_admin",)),
    ("observer-ca", "CA", ("observer",)),
    ("public", "US", ("public",)),
)


@dataclass(frozen=True, slots=True)
class DemoNode:
    tokens: dict[str, str]
    imported: ImportReport


def seed_demo(engine: Engine, folder: Path, *, crossings: int = 5000, seed: int = 7) -> DemoNode:
    """Migrate ``engine``, add one user per role and import synthetic crossings."""
    upgrade(engine)
    tokens = {}
    with engine.begin() as connection:
        users = UserRepository(connection)
        for name, country, roles in DEMO_USERS:
            tokens[name] = users.add(name, country, roles).value
    end = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    traffic = SyntheticTraffic(
        default_catalog(), seed=seed, start=end - dt.timedelta(days=540), end=end
    )
    path = folder / "demo-crossings.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(traffic.rows(crossings))
    report = import_file(
        engine, path, recorded_by="demo:seed", rules=CrossingRules(default_catalog())
    )
    return DemoNode(tokens, report)
