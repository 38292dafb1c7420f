"""Country names as lists publish them, resolved to ISO 3166-1 alpha-2 codes."""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

__all__ = ["country_code"]

#: Names the lists use that ISO's names and pycountry's fuzzy-free lookup miss.
_ALIASES = {
    "russia": "RU",
    "russian federation": "RU",
    "korea, north": "KP",
    "north korea": "KP",
    "democratic people's republic of korea": "KP",
    "korea, south": "KR",
    "south korea": "KR",
    "republic of korea": "KR",
    "democratic republic of the congo": "CD",
    "congo, democratic republic of the": "CD",
    "iran (islamic republic of)": "IR",
    "burma": "MM",
    "palestinian": "PS",
    "palestinian territories": "PS",
    "west bank": "PS",
    "gaza": "PS",
    "syrian arab republic": "SY",
    "united states": "US",
    "united kingdom of great britain and northern ireland": "GB",
    "united kingdom": "GB",
    "turkey": "TR",
    "laos": "LA",
    "vietnam": "VN",
    "viet nam": "VN",
    "bolivia (plurinational state of)": "BO",
    "venezuela (bolivarian republic of)": "VE",
    "libyan arab jamahiriya": "LY",
    "the former yugoslav republic of macedonia": "MK",
    "kosovo": "XK",
}
_PARENTHESES = re.compile(r"\s*\([^)]*\)\s*")


@lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    """The alpha-2 code of a country name or code, or None when it cannot be resolved."""
    key = " ".join(name.replace("\xa0", " ").split()).lower()
    if not key:
        return None
    if key in _ALIASES:
        return _ALIASES[key]
    for candidate in (key, _PARENTHESES.sub(" ", key).strip()):
        try:
            found = pycountry.countries.lookup(candidate)
        except LookupError:
            continue
        return str(found.alpha_2)
    return None
