"""Validation of a reported crossing against the rules and the reference data (pure).

Every fault is collected, so that one reply (or one rejected import row) names each field
that is wrong and what was expected, not only the first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from borderflow.errors import InvalidInput, NotFound, Problem
from borderflow.ledger.ids import time_ordered_id
from borderflow.ledger.model import LAND_MODES, Crossing, CrossingInput, Document, Mode
from borderflow.reference import Catalog, Port

__all__ = ["CrossingRules", "derive_crossing_id"]

_OLDEST_TIME = dt.datetime(1950, 1, 1, tzinfo=dt.UTC)
_OLDEST_AGE_YEARS = 130
_DOC_NUMBER = re.compile(r"^[A-Z0-9]{1,20}$")
_IATA = re.compile(r"^[A-Z]{3}$")
_UNLOCODE = re.compile(r"^[A-Z]{2}[A-Z2-9]{3}$")
_NAME = re.compile(r"^[^\d\x00-\x1f@#$%^*_=+<>{}\[\]|\\/]*$")


@lru_cache(maxsize=1 << 16)
def _is_name(value: str) -> bool:
    """Whether ``value`` could be a name; cached, because names repeat in bulk imports."""
    return _NAME.match(value) is not None


def derive_crossing_id(item: CrossingInput) -> str:
    """A deterministic id for a crossing reported without one, so re-imports stay idempotent:
    time-ordered by the crossing's time, the rest a hash of what identifies the crossing."""
    doc = item.document
    text = "|".join(
        [
            doc.issuing_country.upper(),
            doc.doc_type.value,
            doc.number.upper(),
            item.crossed_at.astimezone(dt.UTC).isoformat(),
            item.port.upper(),
            item.from_country.upper(),
            item.to_country.upper(),
        ]
    )
    moment = item.crossed_at if item.crossed_at.tzinfo else item.crossed_at.replace(tzinfo=dt.UTC)
    return time_ordered_id(moment, hashlib.sha256(text.encode()).digest())


@dataclass
class _Collector:
    problems: list[Problem] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))


class CrossingRules:
    """Turns a :class:`CrossingInput` into a validated :class:`Crossing`, or explains why not."""

    def __init__(
        self,
        catalog: Catalog,
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        clock_skew: dt.timedelta = dt.timedelta(minutes=5),
    ) -> None:
        self.catalog = catalog
        self.now = now
        self.clock_skew = clock_skew
        self._alpha2: dict[str, str | None] = {}
        self._ports: dict[str, Port | None] = {}

    def validate(self, item: CrossingInput) -> Crossing:
        """The validated crossing; :class:`InvalidInput` listing every problem otherwise."""
        faults = _Collector()
        now = self.now()
        issuing = self._country(item.document.issuing_country, "document.issuing_country", faults)
        nationality = self._country(item.document.nationality, "document.nationality", faults)
        origin = self._country(item.from_country, "from_country", faults)
        destination = self._country(item.to_country, "to_country", faults)
        if origin and origin == destination:
            faults.add(
                "to_country", f"a crossing leaves one country for another; both are {origin}"
            )
        crossed_at = self._time(item.crossed_at, now, faults)
        port = self._port(item, origin, destination, faults)
        number = item.document.number.replace(" ", "").replace("-", "").upper()
        if not _DOC_NUMBER.match(number):
            faults.add("document.number", "expected 1 to 20 letters and digits")
        self._names(item, faults)
        self._birth(item, crossed_at, now.date(), faults)
        local_day = self._local_day(crossed_at, port)
        self._admission(item, local_day, faults)
        if faults.problems:
            raise InvalidInput.of(faults.problems)
        assert issuing and nationality and origin and destination and crossed_at and local_day
        document = Document(
            doc_type=item.document.doc_type,
            issuing_country=issuing,
            number=number,
            surname=" ".join(item.document.surname.split()),
            given_names=" ".join(item.document.given_names.split()),
            date_of_birth=item.document.date_of_birth,
            nationality=nationality,
            sex=item.document.sex,
        )
        return Crossing(
            id=item.id or derive_crossing_id(item),
            document=document,
            mode=item.mode,
            port=port.code if port else item.port.upper(),
            from_country=origin,
            to_country=destination,
            crossed_at=crossed_at,
            local_day=local_day,
            admission_class=item.admission_class.upper() if item.admission_class else None,
            admitted_until=item.admitted_until,
        )

    def _country(self, code: str, where: str, faults: _Collector) -> str | None:
        if code not in self._alpha2:
            try:
                self._alpha2[code] = self.catalog.country(code).alpha2
            except NotFound:
                self._alpha2[code] = None
        alpha2 = self._alpha2[code]
        if alpha2 is None:
            faults.add(where, f"unknown country {code!r}: expected an ISO 3166-1 code such as US")
        return alpha2

    def _lookup_port(self, code: str) -> Port | None:
        if code not in self._ports:
            try:
                self._ports[code] = self.catalog.port(code)
            except NotFound:
                self._ports[code] = None
        return self._ports[code]

    def _time(self, value: dt.datetime, now: dt.datetime, faults: _Collector) -> dt.datetime | None:
        if value.tzinfo is None or value.utcoffset() is None:
            faults.add("crossed_at", "the time needs a UTC offset, e.g. 2024-05-01T14:03:00-07:00")
            return None
        utc = value.astimezone(dt.UTC)
        if utc > now + self.clock_skew:
            faults.add("crossed_at", f"{value.isoformat()} lies in the future")
        elif utc < _OLDEST_TIME:
            faults.add("crossed_at", f"{value.isoformat()} is before {_OLDEST_TIME.year}")
        return utc

    def _port(
        self, item: CrossingInput, origin: str | None, destination: str | None, faults: _Collector
    ) -> Port | None:
        code = item.port.strip().upper()
        port = self._lookup_port(item.port)
        if item.mode in LAND_MODES:
            if port is not None and port.kind != "land":
                faults.add(
                    "port",
                    f"{port.name} ({port.code}) is a {port.kind} port; mode "
                    f"{item.mode.value} needs a land port",
                )
            elif port is None:
                faults.add(
                    "port",
                    f"unknown land port {item.port!r}: expected a port code "
                    "or name from `borderflow ports list`",
                )
            elif origin and destination and not port.connects(origin, destination):
                faults.add(
                    "port",
                    f"{port.name} ({port.code}) is on the {port.border} border, "
                    f"not between {origin} and {destination}",
                )
            return port
        if port is not None:
            if port.kind == item.mode.value:
                return port
            faults.add(
                "port",
                f"{port.name} ({port.code}) is a {port.kind} port; mode "
                f"{item.mode.value} needs an airport (IATA) or seaport (UN/LOCODE) code",
            )
        elif item.mode is Mode.AIR and not _IATA.match(code):
            faults.add("port", f"expected a 3-letter IATA airport code, found {item.port!r}")
        elif item.mode is Mode.SEA and not (
            _UNLOCODE.match(code) and code[:2] in {origin, destination}
        ):
            faults.add(
                "port",
                "expected a UN/LOCODE seaport code of the country left or entered, "
                f"found {item.port!r}",
            )
        return None

    @staticmethod
    def _names(item: CrossingInput, faults: _Collector) -> None:
        doc = item.document
        if not doc.surname and not doc.given_names:
            faults.add("document.surname", "a name is needed (surname, given names or both)")
        for where, value in (
            ("document.surname", doc.surname),
            ("document.given_names", doc.given_names),
        ):
            if not _is_name(value):
                faults.add(where, "a name holds letters, spaces, hyphens and apostrophes only")

    @staticmethod
    def _birth(
        item: CrossingInput, crossed_at: dt.datetime | None, today: dt.date, faults: _Collector
    ) -> None:
        born = item.document.date_of_birth
        if born > today:
            faults.add("document.date_of_birth", f"{born.isoformat()} lies in the future")
        elif crossed_at and born > crossed_at.date():
            faults.add("document.date_of_birth", "the traveler was born after the crossing")
        elif born.year < today.year - _OLDEST_AGE_YEARS:
            faults.add(
                "document.date_of_birth",
                f"{born.isoformat()} is more than {_OLDEST_AGE_YEARS} years ago",
            )

    @staticmethod
    def _local_day(crossed_at: dt.datetime | None, port: Port | None) -> dt.date | None:
        if crossed_at is None:
            return None
        return crossed_at.astimezone(port.zone).date() if port else crossed_at.date()

    @staticmethod
    def _admission(item: CrossingInput, local_day: dt.date | None, faults: _Collector) -> None:
        until = item.admitted_until
        if until is not None and local_day is not None and until < local_day:
            faults.add(
                "admitted_until",
                f"{until.isoformat()} is before the entry on {local_day.isoformat()}",
            )
