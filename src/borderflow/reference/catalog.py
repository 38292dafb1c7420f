"""The catalog of countries and ports shipped with BorderFlow.

The two CSV files in ``borderflow/reference/data`` are read through
:mod:`importlib.resources` once per process and checked row by row: a malformed row
raises :class:`~borderflow.errors.ConfigurationError` naming the file and the line.
``data/SOURCE.md`` says where the rows come from.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib.resources import files
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from borderflow.errors import ConfigurationError, InvalidInput, NotFound
from borderflow.reference.model import BORDERS, KINDS, Country, Port

__all__ = [
    "COUNTRIES_FILE",
    "PORTS_FILE",
    "Catalog",
    "default_catalog",
    "parse_countries",
    "parse_ports",
]

COUNTRIES_FILE = "countries.csv"
PORTS_FILE = "ports.csv"

COUNTRY_COLUMNS = ("alpha2", "alpha3", "numeric", "name", "is_participant")
PORT_COLUMNS = (
    "code",
    "name",
    "state",
    "border",
    "countries",
    "latitude",
    "longitude",
    "kind",
    "first_month",
    "last_month",
    "timezone",
    "source",
)

_T = TypeVar("_T")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-"})


def _read_csv(
    text: str, source: str, columns: tuple[str, ...], parse: Callable[[dict[str, str]], _T]
) -> list[_T]:
    """Parse every row of ``text``; any problem becomes a ConfigurationError with its line."""
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != columns:
        raise ConfigurationError(
            f"{source} line 1: expected the columns {', '.join(columns)}, "
            f"found {', '.join(reader.fieldnames or ())}"
        )
    items = []
    for row in reader:
        try:
            if None in row or None in row.values():
                raise ValueError(f"expected {len(columns)} fields")  # noqa: TRY301
            items.append(parse(row))
        except ValueError as exc:
            raise ConfigurationError(f"{source} line {reader.line_num}: {exc}") from exc
    return items


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def _country_from_row(row: dict[str, str]) -> Country:
    _require(re.fullmatch(r"[A-Z]{2}", row["alpha2"]) is not None, "alpha2 must be 2 letters")
    _require(re.fullmatch(r"[A-Z]{3}", row["alpha3"]) is not None, "alpha3 must be 3 letters")
    _require(re.fullmatch(r"\d{3}", row["numeric"]) is not None, "numeric must be 3 digits")
    _require(bool(row["name"].strip()), "name is empty")
    _require(row["is_participant"] in {"true", "false"}, "is_participant must be true or false")
    return Country(
        alpha2=row["alpha2"],
        alpha3=row["alpha3"],
        numeric=row["numeric"],
        name=row["name"],
        is_participant=row["is_participant"] == "true",
    )


def _degrees(raw: str, limit: float, label: str) -> float | None:
    if not raw:
        return None
    value = float(raw)
    _require(-limit <= value <= limit, f"{label} {raw} is out of range")
    return value


def _month(raw: str, label: str) -> str | None:
    if not raw:
        return None
    _require(_MONTH.fullmatch(raw) is not None, f"{label} {raw!r} is not YYYY-MM")
    return raw


def _timezone(raw: str) -> str:
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {raw!r}") from exc
    return raw


def _port_from_row(row: dict[str, str]) -> Port:
    _require(re.fullmatch(r"[0-9A-Z]{4,8}", row["code"]) is not None, "code is malformed")
    _require(bool(row["name"].strip()), "name is empty")
    _require(re.fullmatch(r"[A-Z]{2,3}", row["state"]) is not None, "state is malformed")
    _require(row["border"] in BORDERS, f"unknown border {row['border']!r}")
    countries = frozenset(row["countries"].split())
    _require(countries == BORDERS[row["border"]], "countries do not match the border")
    _require(row["kind"] in KINDS, f"unknown kind {row['kind']!r}")
    latitude = _degrees(row["latitude"], 90, "latitude")
    longitude = _degrees(row["longitude"], 180, "longitude")
    _require((latitude is None) == (longitude is None), "latitude and longitude go together")
    first, last = _month(row["first_month"], "first_month"), _month(row["last_month"], "last_month")
    _require((first is None) == (last is None), "first_month and last_month go together")
    _require(first is None or last is None or first <= last, "first_month is after last_month")
    return Port(
        code=row["code"],
        name=row["name"],
        state=row["state"],
        border=row["border"],
        countries=countries,
        latitude=latitude,
        longitude=longitude,
        kind=row["kind"],
        timezone=_timezone(row["timezone"]),
        first_month=first,
        last_month=last,
    )


def parse_countries(text: str, source: str = COUNTRIES_FILE) -> list[Country]:
    """Countries from CSV text in the shipped format; ``source`` names it in errors."""
    return _read_csv(text, source, COUNTRY_COLUMNS, _country_from_row)


def parse_ports(text: str, source: str = PORTS_FILE) -> list[Port]:
    """Ports from CSV text in the shipped format; ``source`` names it in errors."""
    return _read_csv(text, source, PORT_COLUMNS, _port_from_row)


@cache
def _packaged_text(name: str) -> str:
    return files("borderflow.reference").joinpath("data", name).read_text(encoding="utf-8")


@cache
def _packaged_countries() -> tuple[Country, ...]:
    return tuple(parse_countries(_packaged_text(COUNTRIES_FILE)))


@cache
def _packaged_ports() -> tuple[Port, ...]:
    return tuple(parse_ports(_packaged_text(PORTS_FILE)))


def _name_key(name: str) -> str:
    """Port names compared without case, accents, dash variants or repeated spaces."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_DASHES))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())


def _unique_index(items: Iterable[_T], keys: Callable[[_T], Iterable[str]]) -> dict[str, _T]:
    index: dict[str, _T] = {}
    for item in items:
        for key in keys(item):
            if key in index:
                raise ConfigurationError(f"duplicate code {key!r} in the reference data")
            index[key] = item
    return index


class Catalog:
    """Countries and ports, looked up by code or name.

    Without arguments the catalog holds the packaged data; tests may pass their own.
    """

    def __init__(
        self,
        countries: Iterable[Country] | None = None,
        ports: Iterable[Port] | None = None,
    ) -> None:
        country_list = tuple(_packaged_countries() if countries is None else countries)
        port_list = tuple(_packaged_ports() if ports is None else ports)
        self._countries = _unique_index(country_list, lambda c: (c.alpha2, c.alpha3))
        self._ports = _unique_index(port_list, lambda p: (p.code.upper(),))
        self._ports_by_name: dict[str, list[Port]] = {}
        for port in port_list:
            for key in (_name_key(port.name), _name_key(f"{port.name}, {port.state}")):
                self._ports_by_name.setdefault(key, []).append(port)

    def country(self, code: str) -> Country:
        """The country with this ISO 3166-1 alpha-2 or alpha-3 code, in any case."""
        found = self._countries.get(code.strip().upper())
        if found is None:
            raise NotFound(
                f"unknown country {code!r}: expected an ISO 3166-1 code", field="country"
            )
        return found

    def countries(self) -> list[Country]:
        """Every country, by alpha-2 code."""
        return sorted({c.alpha2: c for c in self._countries.values()}.values(), key=_alpha2)

    def port(self, code_or_name: str) -> Port:
        """A port by code (``2504``, ``mxgt01``; BTS's unpadded ``103`` too) or exact name.

        A name shared by two ports (Eastport, ME and Eastport, ID) is refused as ambiguous;
        ``"Eastport, ID"`` picks one.
        """
        wanted = code_or_name.strip()
        code = wanted.zfill(4) if wanted.isdigit() else wanted.upper()
        if code in self._ports:
            return self._ports[code]
        matches = self._ports_by_name.get(_name_key(wanted), [])
        if len(matches) > 1:
            choices = ", ".join(f"{p.code} ({p.name}, {p.state})" for p in matches)
            raise InvalidInput(
                f"port name {code_or_name!r} is ambiguous: {choices}; use the code", field="port"
            )
        if not matches:
            raise NotFound(
                f"unknown port {code_or_name!r}: expected a port code or name", field="port"
            )
        return matches[0]

    def ports(self, border: str | None = None, country: str | None = None) -> list[Port]:
        """Ports by code, optionally only those on ``border`` or touching ``country``."""
        selected: Iterator[Port] = iter(self._ports.values())
        if border is not None:
            wanted_border = border.strip().upper()
            if wanted_border not in BORDERS:
                raise NotFound(
                    f"unknown border {border!r}: expected one of {', '.join(BORDERS)}",
                    field="border",
                )
            selected = (p for p in selected if p.border == wanted_border)
        if country is not None:
            alpha2 = self.country(country).alpha2
            selected = (p for p in selected if alpha2 in p.countries)
        return sorted(selected, key=_code)


def _alpha2(country: Country) -> str:
    return country.alpha2


def _code(port: Port) -> str:
    return port.code


@cache
def default_catalog() -> Catalog:
    """The catalog of the packaged data, built once per process."""
    return Catalog()
