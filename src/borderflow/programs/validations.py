"""Joint validations of a trader (pure): two or more countries' validators visit together.

Each participating country records its own validator and findings. A joint validation
needs at least two countries, each operating the program or recognizing it through an
arrangement (the mutual recognition partners that validate together).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from borderflow.errors import InvalidInput
from borderflow.programs.model import Program, ProgramCatalog, ProgramKind

__all__ = ["JointValidation", "ValidationFinding", "ValidationOutcome", "check_joint_validation"]


class ValidationOutcome(StrEnum):
    PASSED = "passed"
    ACTION_REQUIRED = "action_required"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ValidationFinding:
    country: str
    validator: str
    findings: str
    outcome: ValidationOutcome


@dataclass(frozen=True, slots=True)
class JointValidation:
    validation_id: int
    membership_id: int
    program: str
    findings: tuple[ValidationFinding, ...]


def check_joint_validation(
    program: Program, findings: Sequence[ValidationFinding], catalog: ProgramCatalog
) -> None:
    """Refuse a joint validation that is not of a trader, not joint, or names a stranger."""
    if program.kind is not ProgramKind.TRADER:
        raise InvalidInput(f"{program.code} is not a trader program", field="membership_id")
    countries = [f.country for f in findings]
    if len(set(countries)) < 2 or len(set(countries)) != len(countries):
        raise InvalidInput(
            "a joint validation needs findings from two or more different countries, one each",
            field="findings",
        )
    allowed = program.operating_countries | catalog.recognizing_countries(program.code)
    for index, finding in enumerate(findings):
        if finding.country not in allowed:
            raise InvalidInput(
                f"{finding.country} neither operates nor recognizes {program.code}",
                field=f"findings[{index}].country",
            )
        for name in ("validator", "findings"):
            if not str(getattr(finding, name)).strip():
                raise InvalidInput(f"{name} must not be empty", field=f"findings[{index}].{name}")
