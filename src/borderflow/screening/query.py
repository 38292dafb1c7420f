"""Building entries and query facts from user input, with errors naming the field."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace

from borderflow.errors import InvalidInput
from borderflow.screening.countries import country_code
from borderflow.screening.loaders.common import parse_birth_date
from borderflow.screening.model import (
    BirthDate,
    Entry,
    EntryKind,
    EntryName,
    Identifier,
    NameStrength,
)
from borderflow.screening.tco import TCO_SOURCE

__all__ = ["amend_entry", "birth_date_field", "nationality_field", "tco_entry"]


def birth_date_field(value: str | None, field: str = "dob") -> BirthDate | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or a list's ``23 Nov 1962``), else an error."""
    if value is None or not value.strip():
        return None
    parsed = parse_birth_date(value)
    if parsed is None:
        raise InvalidInput(
            f"{value!r} is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD", field=field
        )
    return parsed


def nationality_field(value: str | None, field: str = "nationality") -> str | None:
    """An ISO 3166-1 alpha-2 code from a code or a country name, else an error."""
    if value is None or not value.strip():
        return None
    code = country_code(value)
    if code is None:
        raise InvalidInput(
            f"unknown country {value!r}: expected an ISO 3166 code or name", field=field
        )
    return code


def tco_entry(
    names: Sequence[str],
    *,
    dob: str | None = None,
    nationality: str | None = None,
    gender: str | None = None,
    identifiers: Sequence[tuple[str, str]] = (),
    entry_id: str | None = None,
) -> Entry:
    """A person entry for the shared TCO list; the first name is the primary one."""
    cleaned = [n.strip() for n in names if n.strip()]
    if not cleaned:
        raise InvalidInput("at least one name is required", field="names")
    birth = birth_date_field(dob)
    code = nationality_field(nationality)
    if gender is not None and gender.lower() not in ("male", "female"):
        raise InvalidInput("gender must be male or female", field="gender")
    return Entry(
        source=TCO_SOURCE,
        entry_id=entry_id or str(uuid.uuid4()),
        kind=EntryKind.PERSON,
        names=(EntryName(cleaned[0]), *(EntryName(n, NameStrength.STRONG) for n in cleaned[1:])),
        birth_dates=(birth,) if birth else (),
        nationalities=frozenset({code}) if code else frozenset(),
        gender=gender.lower() if gender else None,
        identifiers=tuple(Identifier(kind, number) for kind, number in identifiers),
        programs=("TCO",),
    )


def amend_entry(
    current: Entry,
    *,
    names: Sequence[str] | None = None,
    dob: str | None = None,
    nationality: str | None = None,
) -> Entry:
    """``current`` with the corrections a redress decision makes; omitted fields are kept."""
    birth = birth_date_field(dob)
    code = nationality_field(nationality)
    amended = tco_entry(
        names or [n.name for n in current.names],
        entry_id=current.entry_id,
        gender=current.gender,
        identifiers=[(i.kind, i.number) for i in current.identifiers],
    )
    return replace(
        amended,
        birth_dates=(birth,) if birth else current.birth_dates,
        nationalities=frozenset({code}) if code else current.nationalities,
    )
