"""Trusted traveler and trader programs: catalog, memberships and their lifecycle, mutual
recognition, tiers and benefits, lane eligibility, partner status and the public registry."""

from borderflow.programs.catalog import default_catalog, load_catalog
from borderflow.programs.eligibility import (
    Eligibility,
    FailedCondition,
    LaneCandidate,
    ShipmentGoods,
    lane_eligibility,
)
from borderflow.programs.events import EventSink, ProgramStatusChanged
from borderflow.programs.lifecycle import Action, Membership, ProgramStatus, Standing, VettingResult
from borderflow.programs.members import Member, MemberKind, MemberRef
from borderflow.programs.model import ProgramCatalog
from borderflow.programs.outbox import TableEventSink
from borderflow.programs.results import ProgramRequest
from borderflow.programs.service import ProgramService
from borderflow.programs.standing import ProgramStanding
from borderflow.programs.validations import ValidationFinding, ValidationOutcome

__all__ = [
    "Action",
    "Eligibility",
    "EventSink",
    "FailedCondition",
    "LaneCandidate",
    "Member",
    "MemberKind",
    "MemberRef",
    "Membership",
    "ProgramCatalog",
    "ProgramRequest",
    "ProgramService",
    "ProgramStanding",
    "ProgramStatus",
    "ProgramStatusChanged",
    "ShipmentGoods",
    "Standing",
    "TableEventSink",
    "ValidationFinding",
    "ValidationOutcome",
    "VettingResult",
    "default_catalog",
    "lane_eligibility",
    "load_catalog",
]
