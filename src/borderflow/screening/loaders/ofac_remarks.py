"""Facts OFAC writes as free text in the ``Remarks`` column of its legacy CSV.

Example: ``DOB 23 Nov 1962; POB Caracas, Venezuela; citizen Venezuela; Gender Male;
Cedula No. 5892464 (Venezuela)``. Unknown parts are kept only in the remarks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from borderflow.screening.countries import country_code
from borderflow.screening.loaders.common import parse_birth_date
from borderflow.screening.model import BirthDate, Identifier

__all__ = ["RemarkFacts", "parse_remarks"]

_ID_KINDS = (
    "Passport",
    "Cedula No.",
    "National ID No.",
    "NIT #",
    "R.F.C.",
    "C.U.R.P.",
    "RFC",
    "CURP",
    "Tax ID No.",
    "Identification Number",
    "SSN",
    "Driver's License No.",
    "Registration Number",
    "Registration ID",
    "D.N.I.",
    "RUC #",
    "Personal ID Card",
    "Citizen's Card Number",
    "Electoral Registry No.",
    "Matricula Mercantil No",
    "Vessel Registration Identification",
    "Aircraft Manufacturer's Serial Number (MSN)",
    "Legal Entity Number",
    "Business Registration Number",
    "Folio Mercantil No.",
)
_ID = re.compile(
    r"^(?:alt\. )?(?P<kind>" + "|".join(re.escape(k) for k in _ID_KINDS) + r")\s+"
    r"(?P<number>[A-Za-z0-9][A-Za-z0-9\-/.]*)(?:.*?\((?P<country>[^)]+)\))?"
)
_AKA = re.compile(r"a\.k\.a\.\s+'([^']+)'")


@dataclass(slots=True)
class RemarkFacts:
    birth_dates: list[BirthDate] = field(default_factory=list)
    nationalities: set[str] = field(default_factory=set)
    gender: str | None = None
    identifiers: list[Identifier] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)


def parse_remarks(remarks: str) -> RemarkFacts:
    """The dates of birth, nationalities, gender, identifiers and quoted a.k.a.s in remarks."""
    facts = RemarkFacts(weak_aliases=_AKA.findall(remarks))
    for raw in remarks.split(";"):
        part = raw.strip().rstrip(".")
        lowered = part.lower().removeprefix("alt. ")
        if lowered.startswith("dob "):
            date = parse_birth_date(part[part.lower().index("dob ") + 4 :])
            if date is not None:
                facts.birth_dates.append(date)
        elif lowered.startswith(("nationality ", "citizen ")):
            name = part.split(" ", 1)[1] if not part.startswith("alt.") else part.split(" ", 2)[2]
            facts.nationalities.add(country_code(name) or name.lower())
        elif lowered.startswith("gender "):
            facts.gender = lowered.split(" ", 1)[1].strip()
        elif match := _ID.match(part):
            country = match.group("country")
            code = country_code(country) if country else None
            facts.identifiers.append(Identifier(match.group("kind"), match.group("number"), code))
    return facts
