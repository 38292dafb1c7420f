"""Features come from the past only: no label of the scored day or later leaks in."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import numpy as np
from targeting_helpers import make_declaration

from borderflow.targeting.features import CategoryCodes, expanding_features, feature_names
from borderflow.targeting.history import History

NAMES = feature_names()


def col(name: str) -> int:
    return NAMES.index(name)


def _day(n: int) -> dt.date:
    return dt.date(2021, 1, 1) + dt.timedelta(days=n)


def _series() -> list:
    """One importer's five declarations over five days, the first three found fraudulent."""
    return [make_declaration(f"D{i}", date=_day(i), fraud=i < 3, critical=False) for i in range(5)]


def test_each_row_sees_only_earlier_days() -> None:
    rows = _series()
    matrix, order, _ = expanding_features(rows, CategoryCodes.fit(rows), smoothing=1.0)
    assert list(order) == [0, 1, 2, 3, 4]
    inspected = np.expm1(matrix[:, col("importer_inspected")]).round()
    assert list(inspected) == [0, 1, 2, 3, 4]
    assert list(matrix[:, col("importer_first_seen")]) == [1, 0, 0, 0, 0]
    risk = matrix[:, col("importer_risk")]
    # Day 3 follows three frauds in three inspections: with smoothing 1 towards the global
    # rate (also 1.0 then) the risk is 1.0; day 4 follows a non-fraud.
    assert risk[3] == 1.0
    assert risk[4] < risk[3]


def test_changing_a_label_never_moves_features_of_that_day_or_before() -> None:
    rows = _series()
    flipped = [*rows[:2], dataclasses.replace(rows[2], fraud=False), *rows[3:]]
    same_day = [*rows, make_declaration("D2b", date=_day(2), fraud=True, critical=False)]
    codes = CategoryCodes.fit(rows)
    base, _, _ = expanding_features(rows, codes)
    changed, _, _ = expanding_features(flipped, codes)
    assert np.array_equal(base[:3], changed[:3], equal_nan=True)
    assert not np.array_equal(base[3:], changed[3:], equal_nan=True)
    with_twin, order, _ = expanding_features(same_day, codes)
    twin_row = with_twin[list(order).index(5)]
    assert np.array_equal(twin_row[: col("log_net_mass")], with_twin[2][: col("log_net_mass")])


def test_only_outcomes_move_fraud_rates_while_every_filing_counts_as_volume() -> None:
    history = History()
    filed = [make_declaration(f"D{i}") for i in range(3)]
    history.observe_declarations(filed)
    history.observe_outcomes([(filed[0], True)])
    assert history.entities["importer"]["IMP1"] == [3, 1, 1]
    assert history.fraud_rate == 1.0


def test_value_per_kg_deviation_from_hs_peers() -> None:
    peers = [
        make_declaration(f"P{i}", date=_day(0), item_price=1000.0 * (1 + i % 2)) for i in range(10)
    ]
    cheap = make_declaration("X", date=_day(1), item_price=10.0)
    massless = make_declaration("M", date=_day(1), net_mass=0.0)
    matrix, order, _ = expanding_features([*peers, cheap, massless], CategoryCodes.fit(peers))
    by_id = {[*peers, cheap, massless][i].declaration_id: matrix[k] for k, i in enumerate(order)}
    assert by_id["X"][col("value_per_kg_deviation")] < -3
    assert math.isnan(by_id["M"][col("log_value_per_kg")])
    assert math.isnan(by_id["P0"][col("value_per_kg_deviation")])  # no peers yet on day 0


def test_unseen_categories_become_missing_not_a_wrong_code() -> None:
    codes = CategoryCodes.fit([make_declaration(office_id="40")])
    encoded = codes.encode([make_declaration(office_id="40"), make_declaration(office_id="99")])
    office = list(codes.codes).index("office_id")
    assert encoded[0, office] == 0
    assert math.isnan(encoded[1, office])
