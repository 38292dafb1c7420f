"""Border-crossing cards, trip filings and card reads as values, and their errors (pure)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from borderflow.errors import Conflict, InvalidInput, NotFound
from borderflow.programs import Eligibility, MemberRef

__all__ = [
    "Card",
    "CardExpired",
    "CardRead",
    "CardRevoked",
    "CardStatus",
    "LateFiling",
    "NoTripFiled",
    "Shipment",
    "Tractor",
    "Trip",
    "TripFiling",
    "TripOfAnotherDriver",
    "UnknownCard",
    "normalise_card_number",
    "parse_hs_code",
    "parse_value",
]

_CARD = re.compile(r"[0-9A-F]{16}")
_HS = re.compile(r"\d{6}(\d{2}){0,2}")


class UnknownCard(NotFound):
    code = "unknown_card"


class CardRevoked(Conflict):
    code = "card_revoked"


class CardExpired(Conflict):
    code = "card_expired"


class NoTripFiled(NotFound):
    code = "no_trip_filed"


class LateFiling(InvalidInput):
    code = "late_filing"


class TripOfAnotherDriver(Conflict):
    code = "trip_of_another_driver"


class CardStatus(StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"


def normalise_card_number(value: str) -> str:
    """Card numbers are 16 hexadecimal digits; spaces and dashes between groups are ignored."""
    number = re.sub(r"[\s-]", "", value).upper()
    if not _CARD.fullmatch(number):
        raise InvalidInput(f"expected 16 hexadecimal digits, got {value!r}", field="card_number")
    return number


def parse_hs_code(value: str, *, field: str) -> str:
    code = value.replace(".", "").strip()
    if not _HS.fullmatch(code):
        raise InvalidInput(f"expected an HS code of 6, 8 or 10 digits, got {value!r}", field=field)
    return code


def parse_value(value: str | int | float | Decimal, *, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise InvalidInput(f"expected an amount, got {value!r}", field=field) from None
    exponent = amount.as_tuple().exponent
    if not amount.is_finite() or amount < 0 or (isinstance(exponent, int) and exponent < -2):
        raise InvalidInput(
            f"expected a non-negative amount with at most 2 decimals, got {value!r}", field=field
        )
    return amount


@dataclass(frozen=True, slots=True)
class Card:
    """An RFID border-crossing card: an opaque number the registry links to its driver."""

    card_number: str
    driver_member_id: int
    status: CardStatus
    issued_at: dt.datetime
    expires_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Tractor:
    plate: str
    vin: str


@dataclass(frozen=True, slots=True)
class Shipment:
    line: int
    importer: MemberRef
    hs_code: str
    value: Decimal
    currency: str
    origin: str


@dataclass(frozen=True, slots=True)
class TripFiling:
    """What a carrier files before arrival (already validated field by field)."""

    card_number: str
    carrier: MemberRef
    country: str
    port: str
    lane: str
    expected_arrival: dt.datetime
    tractor: Tractor
    trailer_plate: str
    shipments: tuple[Shipment, ...]


@dataclass(frozen=True, slots=True)
class Trip:
    trip_id: str
    driver_member_id: int
    filing: TripFiling
    filed_at: dt.datetime
    presented_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class CardRead:
    """What the booth gets from one card read: the trip and its lane eligibility."""

    card_number: str
    driver: str
    trip: Trip
    eligibility: Eligibility
    read_at: dt.datetime
