"""What a node has seen so far: per-entity volumes, inspected outcomes and HS value norms.

The history is the only memory the risk features have. It is updated in time order, so a
feature computed for a declaration only ever reflects declarations dated before it: no
label from the future leaks into training. Volumes count every declaration (they are known
when filed); fraud counts come only from declarations with an inspection outcome, which is
the label bias a real node lives with.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from borderflow.targeting.declaration import Declaration

__all__ = ["ENTITY_KEYS", "KEY_SEPARATOR", "History", "entity_key", "log_value_per_kg"]

KEY_SEPARATOR = "|"
#: The entities whose past behaviour is remembered: the declaration fields making each key.
#: Composite keys join fields a declaration always has (never ``seller_id``/``courier_id``).
ENTITY_KEYS: dict[str, tuple[str, ...]] = {
    "importer": ("importer_id",),
    "declarant": ("declarant_id",),
    "seller": ("seller_id",),
    "courier": ("courier_id",),
    "hs6": ("hs6",),
    "origin": ("origin_country",),
    "office": ("office_id",),
    "importer_hs6": ("importer_id", "hs6"),
    "declarant_importer": ("declarant_id", "importer_id"),
    "hs6_origin": ("hs6", "origin_country"),
}


def entity_key(parts: Sequence[str | None]) -> str | None:
    """The key of one entity from its fields' values; ``None`` when a field is empty."""
    if len(parts) == 1:
        return parts[0]
    return KEY_SEPARATOR.join(parts)  # type: ignore[arg-type]


def log_value_per_kg(declaration: Declaration) -> float:
    """``log1p`` of the declared value per kilogram; NaN when no mass is declared."""
    if declaration.net_mass <= 0:
        return math.nan
    return math.log1p(declaration.item_price / declaration.net_mass)


@dataclass(slots=True)
class History:
    """Counts per entity: ``[declared, inspected, fraud]``; HS6 value norms ``[n, sum, sumsq]``."""

    entities: dict[str, dict[str, list[int]]] = field(
        default_factory=lambda: {kind: {} for kind in ENTITY_KEYS}
    )
    hs_values: dict[str, list[float]] = field(default_factory=dict)
    inspected: int = 0
    frauds: int = 0

    @property
    def fraud_rate(self) -> float:
        """Share of inspected declarations found fraudulent (0.2 before any outcome)."""
        return self.frauds / self.inspected if self.inspected else 0.2

    def observe_declarations(self, declarations: Iterable[Declaration]) -> None:
        """Count filed declarations (volumes, first sightings, HS value norms)."""
        for declaration in declarations:
            for kind, fields in ENTITY_KEYS.items():
                key = entity_key([getattr(declaration, f) for f in fields])
                if key is not None:
                    self.entities[kind].setdefault(key, [0, 0, 0])[0] += 1
            value = log_value_per_kg(declaration)
            if not math.isnan(value):
                norm = self.hs_values.setdefault(declaration.hs6, [0.0, 0.0, 0.0])
                norm[0] += 1
                norm[1] += value
                norm[2] += value * value

    def observe_outcomes(self, labelled: Iterable[tuple[Declaration, bool]]) -> None:
        """Record inspection outcomes; only these move the fraud rates."""
        for declaration, fraud in labelled:
            self.inspected += 1
            self.frauds += int(fraud)
            for kind, fields in ENTITY_KEYS.items():
                key = entity_key([getattr(declaration, f) for f in fields])
                if key is not None:
                    counts = self.entities[kind].setdefault(key, [0, 0, 0])
                    counts[1] += 1
                    counts[2] += int(fraud)

    def to_json(self) -> dict[str, Any]:
        return {
            "entities": self.entities,
            "hs_values": self.hs_values,
            "inspected": self.inspected,
            "frauds": self.frauds,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> History:
        entities = {kind: dict(data["entities"].get(kind, {})) for kind in ENTITY_KEYS}
        return cls(
            entities=entities,
            hs_values=dict(data["hs_values"]),
            inspected=int(data["inspected"]),
            frauds=int(data["frauds"]),
        )
