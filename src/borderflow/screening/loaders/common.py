"""What every list loader returns, and helpers they share."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from borderflow.errors import InvalidInput, RowRejected
from borderflow.screening.model import BirthDate, Entry

__all__ = ["LoadedList", "parse_birth_date", "read_text"]

_MONTH_NAMES = "jan feb mar apr may jun jul aug sep oct nov dec"
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES.split(), start=1)}
_DAY_MONTH_YEAR = re.compile(r"^(?:(\d{1,2}) )?([A-Za-z]{3})[a-z]* (\d{4})$")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_YEAR_RANGE = re.compile(r"^(\d{4}) to (\d{4})$")


@dataclass(slots=True)
class LoadedList:
    """One version of one list: its entries and every record that was rejected."""

    source: str
    version: str
    entries: list[Entry] = field(default_factory=list)
    rejected: list[RowRejected] = field(default_factory=list)


def read_text(path: Path) -> str:
    """The text of a list file; a missing or unreadable file names the file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}", field=str(path)) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def parse_birth_date(text: str) -> BirthDate | None:
    """A date of birth as lists write it, or None if it is not a date.

    Accepts ``23 Nov 1962``, ``Nov 1962``, ``1962``, ``circa 1960`` (±1 year),
    ``1960 to 1963``, ``01 Jan 1957 to 31 Jan 1957`` and ISO ``1962-11-23``/``1962-11``.
    """
    value = " ".join(text.replace("\xa0", " ").split()).strip(" .")
    if value.lower().startswith("circa "):
        inner = parse_birth_date(value[6:])
        return None if inner is None else BirthDate(inner.year - 1, year_to=inner.year + 1)
    if " to " in value:
        first, _, last = value.partition(" to ")
        start, end = parse_birth_date(first), parse_birth_date(last)
        if start is None or end is None:
            return None
        if start.year == end.year and start.month == end.month:
            return BirthDate(start.year, start.month)
        return BirthDate(start.year, year_to=end.last_year)
    if value.isdigit() and len(value) == 4:
        return BirthDate(int(value))
    if match := _DAY_MONTH_YEAR.match(value):
        return _checked(match.group(3), _MONTHS.get(match.group(2).lower()), match.group(1))
    if match := _ISO.match(value):
        return _checked(*match.groups())
    return None


def _checked(year: str, month: int | str | None, day: str | None) -> BirthDate | None:
    try:
        y, m = int(year), int(month) if month is not None else None
        d = int(day) if day is not None else None
        dt.date(y, m or 1, d or 1)
    except (TypeError, ValueError):
        return None
    return BirthDate(y, m, d if m is not None else None)
