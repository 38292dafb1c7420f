"""Setting and reading a port's inspection policy (caller's transaction, audited settings).

Only a supervisor sets a policy (the API and the CLI check the role); each setting adds a
version that takes effect now or later, never earlier: what was in force when a decision
was taken stays what it was. The random-check rate is operational, not public: random
checks deter only while travellers cannot know how often they happen (docs/security.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection

from borderflow.audit import AuditLog
from borderflow.errors import Conflict, InvalidInput
from borderflow.inspection.model import REFERRAL_EXPIRY
from borderflow.inspection.policy import Policy
from borderflow.inspection.policy_repository import PolicyRepository
from borderflow.inspection.port_policy import PolicyVersion, check_policy_port, in_force
from borderflow.inspection.repository import InspectionRepository
from borderflow.reference import Catalog, default_catalog

__all__ = ["PolicyOverview", "PolicyService", "policy_in_force"]

_SET_BY_LENGTH = 160


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class PolicyOverview:
    """A port's policy now: the version in force, those scheduled, and the secondary's load.

    ``open_referrals`` counts the referred or held arrivals whose secondary result is not
    reported yet and that are younger than the referral expiry: the bays the next decision
    sees as occupied. ``stale_referrals`` counts the older ones, still owed a result.
    """

    port: str
    port_name: str
    current: PolicyVersion | None
    scheduled: list[PolicyVersion]
    open_referrals: int
    stale_referrals: int = 0


def policy_in_force(connection: Connection, port: str, at: dt.datetime) -> PolicyVersion:
    """The version in force at ``port`` (code) at ``at``; 409 when none has been set."""
    found = in_force(PolicyRepository(connection).for_port(port), at)
    if found is None:
        raise Conflict(
            f"port {port} has no inspection policy in force: a supervisor sets one with "
            f"PUT /inspection/ports/{port}/policy or `borderflow inspection policy set {port}`",
            field="port",
        )
    return found


class PolicyService:
    """Sets and reads the policies of the land ports of the node's ``country``."""

    def __init__(
        self,
        connection: Connection,
        *,
        country: str,
        catalog: Catalog | None = None,
        now: Callable[[], dt.datetime] = _utc_now,
        clock_skew: dt.timedelta = dt.timedelta(0),
        referral_expiry: dt.timedelta = REFERRAL_EXPIRY,
    ) -> None:
        self.connection = connection
        self.referral_expiry = referral_expiry
        self.country = country
        self.catalog = catalog or default_catalog()
        self.now = now
        self.clock_skew = clock_skew
        self.repository = PolicyRepository(connection)

    def set(
        self,
        port: str,
        policy: Policy,
        *,
        set_by: str,
        effective_from: dt.datetime | None = None,
    ) -> PolicyVersion:
        """Add a version of ``port``'s policy, in force from ``effective_from`` (or now).

        A time in the past within the clock skew counts as now; further back is refused.
        """
        found = self.catalog.port(port)
        check_policy_port(found, self.country)
        setter = _check_setter(set_by)
        now = self.now()
        start = self._start(effective_from, now)
        entry = AuditLog(self.connection).append(
            action="inspection.policy_set",
            actor=setter,
            subject=f"port:{found.code}",
            details={**policy.fields(), "effective_from": start.isoformat()},
            at=now,
        )
        return self.repository.add(
            found.code,
            policy,
            effective_from=start,
            set_by=setter,
            set_at=now,
            audit_seq=entry.seq,
        )

    def history(self, port: str) -> list[PolicyVersion]:
        """Every version of the port's policy, in the order they take effect."""
        return self.repository.for_port(self.catalog.port(port).code)

    def overview(self, port: str) -> PolicyOverview:
        found = self.catalog.port(port)
        versions = self.repository.for_port(found.code)
        now = self.now()
        referrals = InspectionRepository(self.connection)
        cutoff = now - self.referral_expiry
        return PolicyOverview(
            port=found.code,
            port_name=found.name,
            current=in_force(versions, now),
            scheduled=[v for v in versions if v.effective_from > now],
            open_referrals=referrals.open_referrals(found.code, since=cutoff),
            stale_referrals=referrals.stale_referrals(found.code, before=cutoff),
        )

    def _start(self, effective_from: dt.datetime | None, now: dt.datetime) -> dt.datetime:
        if effective_from is None:
            return now
        if effective_from.tzinfo is None or effective_from.utcoffset() is None:
            raise InvalidInput(
                "give a time with its UTC offset, e.g. 2025-04-01T06:00:00-07:00",
                field="effective_from",
            )
        if effective_from < now - self.clock_skew:
            raise InvalidInput(
                f"{effective_from.isoformat()} is in the past: a policy takes effect now "
                "or later, so that decisions already taken keep the version they were "
                "taken under",
                field="effective_from",
            )
        return max(effective_from, now).astimezone(dt.UTC)


def _check_setter(set_by: str) -> str:
    setter = set_by.strip()
    if not setter or len(setter) > _SET_BY_LENGTH:
        raise InvalidInput(
            f"name who sets the policy (1 to {_SET_BY_LENGTH} characters)", field="set_by"
        )
    return setter
