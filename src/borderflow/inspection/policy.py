"""Per-port inspection policies: ``legacy`` and ``cbm`` (collaborative border management)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from borderflow.errors import InvalidInput

__all__ = ["Policy", "PolicyKind", "policy_kind", "policy_named"]


class PolicyKind(StrEnum):
    """``legacy``: every arrival gets a primary interview; ``cbm``: vetted North Americans don't."""

    LEGACY = "legacy"
    CBM = "cbm"


@dataclass(frozen=True, slots=True)
class Policy:
    """How one port decides.

    ``random_check_rate`` is the share of otherwise released arrivals sent to secondary at
    random; ``secondary_capacity`` is the number of secondary bays; random checks are not
    drawn while they are all claimed. Scores at or above ``risk_threshold`` (targeting) or
    ``screening_refer_threshold`` are referred; screening scores at or above
    ``screening_hold_threshold`` are held.
    """

    kind: PolicyKind
    random_check_rate: float = 0.005
    risk_threshold: float = 0.99
    screening_refer_threshold: float = 0.85
    screening_hold_threshold: float = 0.97
    secondary_capacity: int = 40

    def __post_init__(self) -> None:
        for name in (
            "random_check_rate",
            "risk_threshold",
            "screening_refer_threshold",
            "screening_hold_threshold",
        ):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise InvalidInput(f"must lie between 0 and 1, got {value}", field=name)
        if self.screening_hold_threshold < self.screening_refer_threshold:
            raise InvalidInput(
                "must not be below screening_refer_threshold", field="screening_hold_threshold"
            )
        if self.secondary_capacity < 0:
            raise InvalidInput(
                f"must be 0 or more, got {self.secondary_capacity}", field="secondary_capacity"
            )

    @property
    def name(self) -> str:
        return self.kind.value

    def fields(self) -> dict[str, Any]:
        """The kind (its value) and every parameter, by name: as stored, audited and shown."""
        return {
            "kind": self.kind.value,
            "random_check_rate": self.random_check_rate,
            "secondary_capacity": self.secondary_capacity,
            "risk_threshold": self.risk_threshold,
            "screening_refer_threshold": self.screening_refer_threshold,
            "screening_hold_threshold": self.screening_hold_threshold,
        }


def policy_named(
    name: str, *, random_check_rate: float = 0.005, secondary_capacity: int = 40
) -> Policy:
    """The policy called ``name`` (``legacy`` or ``cbm``) with its two usual scenario knobs."""
    return Policy(
        policy_kind(name),
        random_check_rate=random_check_rate,
        secondary_capacity=secondary_capacity,
    )


def policy_kind(name: str, *, field: str = "policy") -> PolicyKind:
    """The kind called ``name``; :class:`InvalidInput` naming ``field`` otherwise."""
    try:
        return PolicyKind(name.strip().lower())
    except ValueError:
        raise InvalidInput(
            f"unknown policy {name!r}: expected one of legacy, cbm", field=field
        ) from None
