"""How long a port keeps the claims it verified: 24 hours unless a reason says longer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from borderflow.errors import InvalidInput

__all__ = ["RetentionPolicy", "RetentionReason"]


class RetentionReason(StrEnum):
    """Why claims are kept past the default period; recorded with them."""

    REFERRAL = "referral"
    WATCH_LIST_HIT = "watch_list_hit"


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """The default period and the longer period each reason allows."""

    default: dt.timedelta = dt.timedelta(hours=24)
    extended: dict[RetentionReason, dt.timedelta] = field(
        default_factory=lambda: {
            RetentionReason.REFERRAL: dt.timedelta(days=30),
            RetentionReason.WATCH_LIST_HIT: dt.timedelta(days=365),
        }
    )

    def retain_until(
        self, verified_at: dt.datetime, reason: RetentionReason | None = None
    ) -> dt.datetime:
        if verified_at.tzinfo is None:
            raise InvalidInput("verified_at must be timezone-aware", field="verified_at")
        if reason is None:
            return verified_at + self.default
        return verified_at + self.extended[reason]

    @staticmethod
    def reason(value: str) -> RetentionReason:
        try:
            return RetentionReason(value)
        except ValueError:
            allowed = ", ".join(r.value for r in RetentionReason)
            raise InvalidInput(
                f"unknown reason {value!r}: expected {allowed}", field="reason"
            ) from None
