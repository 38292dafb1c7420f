"""Helpers shared by the targeting tests."""

from __future__ import annotations

import datetime as dt

from borderflow.targeting import Declaration

__all__ = ["make_declaration"]


def make_declaration(declaration_id: str = "D1", **changes: object) -> Declaration:
    """A plausible declaration; tests change only the fields they are about."""
    values: dict[str, object] = {
        "declaration_id": declaration_id,
        "date": dt.date(2021, 4, 1),
        "office_id": "40",
        "importer_id": "IMP1",
        "declarant_id": "DEC1",
        "hs_code": "690722",
        "origin_country": "CN",
        "departure_country": "CN",
        "transport_mode": "10",
        "net_mass": 100.0,
        "item_price": 5000.0,
        "tax_rate": 8.0,
        "tax_type": "A",
    }
    values.update(changes)
    return Declaration(**values)  # type: ignore[arg-type]
