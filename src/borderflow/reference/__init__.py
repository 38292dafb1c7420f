"""Countries and ports of entry, built from public data (see ``data/SOURCE.md``).

>>> from borderflow.reference import default_catalog
>>> default_catalog().port("San Ysidro").code
'2504'
"""

from __future__ import annotations

from borderflow.reference.catalog import Catalog, default_catalog, parse_countries, parse_ports
from borderflow.reference.model import BORDERS, KINDS, Country, Port

__all__ = [
    "BORDERS",
    "KINDS",
    "Catalog",
    "Country",
    "Port",
    "default_catalog",
    "parse_countries",
    "parse_ports",
]
