"""A demo node: a fresh SQLite database with users, synthetic crossings through real ports,
port policies and, where the data folder holds them, the UN and OFAC watch lists."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from borderflow.inspection import policy_named
from borderflow.inspection.policy_service import PolicyService
from borderflow.ledger import CrossingRules
from borderflow.ledger.importer import ImportReport, import_file
from borderflow.ledger.rows import COLUMNS
from borderflow.ledger.synthetic import SyntheticTraffic
from borderflow.reference import default_catalog
from borderflow.screening.loaders import LoadedList, load_ofac_sdn, load_un_consolidated
from borderflow.screening.workflow import store_list_version
from borderflow.store import upgrade
from borderflow.users import UserRepository

__all__ = ["DEMO_LISTS", "DEMO_POLICY_PORTS", "DEMO_USERS", "DemoNode", "seed_demo"]

#: name, country, roles of the demo's users: one per role, so each view can be tried.
DEMO_USERS = (
    ("officer", "US", ("officer",)),
    ("supervisor", "US", ("supervisor",)),
    ("targeter", "US", ("targeter",)),
    ("program-admin", "US", ("program_admin",)),
    ("observer-ca", "CA", ("observer",)),
    ("public", "US", ("public",)),
)


#: Ports whose inspection policy the demo's supervisor sets (``cbm``, 2% random checks), so
#: that officers can take decisions there at once.
DEMO_POLICY_PORTS = (
    "San Ysidro",
    "Otay Mesa",
    "El Paso",
    "Laredo",
    "Blaine",
    "Detroit",
    "Buffalo Niagara Falls",
)


#: Watch lists the demo loads from the data folder's ``watchlists/``, when present.
DEMO_LISTS = (
    ("un/un_sc_consolidated_2026-02-27.xml", load_un_consolidated),
    ("ofac_sdn_2023-12-28", load_ofac_sdn),
)


@dataclass(frozen=True, slots=True)
class DemoNode:
    tokens: dict[str, str]
    imported: ImportReport
    #: Each loaded list's source and number of entries (empty without the data folder).
    lists: dict[str, int]


def seed_demo(
    engine: Engine,
    folder: Path,
    *,
    crossings: int = 5000,
    seed: int = 7,
    watchlists: Path | None = None,
) -> DemoNode:
    """Migrate ``engine``, add one user per role, set the policy of a few US ports, load the
    watch lists found under ``watchlists`` and import synthetic crossings."""
    upgrade(engine)
    with engine.begin() as connection:
        users = UserRepository(connection)
        issued = {name: users.add(name, country, roles) for name, country, roles in DEMO_USERS}
        tokens = {name: token.value for name, token in issued.items()}
        supervisor = f"user:{issued['supervisor'].user_id}:supervisor"
        policies = PolicyService(connection, country="US")
        for port in DEMO_POLICY_PORTS:
            policies.set(port, policy_named("cbm", random_check_rate=0.02), set_by=supervisor)
        loaded = _watchlists(watchlists)
        for found in loaded:
            store_list_version(connection, found, actor="demo:seed")
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
    return DemoNode(tokens, report, {found.source: len(found.entries) for found in loaded})


def _watchlists(folder: Path | None) -> list[LoadedList]:
    """The demo lists present under ``folder`` (none when it is None or lacks them)."""
    if folder is None:
        return []
    return [load(folder / name) for name, load in DEMO_LISTS if (folder / name).exists()]
