"""Import declarations as the targeting engine sees them (pure, no I/O).

The fields follow the WCO Data Model in spirit: who declared what, from where, how it
travelled, its mass, value and duty. Labels (``fraud``, ``critical``) are the outcome of
an inspection and are ``None`` for a declaration nobody has inspected yet.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, fields

__all__ = [
    "DECLARATION_FIELDS",
    "LABEL_FIELDS",
    "RANDOM_SELECTION",
    "SELECTED_BY",
    "TARGETED_SELECTIONS",
    "Declaration",
    "Outcome",
]


@dataclass(frozen=True, slots=True)
class Declaration:
    """One import declaration (one line item)."""

    declaration_id: str
    date: dt.date
    office_id: str
    importer_id: str
    declarant_id: str
    hs_code: str
    origin_country: str
    departure_country: str
    transport_mode: str
    net_mass: float
    item_price: float
    tax_rate: float
    tax_type: str
    seller_id: str | None = None
    courier_id: str | None = None
    process_type: str = ""
    import_type: str = ""
    import_use: str = ""
    payment_type: str = ""
    origin_indicator: str = ""
    fraud: bool | None = None
    critical: bool | None = None

    @property
    def hs6(self) -> str:
        """The 6-digit HS subheading, shared by every national tariff nomenclature."""
        return self.hs_code[:6]

    @property
    def value_per_kg(self) -> float:
        """Declared value per kilogram; NaN (so no comparison holds) when no mass is declared."""
        return self.item_price / self.net_mass if self.net_mass > 0 else math.nan

    @property
    def is_labelled(self) -> bool:
        return self.fraud is not None


#: Why a declaration was inspected: chosen by an approved rule or by the model's risk
#: (targeted), drawn at random, or referred at the port for another reason (identity,
#: screening, the officer's judgement). ``None``: not said.
TARGETED_SELECTIONS = frozenset({"rule", "model"})
RANDOM_SELECTION = "random"
SELECTED_BY = TARGETED_SELECTIONS | {RANDOM_SELECTION, "port"}


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an inspection found for one declaration, and why it was inspected.

    ``selected_by`` keeps random checks apart from targeted ones: the random checks
    estimate prevalence, the targeted ones measure precision (see ``SELECTED_BY``).
    """

    declaration_id: str
    fraud: bool
    critical: bool = False
    inspected_on: dt.date | None = None
    note: str = ""
    selected_by: str | None = None


#: Every field of :class:`Declaration`, in order.
DECLARATION_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Declaration))
#: The fields that hold an inspection's result rather than what was declared.
LABEL_FIELDS: tuple[str, ...] = ("fraud", "critical")
