"""Countries and ports of entry as plain values.

A :class:`Port` is a port of entry as CBP counts it: one code that may cover several
crossings (Detroit is the Ambassador Bridge and the tunnel). Mexico-Guatemala ports carry
BorderFlow's own ``MXGT..`` codes. Nothing here reads files or talks to a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

__all__ = ["BORDERS", "KINDS", "Country", "Port"]

#: Each border and the two countries it separates (ISO 3166-1 alpha-2).
BORDERS: dict[str, frozenset[str]] = {
    "US-CA": frozenset({"US", "CA"}),
    "US-MX": frozenset({"US", "MX"}),
    "MX-GT": frozenset({"MX", "GT"}),
}

#: ``land``: a border crossing (bridges, roads, and the ferries BTS counts with them);
#: ``sea``: a coastal CBP port that the BTS land-border data lists only by a stray record.
KINDS = frozenset({"land", "sea"})


@dataclass(frozen=True, slots=True)
class Country:
    """A country or territory of ISO 3166-1."""

    alpha2: str
    alpha3: str
    numeric: str
    name: str
    is_participant: bool = False

    def __str__(self) -> str:
        return f"{self.name} ({self.alpha2})"


@dataclass(frozen=True, slots=True)
class Port:
    """A port of entry on one border.

    ``first_month`` and ``last_month`` (``YYYY-MM``) bound the months with BTS counts;
    both are ``None`` for ports without published counts. ``timezone`` is an IANA name.
    """

    code: str
    name: str
    state: str
    border: str
    countries: frozenset[str]
    latitude: float | None
    longitude: float | None
    kind: str
    timezone: str
    first_month: str | None = None
    last_month: str | None = None

    def connects(self, a: str, b: str) -> bool:
        """Whether this port joins countries ``a`` and ``b`` (alpha-2, either order)."""
        return {a.upper(), b.upper()} == self.countries

    @property
    def zone(self) -> ZoneInfo:
        """The port's local time zone, for turning crossing times into local hours."""
        return _zone(self.timezone)

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def __str__(self) -> str:
        return f"{self.name} ({self.code}, {self.border})"


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    """A time zone by IANA name; cached, because bulk imports ask for one per crossing."""
    return ZoneInfo(name)
