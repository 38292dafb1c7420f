"""What a machine-readable zone says, and what is wrong with it (pure values)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from borderflow.errors import InvalidInput

__all__ = ["MrzFields", "MrzFormat", "MrzProblem", "MrzRepair", "MrzResult", "mrz_result_to_dict"]


class MrzFormat(StrEnum):
    """ICAO 9303 layouts: ID cards (TD1, TD2), passports (TD3) and visas (MRV-A, MRV-B)."""

    TD1 = "TD1"
    TD2 = "TD2"
    TD3 = "TD3"
    MRV_A = "MRV-A"
    MRV_B = "MRV-B"

    @property
    def line_length(self) -> int:
        return {"TD1": 30, "TD2": 36, "TD3": 44, "MRV-A": 44, "MRV-B": 36}[self.value]

    @property
    def line_count(self) -> int:
        return 3 if self is MrzFormat.TD1 else 2


@dataclass(frozen=True, slots=True)
class MrzFields:
    """The data of a zone, fillers removed (names use spaces; dates stay ``YYMMDD``).

    ``optional1`` is TD1's line-1 optional data, the TD3 personal number, or the optional
    data of TD2 and visas; ``optional2`` is TD1's line-2 optional data.
    """

    document_code: str
    issuing_state: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth_date: str
    sex: str
    expiry_date: str
    optional1: str = ""
    optional2: str = ""


@dataclass(frozen=True, slots=True)
class MrzProblem:
    """A check that failed, naming the field; ``expected``/``found`` for check digits."""

    field: str
    message: str
    expected: str | None = None
    found: str | None = None

    def __str__(self) -> str:
        if self.expected is not None:
            return f"{self.field}: {self.message} (expected {self.expected}, found {self.found})"
        return f"{self.field}: {self.message}"


@dataclass(frozen=True, slots=True)
class MrzRepair:
    """One OCR confusion undone (for example ``O`` read where ``0`` is printed)."""

    field: str
    found: str
    repaired: str


@dataclass(frozen=True, slots=True)
class MrzResult:
    """A parsed zone: its format, fields, failed checks, notes and any OCR repairs."""

    format: MrzFormat
    lines: tuple[str, ...]
    fields: MrzFields
    problems: tuple[MrzProblem, ...] = ()
    repairs: tuple[MrzRepair, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def valid(self) -> bool:
        return not self.problems

    def raise_for_problems(self) -> None:
        """Raise the first problem as ``InvalidInput`` naming its field."""
        if self.problems:
            first = self.problems[0]
            raise InvalidInput(str(first).split(": ", 1)[1], field=f"mrz.{first.field}")


def mrz_result_to_dict(result: MrzResult) -> dict[str, Any]:
    """A result as plain JSON values (for the CLI's ``--json`` and the API)."""
    return {
        "format": result.format.value,
        "valid": result.valid,
        "fields": asdict(result.fields),
        "problems": [asdict(p) for p in result.problems],
        "repairs": [asdict(r) for r in result.repairs],
        "notes": list(result.notes),
    }
