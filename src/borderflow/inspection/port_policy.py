"""A port's inspection policy as a history of versions, and which version is in force.

A supervisor sets a port's policy; each setting is a new version that takes effect at its
``effective_from`` and is never changed afterwards, so that every decision can be explained
later by the version it was taken under (the decision records the version's id). Nothing
here does I/O: :mod:`borderflow.inspection.policy_service` stores and reads versions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from borderflow.errors import InvalidInput
from borderflow.inspection.policy import Policy
from borderflow.reference.model import Port

__all__ = ["PolicyVersion", "VersionStatus", "check_policy_port", "in_force", "status_of"]


class VersionStatus(StrEnum):
    """Where a version stands at a given moment."""

    IN_FORCE = "in_force"
    SCHEDULED = "scheduled"
    SUPERSEDED = "superseded"


@dataclass(frozen=True, slots=True)
class PolicyVersion:
    """One version of a port's policy: the rules, from when, who set it and when.

    ``version`` is the id decisions record; ``audit_seq`` the audit log entry of the setting.
    """

    version: int
    port: str
    policy: Policy
    effective_from: dt.datetime
    set_by: str
    set_at: dt.datetime
    audit_seq: int


def _order(version: PolicyVersion) -> tuple[dt.datetime, int]:
    return version.effective_from, version.version


def in_force(versions: Sequence[PolicyVersion], at: dt.datetime) -> PolicyVersion | None:
    """The version in force at ``at``: the latest to have taken effect by then.

    Versions take effect in the order of their ``effective_from``; of two taking effect at
    the same moment, the one set later wins. A version scheduled for later does not end
    the one in force now before its own time comes.
    """
    started = [v for v in versions if v.effective_from <= at]
    return max(started, key=_order, default=None)


def status_of(version: PolicyVersion, versions: Sequence[PolicyVersion], at: dt.datetime) -> str:
    """``in_force``, ``scheduled`` (takes effect later) or ``superseded`` at ``at``."""
    if version.effective_from > at:
        return VersionStatus.SCHEDULED.value
    current = in_force(versions, at)
    if current is not None and current.version == version.version:
        return VersionStatus.IN_FORCE.value
    return VersionStatus.SUPERSEDED.value


def check_policy_port(port: Port, country: str) -> None:
    """A policy is set for a land port on a border of the node's ``country``."""
    if port.kind != "land":
        raise InvalidInput(
            f"port {port.name} ({port.code}) is a {port.kind} port: policies are set for "
            "land ports",
            field="port",
        )
    if country not in port.countries:
        raise InvalidInput(
            f"port {port.name} ({port.code}) is on the {port.border} border, not a port "
            f"of {country}",
            field="port",
        )
