"""Synthetic but plausible crossings through the real ports, for the demo, tests and benchmarks.

Travelers live in CA, US, MX or GT (and a few elsewhere), make round trips to a
neighbouring country through real land ports of the shared border, and are admitted
under a class with an admitted-until date when they are foreigners. A small share stays
past its admission, never comes back, or has a crossing missing from the record, so that
overstays and anomalies exist to be found. Everything is drawn from one seeded
:class:`random.Random`: the same seed gives the same rows.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass

from borderflow.ledger.ids import time_ordered_id
from borderflow.ledger.model import DocumentType, Mode
from borderflow.reference import Catalog, Port

__all__ = ["SyntheticTraffic"]

_NEIGHBOURS = {"US": ("CA", "MX"), "CA": ("US",), "MX": ("US", "GT"), "GT": ("MX",)}
_BORDER_OF = {
    frozenset({"US", "CA"}): "US-CA",
    frozenset({"US", "MX"}): "US-MX",
    frozenset({"MX", "GT"}): "MX-GT",
}
#: Class and length of the admission a foreigner gets on entry into each country.
_ADMISSION = {"US": ("B2", 180), "CA": ("VISITOR", 180), "MX": ("FMM", 180), "GT": ("CA4", 90)}
_SURNAMES = (
    "García",
    "Martínez",
    "López",
    "Hernández",
    "González",
    "Smith",
    "Johnson",
    "Tremblay",
    "Gagnon",
    "Roy",
    "Williams",
    "Brown",
    "Pérez",
    "Rodríguez",
    "Morales",
    "Lee",
    "Wilson",
    "Côté",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Flores",
    "Bouchard",
    "Li",
)
_GIVEN = (
    "María",
    "José",
    "Juan",
    "Ana",
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "Jean",
    "Sophie",
    "Luis",
    "Carmen",
    "Michael",
    "Linda",
    "Élodie",
    "Guadalupe",
    "David",
    "Emily",
    "Noah",
    "Olivia",
    "Francisco",
    "Lucía",
    "Chloé",
    "Wei",
)
_MODES = (Mode.PERSONAL_VEHICLE,) * 6 + (Mode.PEDESTRIAN,) * 2 + (Mode.BUS, Mode.TRUCK)


@dataclass
class _Traveler:
    home: str
    surname: str
    given_names: str
    born: dt.date
    number: str
    doc_type: DocumentType
    sex: str
    at: dt.datetime


class SyntheticTraffic:
    """Generates flat crossing rows (the import format) for ``travelers`` people."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        seed: int = 0,
        start: dt.datetime = dt.datetime(2023, 1, 1, tzinfo=dt.UTC),
        end: dt.datetime = dt.datetime(2024, 12, 31, tzinfo=dt.UTC),
        overstay_share: float = 0.03,
        missing_share: float = 0.01,
    ) -> None:
        self.rng = random.Random(seed)
        self.start, self.end = start, end
        self.overstay_share = overstay_share
        self.made = 0
        self.missing_share = missing_share
        self.ports = {
            border: [
                p
                for p in catalog.ports(border=border)
                if p.kind == "land" and (p.last_month or "9999-12") >= "2022-01"
            ]
            for border in set(_BORDER_OF.values())
        }

    def rows(self, count: int, *, trips_per_traveler: int = 4) -> Iterator[dict[str, str]]:
        """``count`` crossing rows (fewer only if the period runs out for every traveler)."""
        made = 0
        while made < count:
            for row in self._journey(self._traveler(), trips_per_traveler):
                yield row
                made += 1
                if made == count:
                    return

    def _traveler(self) -> _Traveler:
        rng = self.rng
        home = rng.choices(("US", "CA", "MX", "GT"), weights=(40, 20, 35, 5))[0]
        born = dt.date(rng.randint(1940, 2010), rng.randint(1, 12), rng.randint(1, 28))
        doc_type = DocumentType.PASSPORT if rng.random() < 0.7 else DocumentType.PASSPORT_CARD
        at = self.start + dt.timedelta(seconds=rng.randint(0, 180 * 86400))
        given = rng.choice(_GIVEN) + (f" {rng.choice(_GIVEN)}" if rng.random() < 0.4 else "")
        surname = rng.choice(_SURNAMES) + (
            f" {rng.choice(_SURNAMES)}" if home in {"MX", "GT"} else ""
        )
        sex = rng.choice("FM")
        return _Traveler(home, surname, given, born, self._number(), doc_type, sex, at)

    def _next_id(self) -> str:
        """A UUIDv7 as a producing node would make it: its clock ticks on with each event."""
        self.made += 1
        moment = self.start + dt.timedelta(milliseconds=self.made)
        return time_ordered_id(moment, self.rng.randbytes(10))

    def _number(self) -> str:
        return self.rng.choice(string.ascii_uppercase) + "".join(
            self.rng.choices(string.digits, k=8)
        )

    def _journey(self, person: _Traveler, trips: int) -> Iterator[dict[str, str]]:
        rng = self.rng
        for _ in range(rng.randint(1, trips)):
            abroad = rng.choice(_NEIGHBOURS[person.home])
            stay_days = rng.choice((0, 0, 1, 2, 3, 7, 14, 30, 60))
            out_at = person.at
            back_at = out_at + dt.timedelta(days=stay_days, hours=rng.randint(1, 12))
            if back_at > self.end:
                return
            yield self._row(person, person.home, abroad, out_at)
            if rng.random() < self.overstay_share:
                return
            if rng.random() < 0.03:
                person.number = self._number()
            if rng.random() >= self.missing_share:
                yield self._row(person, abroad, person.home, back_at)
            person.at = back_at + dt.timedelta(days=rng.randint(1, 60), minutes=rng.randint(0, 900))

    def _row(
        self, person: _Traveler, origin: str, destination: str, at: dt.datetime
    ) -> dict[str, str]:
        port: Port = self.rng.choice(self.ports[_BORDER_OF[frozenset({origin, destination})]])
        mode = self.rng.choice(_MODES)
        admission_class, admitted_until = "", ""
        if destination != person.home:
            admission_class, days = _ADMISSION[destination]
            admitted_until = (at.date() + dt.timedelta(days=days)).isoformat()
        return {
            "id": self._next_id(),
            "doc_type": person.doc_type.value,
            "issuing_country": person.home,
            "document_number": person.number,
            "surname": person.surname,
            "given_names": person.given_names,
            "date_of_birth": person.born.isoformat(),
            "nationality": person.home,
            "sex": person.sex,
            "mode": mode.value,
            "port": port.code,
            "from_country": origin,
            "to_country": destination,
            "crossed_at": at.isoformat(),
            "admission_class": admission_class,
            "admitted_until": admitted_until,
        }
