"""Fixtures for the screening tests: the real lists in ``watchlists/`` (loaded once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from borderflow.screening.index import NameIndex
from borderflow.screening.loaders import LoadedList, load_ofac_sdn, load_un_consolidated


@pytest.fixture(scope="session")
def watchlists(data_dir: Path) -> Path:
    return data_dir / "watchlists"


@pytest.fixture(scope="session")
def sdn_2023(watchlists: Path) -> LoadedList:
    """OFAC SDN of 2023-12-28 with aliases: 13,821 entries."""
    return load_ofac_sdn(watchlists / "ofac_sdn_2023-12-28")


@pytest.fixture(scope="session")
def sdn_index(sdn_2023: LoadedList) -> NameIndex:
    return NameIndex(sdn_2023.entries)


@pytest.fixture(scope="session")
def un_list(watchlists: Path) -> LoadedList:
    return load_un_consolidated(watchlists / "un" / "un_sc_consolidated_2026-02-27.xml")
