"""Commercial trips filed in advance, RFID border-crossing cards, the booth's card read, and
business resumption after a port closure."""

from borderflow.commerce.filing import filing_to_dict, parse_filing
from borderflow.commerce.model import (
    Card,
    CardExpired,
    CardRead,
    CardRevoked,
    CardStatus,
    LateFiling,
    NoTripFiled,
    Shipment,
    Tractor,
    Trip,
    TripFiling,
    TripOfAnotherDriver,
    UnknownCard,
)
from borderflow.commerce.resumption import QueuedTruck, WaitingTruck, reopening_queue
from borderflow.commerce.service import CommerceService
from borderflow.commerce.windows import FilingWindows, default_windows, load_windows

__all__ = [
    "Card",
    "CardExpired",
    "CardRead",
    "CardRevoked",
    "CardStatus",
    "CommerceService",
    "FilingWindows",
    "LateFiling",
    "NoTripFiled",
    "QueuedTruck",
    "Shipment",
    "Tractor",
    "Trip",
    "TripFiling",
    "TripOfAnotherDriver",
    "UnknownCard",
    "WaitingTruck",
    "default_windows",
    "filing_to_dict",
    "load_windows",
    "parse_filing",
    "reopening_queue",
]
