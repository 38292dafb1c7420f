"""The decision at the port for one arrival: release, refer to secondary, or hold.

:func:`decide` is a pure function of the arrival, the officer, the policy and an injected
random generator, so the node and the simulator run exactly the same rules and a seeded
generator reproduces every random check.
"""

from __future__ import annotations

import random

from borderflow.errors import Forbidden
from borderflow.inspection.model import (
    NORTH_AMERICAN_COUNTRIES,
    TRUSTED_LANES,
    Arrival,
    Decision,
    Officer,
    Outcome,
    ReferralSource,
)
from borderflow.inspection.policy import Policy, PolicyKind

__all__ = ["authority_for", "decide", "in_good_standing", "primary_interview_required"]

_BAD_PROGRAM_STATUSES = frozenset({"suspended", "revoked", "denied"})


def authority_for(officer: Officer, arrival: Arrival) -> str:
    """The country whose authority the officer decides under for this arrival.

    An officer acts for their own country at its ports, or for a partner that deputised
    them at this very (binational) port; anything else is refused.
    """
    if officer.country == arrival.entering:
        return officer.country
    if (arrival.entering, arrival.port_code) in officer.deputations:
        return arrival.entering
    raise Forbidden(
        f"officer {officer.officer_id} of {officer.country} holds no authority of "
        f"{arrival.entering} at port {arrival.port_code}",
        field="officer",
    )


def in_good_standing(arrival: Arrival, policy: Policy) -> bool:
    """Verified North American national with no screening match and no suspended program."""
    identity = arrival.identity
    if not identity.verified or identity.nationality not in NORTH_AMERICAN_COUNTRIES:
        return False
    best = arrival.screening.best
    if best is not None and best.score >= policy.screening_refer_threshold:
        return False
    return arrival.program is None or arrival.program.status not in _BAD_PROGRAM_STATUSES


def primary_interview_required(arrival: Arrival, policy: Policy) -> bool:
    """``legacy`` interviews everyone; ``cbm`` skips vetted North Americans in good standing."""
    return policy.kind is PolicyKind.LEGACY or not in_good_standing(arrival, policy)


def _holds_and_referrals(
    arrival: Arrival, policy: Policy
) -> tuple[bool, list[str], list[ReferralSource]]:
    """Whether to hold, and every targeted reason to refer with its source."""
    reasons: list[str] = []
    sources: list[ReferralSource] = []
    best = arrival.screening.best
    if best is not None and best.score >= policy.screening_hold_threshold:
        reasons.append(f"screening: {best.list_name} match {best.score:.2f} (hold)")
        return True, reasons, [ReferralSource.SCREENING]
    if not arrival.identity.verified:
        reasons.append("identity not verified")
        sources.append(ReferralSource.IDENTITY)
    if best is not None and best.score >= policy.screening_refer_threshold:
        reasons.append(f"screening: {best.list_name} match {best.score:.2f}")
        sources.append(ReferralSource.SCREENING)
    if arrival.lane in TRUSTED_LANES and (
        arrival.program is None or not arrival.program.good_for(arrival.entering)
    ):
        reasons.append(
            f"{arrival.lane.value} lane without a program recognised by {arrival.entering}"
        )
        sources.append(ReferralSource.LANE)
    if arrival.risk is not None and arrival.risk.score >= policy.risk_threshold:
        why = "; ".join(arrival.risk.reasons) or "no reasons given"
        reasons.append(f"targeting: risk {arrival.risk.score:.2f} ({why})")
        sources.append(ReferralSource.TARGETING)
    if arrival.officer_referral is not None:
        referral = arrival.officer_referral
        reasons.append(f"officer {referral.officer_id}: {referral.reason}")
        sources.append(ReferralSource.OFFICER)
    return False, reasons, sources


def decide(arrival: Arrival, officer: Officer, policy: Policy, rng: random.Random) -> Decision:
    """Decide one arrival under ``policy``; ``rng`` draws the random check (one draw, always).

    Drawing on every call, referred or not, keeps the random stream aligned between two
    policies run on the same seed, so their comparison uses common random numbers.
    """
    authority = authority_for(officer, arrival)
    interview = primary_interview_required(arrival, policy)
    draw = rng.random()
    hold, reasons, sources = _holds_and_referrals(arrival, policy)
    if hold:
        outcome = Outcome.HOLD
    elif reasons:
        outcome = Outcome.REFER
    elif draw < policy.random_check_rate:
        if arrival.secondary_in_use < policy.secondary_capacity:
            outcome = Outcome.REFER
            reasons.append(f"random check at rate {policy.random_check_rate:g}")
            sources.append(ReferralSource.RANDOM)
        else:
            outcome = Outcome.RELEASE
            reasons.append("random check skipped: secondary at capacity")
    else:
        outcome = Outcome.RELEASE
    if outcome is Outcome.RELEASE:
        reasons.insert(
            0,
            "primary interview held"
            if interview
            else "no primary interview: verified North American in good standing",
        )
    return Decision(
        arrival_id=arrival.arrival_id,
        outcome=outcome,
        primary_interview=interview,
        reasons=tuple(reasons),
        officer_id=officer.officer_id,
        authority=authority,
        policy=policy.name,
        referred_by=tuple(sources),
        draw=draw,
    )
