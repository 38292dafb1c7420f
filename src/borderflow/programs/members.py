"""Members of programs and how they are referred to (pure).

A member is referred to by ``CC:IDENTIFIER``: the issuing country and the number that
country gave it (a passport or known-traveler number for a person, a business number
such as an EIN, a CBSA BN or an RFC for a trader).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from borderflow.errors import InvalidInput
from borderflow.programs.model import Program, ProgramKind

__all__ = ["Member", "MemberKind", "MemberRef", "check_kind_fits"]

_IDENTIFIER = re.compile(r"[A-Z0-9][A-Z0-9-]{0,63}")
_COUNTRY = re.compile(r"[A-Z]{2}")


class MemberKind(StrEnum):
    PERSON = "person"
    BUSINESS = "business"


@dataclass(frozen=True, slots=True, order=True)
class MemberRef:
    country: str
    identifier: str

    @classmethod
    def of(cls, country: str, identifier: str, *, field: str = "member") -> MemberRef:
        """A validated reference; spaces around and letter case do not matter."""
        code, ident = country.strip().upper(), identifier.strip().upper()
        if not _COUNTRY.fullmatch(code):
            raise InvalidInput(f"expected a two-letter country code, got {country!r}", field=field)
        if not _IDENTIFIER.fullmatch(ident):
            raise InvalidInput(
                f"expected an identifier of 1-64 letters, digits or '-', got {identifier!r}",
                field=field,
            )
        return cls(code, ident)

    @classmethod
    def parse(cls, text: str, *, field: str = "member") -> MemberRef:
        """``CC:IDENTIFIER`` as a reference, e.g. ``US:12-3456789``."""
        country, sep, identifier = text.partition(":")
        if not sep:
            raise InvalidInput(f"expected 'CC:IDENTIFIER', got {text!r}", field=field)
        return cls.of(country, identifier, field=field)

    def __str__(self) -> str:
        return f"{self.country}:{self.identifier}"


@dataclass(frozen=True, slots=True)
class Member:
    member_id: int
    kind: MemberKind
    name: str
    ref: MemberRef


def check_kind_fits(member: Member, program: Program) -> None:
    """Traveler and driver programs take persons; trader programs take businesses."""
    wanted = MemberKind.BUSINESS if program.kind is ProgramKind.TRADER else MemberKind.PERSON
    if member.kind is not wanted:
        raise InvalidInput(
            f"{program.code} is a {program.kind.value} program for a {wanted.value}, "
            f"but member {member.member_id} is a {member.kind.value}",
            field="programs",
        )
