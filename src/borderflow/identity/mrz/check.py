"""The ICAO 9303 Part 3 check digit: weights 7, 3, 1 over character values, modulo 10."""

from __future__ import annotations

__all__ = ["char_value", "check_digit"]

_WEIGHTS = (7, 3, 1)


def char_value(char: str) -> int:
    """``0``-``9`` are 0-9, ``A``-``Z`` are 10-35, the filler ``<`` is 0."""
    if char.isdigit():
        return ord(char) - ord("0")
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    if char == "<":
        return 0
    raise ValueError(f"{char!r} is not an MRZ character")


def check_digit(text: str) -> str:
    """The check digit of ``text`` as a one-character string."""
    total = sum(char_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(text))
    return str(total % 10)
