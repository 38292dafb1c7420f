"""Retro-screening reads the node's own ledger (storage test: SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine

from borderflow.ledger import CrossingInput, CrossingRules, LedgerService
from borderflow.reference import default_catalog
from borderflow.screening import diff_entries, retro_screen
from borderflow.screening.ledger_crossings import LedgerCrossings
from borderflow.screening.loaders import load_ofac_sdn

pytestmark = pytest.mark.storage

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


def crossing(
    crossing_id: str, surname: str, given: str, days_ago: int, born: str = "1994-09-07"
) -> CrossingInput:
    """A Guatemalan pedestrian entering the US at San Ysidro ``days_ago`` days before ``NOW``
    (born on the date the 2024 OFAC list gives for Isel Aneli Suniga Morfin)."""
    return CrossingInput.model_validate(
        {
            "id": crossing_id,
            "document": {
                "doc_type": "passport",
                "issuing_country": "GT",
                "number": f"X{crossing_id}",
                "surname": surname,
                "given_names": given,
                "date_of_birth": born,
                "nationality": "GT",
            },
            "mode": "pedestrian",
            "port": "2504",
            "from_country": "MX",
            "to_country": "US",
            "crossed_at": (NOW - dt.timedelta(days=days_ago)).isoformat(),
        }
    )


def test_travelers_in_the_ledger_are_screened_against_added_entries(
    engine: Engine, watchlists: Path, tmp_path: Path
) -> None:
    shutil.copy(watchlists / "ofac_sdn_2023-12-28" / "sdn.csv", tmp_path / "sdn.csv")
    added = diff_entries(
        load_ofac_sdn(tmp_path).entries, load_ofac_sdn(watchlists / "ofac_sdn_2024-05-03").entries
    ).to_screen_again()
    with engine.begin() as connection:
        ledger = LedgerService(connection, rules=CrossingRules(default_catalog(), now=lambda: NOW))
        for item in (
            crossing("1", "Suniga Morfin", "Isel Aneli", 3),
            crossing("2", "Suniga Morfin", "Isel Aneli", 45),
            crossing("3", "Lopez Ortega", "Maria Fernanda", 2),
            crossing("4", "Suniga Morfin", "Isel Aneli", 1, born="1961-02-03"),
        ):
            ledger.record(item, recorded_by="test")
    with engine.connect() as connection:
        hits = retro_screen(LedgerCrossings(connection), added, days=30, now=NOW)
    # crossing 4 gave another date of birth: the exact name keeps it a hit, scored lower
    by_crossing = {h.crossing.crossing_id: h for h in hits}
    assert sorted(by_crossing) == ["1", "4"]
    assert {h.crossing.name for h in hits} == {"Isel Aneli Suniga Morfin"}
    assert by_crossing["1"].match.entry.primary_name == "SUNIGA MORFIN, Isel Aneli"
    assert by_crossing["4"].match.entry.key == by_crossing["1"].match.entry.key
    assert by_crossing["4"].match.score < by_crossing["1"].match.score
    assert any("alert kept" in line for line in by_crossing["4"].match.explain())
