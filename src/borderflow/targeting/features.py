"""Risk features of declarations, computed from the past only.

:func:`feature_matrix` turns declarations into numbers given a :class:`History` (what was
known when they were filed). :func:`expanding_features` walks a labelled set in date order,
one day at a time: each day's rows see only the history of earlier days, then the day is
added to it. That is how training rows get their features, so the model learns from
features built exactly as they will be at scoring time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import count, groupby, repeat
from operator import attrgetter, is_not, ne
from typing import Any

import numpy as np
import numpy.typing as npt

from borderflow.targeting.declaration import Declaration
from borderflow.targeting.history import ENTITY_KEYS, KEY_SEPARATOR, History

__all__ = [
    "CATEGORICAL_FIELDS",
    "CategoryCodes",
    "FeatureMatrix",
    "expanding_features",
    "feature_matrix",
    "feature_names",
]

FeatureMatrix = npt.NDArray[np.float64]

#: Declaration attributes used as categories (a code per value seen in training).
CATEGORICAL_FIELDS: tuple[str, ...] = (
    "office_id",
    "process_type",
    "import_type",
    "import_use",
    "payment_type",
    "transport_mode",
    "tax_type",
    "origin_indicator",
    "origin_country",
    "departure_country",
    "hs2",
)
_FIRST_SEEN = ("importer", "declarant", "seller", "hs6")
_NUMERIC = (
    "log_net_mass",
    "log_item_price",
    "log_value_per_kg",
    "value_per_kg_deviation",
    "tax_rate",
    "log_duty_proxy",
    "origin_differs",
    "has_courier",
    "has_seller",
)


def feature_names() -> list[str]:
    """Column names of the feature matrix, in order."""
    names = [f"{kind}_{stat}" for kind in ENTITY_KEYS for stat in ("risk", "inspected", "seen")]
    names += [f"{kind}_first_seen" for kind in _FIRST_SEEN]
    return names + list(_NUMERIC) + list(CATEGORICAL_FIELDS)


class _Columns:
    """The fields of a batch of declarations as lists, read once (columnar is fast)."""

    def __init__(self, declarations: Sequence[Declaration]) -> None:
        self.count = len(declarations)
        self._rows = declarations
        self._cache: dict[str, list[Any]] = {}

    def __getitem__(self, name: str) -> list[Any]:
        found = self._cache.get(name)
        if found is None:
            if name == "hs6":
                found = [code[:6] for code in self["hs_code"]]
            elif name == "hs2":
                found = [code[:2] for code in self["hs_code"]]
            else:
                found = list(map(attrgetter(name), self._rows))
            self._cache[name] = found
        return found

    def keys(self, kind: str) -> list[str | None]:
        """Each row's key for ``kind`` (composite keys join required fields with ``|``)."""
        fields = ENTITY_KEYS[kind]
        if len(fields) == 1:
            return self[fields[0]]
        return list(map(KEY_SEPARATOR.join, zip(*(self[f] for f in fields), strict=True)))


@dataclass(frozen=True, slots=True)
class _Factors:
    """Distinct keys of a column and, per row, the row where its key first appears.

    Built in C (``map`` over ``dict.setdefault``), which keeps scoring fast: values are
    computed once per distinct key and spread back to the rows with :meth:`spread`.
    """

    distinct: list[str | None]
    first_rows: npt.NDArray[np.intp]
    rows: npt.NDArray[np.intp]

    @classmethod
    def of(cls, keys: list[str | None]) -> _Factors:
        first: dict[str | None, int] = {}
        rows = np.array(list(map(first.setdefault, keys, count())), dtype=np.intp)
        return cls(list(first), np.array(list(first.values()), dtype=np.intp), rows)

    def spread(self, per_key: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        placed = np.empty((len(self.rows), *per_key.shape[1:]), dtype=np.float64)
        placed[self.first_rows] = per_key
        return placed[self.rows]


@dataclass(slots=True)
class CategoryCodes:
    """The code of each categorical value seen in training; unseen values become NaN."""

    codes: dict[str, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def fit(cls, declarations: Sequence[Declaration]) -> CategoryCodes:
        columns = _Columns(declarations)
        codes = {}
        for name in CATEGORICAL_FIELDS:
            values = sorted(set(columns[name]))
            codes[name] = {value: index for index, value in enumerate(values)}
        return cls(codes)

    def encode(self, declarations: Sequence[Declaration]) -> FeatureMatrix:
        return self._encode(_Columns(declarations))

    def _encode(self, columns: _Columns) -> FeatureMatrix:
        block = np.empty((columns.count, len(CATEGORICAL_FIELDS)), dtype=np.float64)
        for position, name in enumerate(CATEGORICAL_FIELDS):
            get = self.codes[name].get
            block[:, position] = list(map(get, columns[name], repeat(math.nan)))
        return block

    def to_json(self) -> dict[str, Any]:
        return {"codes": self.codes}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CategoryCodes:
        return cls({name: dict(data["codes"][name]) for name in CATEGORICAL_FIELDS})


def feature_matrix(
    declarations: Sequence[Declaration],
    history: History,
    categories: CategoryCodes,
    *,
    smoothing: float = 10.0,
) -> FeatureMatrix:
    """Features of ``declarations`` as seen by ``history`` (which is not changed)."""
    if not declarations:
        return np.empty((0, len(feature_names())), dtype=np.float64)
    columns = _Columns(declarations)
    prior = history.fraud_rate
    blocks: list[FeatureMatrix] = []
    first_seen: list[npt.NDArray[np.float64]] = []
    for kind in ENTITY_KEYS:
        stats, unseen = _entity_block(columns.keys(kind), history.entities[kind], prior, smoothing)
        blocks.append(stats)
        if kind in _FIRST_SEEN:
            first_seen.append(unseen)
    blocks.append(np.column_stack(first_seen))
    blocks.append(_numeric_block(columns, history))
    blocks.append(categories._encode(columns))
    return np.hstack(blocks)


_NO_COUNTS = (0, 0, 0)
_NO_NORM = (0.0, 0.0, 0.0)


def _entity_block(
    keys: list[str | None], table: dict[str, list[int]], prior: float, m: float
) -> tuple[FeatureMatrix, npt.NDArray[np.float64]]:
    """Smoothed fraud rate, inspected and declared counts of one entity kind; first sightings."""
    factors = _Factors.of(keys)
    counts = np.array(
        [table.get(k, _NO_COUNTS) if k is not None else _NO_COUNTS for k in factors.distinct],
        dtype=np.float64,
    ).reshape(-1, 3)
    unseen = [k is not None and k not in table for k in factors.distinct]
    risk = (counts[:, 2] + m * prior) / (counts[:, 1] + m)
    stats = np.column_stack(
        [risk, np.log1p(counts[:, 1]), np.log1p(counts[:, 0]), np.array(unseen, dtype=np.float64)]
    )
    spread = factors.spread(stats)
    return spread[:, :3], spread[:, 3]


def _numeric_block(columns: _Columns, history: History) -> FeatureMatrix:
    mass = np.array(columns["net_mass"], dtype=np.float64)
    price = np.array(columns["item_price"], dtype=np.float64)
    rate = np.array(columns["tax_rate"], dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(mass > 0, np.log1p(price / mass), np.nan)
    return np.column_stack(
        [
            np.log1p(mass),
            np.log1p(price),
            value,
            _deviation(value, columns["hs6"], history.hs_values),
            rate,
            np.log1p(price * rate / 100.0),
            _differ(columns["origin_country"], columns["departure_country"]),
            _present(columns["courier_id"]),
            _present(columns["seller_id"]),
        ]
    )


def _deviation(
    value: npt.NDArray[np.float64], hs6: list[str], norms: dict[str, list[float]]
) -> npt.NDArray[np.float64]:
    """How many standard deviations each value per kg lies from its HS6 peers' mean."""
    factors = _Factors.of(list(hs6))
    stats = np.array(
        [norms.get(k, _NO_NORM) if k is not None else _NO_NORM for k in factors.distinct],
        dtype=np.float64,
    ).reshape(-1, 3)
    n = stats[:, 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = stats[:, 1] / n
        spread = np.sqrt(np.maximum(stats[:, 2] / n - mean * mean, 0.0)) + 0.05
    mean = np.where(n >= 2, mean, np.nan)
    norm = factors.spread(np.column_stack([mean, spread]))
    return (value - norm[:, 0]) / norm[:, 1]


def _differ(left: list[str], right: list[str]) -> npt.NDArray[np.float64]:
    return np.array(list(map(ne, left, right)), dtype=np.float64)


def _present(values: list[str | None]) -> npt.NDArray[np.float64]:
    return np.array(list(map(is_not, values, repeat(None))), dtype=np.float64)


def expanding_features(
    declarations: Sequence[Declaration],
    categories: CategoryCodes,
    *,
    history: History | None = None,
    smoothing: float = 10.0,
) -> tuple[FeatureMatrix, npt.NDArray[np.int64], History]:
    """Features of labelled-or-not declarations in date order, each day seeing earlier days.

    Returns the matrix, the position in ``declarations`` of each of its rows (date order)
    and the history after the last day. Only labelled declarations move fraud rates.
    """
    history = history or History()
    order = sorted(range(len(declarations)), key=lambda i: declarations[i].date)
    blocks: list[FeatureMatrix] = []
    for _day, positions in groupby(order, key=lambda i: declarations[i].date):
        day = [declarations[i] for i in positions]
        blocks.append(feature_matrix(day, history, categories, smoothing=smoothing))
        history.observe_declarations(day)
        history.observe_outcomes((d, bool(d.fraud)) for d in day if d.fraud is not None)
    matrix = np.vstack(blocks) if blocks else feature_matrix([], history, categories)
    return matrix, np.array(order, dtype=np.int64), history
