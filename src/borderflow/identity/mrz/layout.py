"""Where each field sits in each ICAO 9303 format, and which check digits cover what."""

from __future__ import annotations

from dataclasses import dataclass

from borderflow.identity.mrz.model import MrzFormat

__all__ = ["RawZone", "slice_zone"]


@dataclass(frozen=True, slots=True)
class RawZone:
    """The raw (filler-padded) fields of a zone, before any check."""

    document_code: str
    issuing_state: str
    name: str
    number: str
    number_check: str
    nationality: str
    birth_date: str
    birth_check: str
    sex: str
    expiry_date: str
    expiry_check: str
    optional1: str
    optional2: str = ""
    personal_check: str | None = None
    composite: str | None = None
    composite_input: str = ""


def slice_zone(fmt: MrzFormat, lines: tuple[str, ...]) -> RawZone:
    """Cut the zone's lines into raw fields by the format's layout."""
    if fmt is MrzFormat.TD1:
        return _td1(*lines)
    first, second = lines
    common = {
        "document_code": first[0:2],
        "issuing_state": first[2:5],
        "name": first[5:],
        "number": second[0:9],
        "number_check": second[9],
        "nationality": second[10:13],
        "birth_date": second[13:19],
        "birth_check": second[19],
        "sex": second[20],
        "expiry_date": second[21:27],
        "expiry_check": second[27],
    }
    if fmt is MrzFormat.TD3:
        return RawZone(
            **common,
            optional1=second[28:42],
            personal_check=second[42],
            composite=second[43],
            composite_input=second[0:10] + second[13:20] + second[21:43],
        )
    if fmt is MrzFormat.TD2:
        return RawZone(
            **common,
            optional1=second[28:35],
            composite=second[35],
            composite_input=second[0:10] + second[13:20] + second[21:35],
        )
    return RawZone(**common, optional1=second[28:])


def _td1(first: str, second: str, third: str) -> RawZone:
    return RawZone(
        document_code=first[0:2],
        issuing_state=first[2:5],
        number=first[5:14],
        number_check=first[14],
        optional1=first[15:30],
        birth_date=second[0:6],
        birth_check=second[6],
        sex=second[7],
        expiry_date=second[8:14],
        expiry_check=second[14],
        nationality=second[15:18],
        optional2=second[18:29],
        composite=second[29],
        composite_input=first[5:30] + second[0:7] + second[8:15] + second[18:29],
        name=third,
    )
