"""The decision at the port: release, refer to secondary, or hold, and why.

>>> import random
>>> from borderflow.inspection import (Arrival, IdentityResult, Lane, Mode, Officer,
...     policy_named, decide)
>>> arrival = Arrival("a1", "2504", "US", Mode.PERSONAL_VEHICLE, Lane.GENERAL,
...                   IdentityResult(verified=True, nationality="MX"))
>>> decide(arrival, Officer("o1", "US"), policy_named("cbm", random_check_rate=0.0),
...        random.Random(1)).outcome.value
'release'
"""

from borderflow.inspection.decide import (
    authority_for,
    decide,
    in_good_standing,
    primary_interview_required,
)
from borderflow.inspection.model import (
    NORTH_AMERICAN_COUNTRIES,
    TRUSTED_LANES,
    Arrival,
    Decision,
    IdentityResult,
    Lane,
    Mode,
    Officer,
    OfficerReferral,
    Outcome,
    ProgramStatus,
    ReferralSource,
    RiskScore,
    ScreeningHit,
    ScreeningResult,
)
from borderflow.inspection.policy import Policy, PolicyKind, policy_kind, policy_named
from borderflow.inspection.port_policy import PolicyVersion, in_force
from borderflow.inspection.sources import (
    DecisionRecorder,
    InspectionDesk,
    OutcomeSink,
    ProgramSource,
    RiskSource,
    ScreeningSource,
    SecondaryOutcome,
)

__all__ = [
    "NORTH_AMERICAN_COUNTRIES",
    "TRUSTED_LANES",
    "Arrival",
    "Decision",
    "DecisionRecorder",
    "IdentityResult",
    "InspectionDesk",
    "Lane",
    "Mode",
    "Officer",
    "OfficerReferral",
    "Outcome",
    "OutcomeSink",
    "Policy",
    "PolicyKind",
    "PolicyVersion",
    "ProgramSource",
    "ProgramStatus",
    "ReferralSource",
    "RiskScore",
    "RiskSource",
    "ScreeningHit",
    "ScreeningResult",
    "ScreeningSource",
    "SecondaryOutcome",
    "authority_for",
    "decide",
    "in_force",
    "in_good_standing",
    "policy_kind",
    "policy_named",
    "primary_interview_required",
]
