"""A trip filing from its plain JSON form, and back (pure).

Every problem names its field as a path, e.g. ``shipments[2].hs_code``, so a carrier's
system (or a person at the CLI) knows exactly what to fix.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from borderflow.commerce.model import (
    Shipment,
    Tractor,
    TripFiling,
    normalise_card_number,
    parse_hs_code,
    parse_value,
)
from borderflow.commerce.vehicles import normalise_plate, normalise_vin
from borderflow.errors import InvalidInput
from borderflow.programs import MemberRef

__all__ = ["filing_to_dict", "parse_filing", "parse_moment"]

_CURRENCY = re.compile(r"[A-Z]{3}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_LANE = re.compile(r"[A-Z][A-Z0-9_]{0,15}")


def _text(raw: Mapping[str, Any], key: str, path: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("expected a non-empty string", field=path)
    return value.strip()


def _mapping(raw: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = raw.get(key)
    if not isinstance(value, Mapping):
        raise InvalidInput("expected an object", field=key)
    return value


def parse_moment(value: object, *, field: str) -> dt.datetime:
    """An ISO 8601 date-time with its UTC offset, as an aware UTC datetime."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInput(
                f"expected an ISO 8601 date-time, got {value!r}", field=field
            ) from None
    else:
        raise InvalidInput("expected an ISO 8601 date-time string", field=field)
    if moment.tzinfo is None:
        raise InvalidInput("the date-time needs its UTC offset (e.g. Z or -05:00)", field=field)
    return moment.astimezone(dt.UTC)


def _code(raw: Mapping[str, Any], key: str, path: str, pattern: re.Pattern[str]) -> str:
    value = _text(raw, key, path).upper()
    if not pattern.fullmatch(value):
        raise InvalidInput(f"expected a code like {pattern.pattern}, got {value!r}", field=path)
    return value


def _shipment(raw: object, line: int) -> Shipment:
    path = f"shipments[{line}]"
    if not isinstance(raw, Mapping):
        raise InvalidInput("expected an object", field=path)
    return Shipment(
        line=line,
        importer=MemberRef.parse(
            _text(raw, "importer", f"{path}.importer"), field=f"{path}.importer"
        ),
        hs_code=parse_hs_code(_text(raw, "hs_code", f"{path}.hs_code"), field=f"{path}.hs_code"),
        value=parse_value(raw.get("value", ""), field=f"{path}.value"),
        currency=_code(raw, "currency", f"{path}.currency", _CURRENCY),
        origin=_code(raw, "origin", f"{path}.origin", _COUNTRY),
    )


def parse_filing(raw: Mapping[str, Any]) -> TripFiling:
    """A :class:`TripFiling` from its JSON object; the first bad field raises ``InvalidInput``."""
    tractor = _mapping(raw, "tractor")
    trailer = _mapping(raw, "trailer")
    shipments = raw.get("shipments")
    if not isinstance(shipments, list) or not shipments:
        raise InvalidInput("a trip carries at least one shipment", field="shipments")
    return TripFiling(
        card_number=normalise_card_number(_text(raw, "card_number", "card_number")),
        carrier=MemberRef.parse(_text(raw, "carrier", "carrier"), field="carrier"),
        country=_code(raw, "country", "country", _COUNTRY),
        port=_text(raw, "port", "port"),
        lane=_code(raw, "lane", "lane", _LANE) if raw.get("lane") is not None else "GENERAL",
        expected_arrival=parse_moment(raw.get("expected_arrival"), field="expected_arrival"),
        tractor=Tractor(
            plate=normalise_plate(_text(tractor, "plate", "tractor.plate"), field="tractor.plate"),
            vin=normalise_vin(_text(tractor, "vin", "tractor.vin")),
        ),
        trailer_plate=normalise_plate(
            _text(trailer, "plate", "trailer.plate"), field="trailer.plate"
        ),
        shipments=tuple(_shipment(item, i) for i, item in enumerate(shipments, start=1)),
    )


def filing_to_dict(filing: TripFiling) -> dict[str, Any]:
    """The JSON form :func:`parse_filing` reads (a round trip gives the same filing)."""
    return {
        "card_number": filing.card_number,
        "carrier": str(filing.carrier),
        "country": filing.country,
        "port": filing.port,
        "lane": filing.lane,
        "expected_arrival": filing.expected_arrival.isoformat(),
        "tractor": {"plate": filing.tractor.plate, "vin": filing.tractor.vin},
        "trailer": {"plate": filing.trailer_plate},
        "shipments": [
            {
                "importer": str(s.importer),
                "hs_code": s.hs_code,
                "value": str(s.value),
                "currency": s.currency,
                "origin": s.origin,
            }
            for s in filing.shipments
        ],
    }
