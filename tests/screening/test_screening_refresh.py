"""List refresh on the real OFAC 2023 -> 2024 update, the atomic swap, retro-screening."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from pathlib import Path

import pytest

from borderflow.errors import InvalidInput
from borderflow.screening import (
    BirthDate,
    CrossingsInMemory,
    RecentCrossing,
    ScreeningService,
    diff_entries,
    retro_screen,
)
from borderflow.screening.loaders import LoadedList, load_ofac_sdn

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def refresh_pair(
    watchlists: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[LoadedList, LoadedList]:
    """Both versions from ``sdn.csv`` alone: the 2024 scrape has no alias/address files,
    so comparing it with the 2023 list *with* aliases would report every alias as a change."""
    folder = tmp_path_factory.mktemp("sdn2023")
    shutil.copy(watchlists / "ofac_sdn_2023-12-28" / "sdn.csv", folder / "sdn.csv")
    return load_ofac_sdn(folder), load_ofac_sdn(watchlists / "ofac_sdn_2024-05-03")


def test_diff_of_the_real_ofac_update(refresh_pair: tuple[LoadedList, LoadedList]) -> None:
    old, new = refresh_pair
    diff = diff_entries(old.entries, new.entries)
    # SOURCE.md: 1,256 added, 112 removed, 48 changed in name, program or remarks.
    assert diff.summary() == {"added": 1256, "removed": 112, "changed": 48}
    assert all(a.fingerprint() != b.fingerprint() for a, b in diff.changed)


def test_swap_is_atomic_while_screening_continues(
    refresh_pair: tuple[LoadedList, LoadedList],
) -> None:
    old, new = refresh_pair
    service = ScreeningService({"us_ofac_sdn": old.entries})
    added = next(
        e
        for e in diff_entries(old.entries, new.entries).added
        if e.primary_name == "SUNIGA MORFIN, Isel Aneli"
    )
    seen: list[int] = []
    stop = threading.Event()

    def screen_repeatedly() -> None:
        while not stop.is_set():
            screener = service.screener  # one consistent index per screening
            seen.append(len(screener.index.entries))
            screener.screen("Isel Aneli SUNIGA MORFIN")

    worker = threading.Thread(target=screen_repeatedly)
    worker.start()
    diff = service.replace_list("us_ofac_sdn", new.entries)
    stop.set()
    worker.join()
    assert set(seen) <= {len(old.entries), len(new.entries)}
    assert len(diff.added) == 1256
    assert service.sources == {"us_ofac_sdn": len(new.entries)}
    assert service.screener.screen("Isel Aneli SUNIGA MORFIN")[0].entry.key == added.key


def test_retro_screening_finds_recent_travelers_on_added_entries(
    refresh_pair: tuple[LoadedList, LoadedList],
) -> None:
    old, new = refresh_pair
    added = diff_entries(old.entries, new.entries).to_screen_again()
    crossings = CrossingsInMemory(
        [
            RecentCrossing("c1", NOW - dt.timedelta(days=3), "Isel Aneli Suniga Morfin"),
            RecentCrossing("c2", NOW - dt.timedelta(days=40), "Isel Aneli Suniga Morfin"),
            RecentCrossing(
                "c3", NOW - dt.timedelta(days=1), "Nicolas Maduro Moros", BirthDate(1962, 11, 23)
            ),  # listed long before: not retro-screened
            RecentCrossing("c4", NOW - dt.timedelta(days=2), "Maria Fernanda Lopez Ortega"),
        ]
    )
    hits = retro_screen(crossings, added, days=30, now=NOW)
    assert [(h.crossing.crossing_id, h.match.entry.primary_name) for h in hits] == [
        ("c1", "SUNIGA MORFIN, Isel Aneli")
    ]
    with pytest.raises(InvalidInput):
        retro_screen(crossings, added, days=0, now=NOW)
