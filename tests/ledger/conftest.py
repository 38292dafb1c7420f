"""Fixtures for ledger tests: a fixed clock, the rules, and a factory of valid crossings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from borderflow.ledger import CrossingInput, CrossingRules
from borderflow.ledger.rows import crossing_from_row
from borderflow.reference import default_catalog

#: "Now" in ledger tests: every time and date below is before it.
NOW = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def rules() -> CrossingRules:
    return CrossingRules(default_catalog(), now=lambda: NOW)


def _crossing_row(**changes: Any) -> dict[str, Any]:
    """A valid flat row: María García López, a Mexican passport holder, driving into the US
    at San Ysidro and admitted as a visitor for six months. ``changes`` override columns."""
    row: dict[str, Any] = {
        "doc_type": "passport",
        "issuing_country": "MX",
        "document_number": "G12345678",
        "surname": "García López",
        "given_names": "María",
        "date_of_birth": "1985-03-02",
        "nationality": "MX",
        "sex": "F",
        "mode": "personal_vehicle",
        "port": "2504",
        "from_country": "MX",
        "to_country": "US",
        "crossed_at": "2025-01-10T09:30:00-08:00",
        "admission_class": "B2",
        "admitted_until": "2025-04-10",
    }
    row.update(changes)
    return row


@pytest.fixture
def crossing_row() -> Callable[..., dict[str, Any]]:
    """Builds a valid flat row with changes (see :func:`_crossing_row`)."""
    return _crossing_row


@pytest.fixture
def make_input() -> Callable[..., CrossingInput]:
    """Builds a :class:`CrossingInput` from a valid row with changes."""

    def build(**changes: Any) -> CrossingInput:
        return crossing_from_row(_crossing_row(**changes))

    return build
