"""Vehicle identification numbers and plates (pure).

North American VINs (ISO 3779 with the FMVSS 115 check digit) are 17 characters without
I, O or Q; position 9 is a check digit computed from the other sixteen.
"""

from __future__ import annotations

import re

from borderflow.errors import InvalidInput

__all__ = ["normalise_plate", "normalise_vin", "vin_check_digit"]

_VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")
_PLATE = re.compile(r"[A-Z0-9]{1,10}")
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}


def vin_check_digit(vin: str) -> str:
    """The check digit (``0``-``9`` or ``X``) of a 17-character VIN."""
    total = sum(_VALUES[char] * weight for char, weight in zip(vin, _WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def normalise_vin(value: str, *, field: str = "tractor.vin") -> str:
    vin = value.strip().upper()
    if not _VIN.fullmatch(vin):
        raise InvalidInput(
            f"expected 17 letters or digits without I, O or Q, got {value!r}", field=field
        )
    expected = vin_check_digit(vin)
    if vin[8] != expected:
        raise InvalidInput(
            f"VIN check digit is {vin[8]!r} but the VIN computes to {expected!r}", field=field
        )
    return vin


def normalise_plate(value: str, *, field: str) -> str:
    """A plate as letters and digits only (spaces and dashes dropped), 1-10 characters."""
    plate = re.sub(r"[\s-]", "", value.upper())
    if not _PLATE.fullmatch(plate):
        raise InvalidInput(f"expected 1-10 letters or digits, got {value!r}", field=field)
    return plate
