"""Memberships in a real database: applications, vetting, status changes and their events,
joint validations, partners, the public registry and status look-ups."""

from __future__ import annotations

import pytest
from programs_helpers import Enrol, StepClock
from sqlalchemy import Connection, Engine, func, select

from borderflow.errors import Conflict, Forbidden, InvalidInput, NotFound
from borderflow.programs import (
    Action,
    MemberKind,
    MemberRef,
    ProgramRequest,
    ProgramService,
    ProgramStatus,
    Standing,
    ValidationFinding,
    ValidationOutcome,
    VettingResult,
)
from borderflow.programs.outbox import stored_events
from borderflow.programs.tables import program_events, program_memberships

pytestmark = pytest.mark.storage


@pytest.fixture
def connection(engine: Engine) -> Connection:
    with engine.begin() as connection:
        yield connection


@pytest.fixture
def service(connection: Connection, clock: StepClock) -> ProgramService:
    return ProgramService(connection, clock=clock)


def person(service: ProgramService, ref: str = "CA:AB123456") -> int:
    return service.register_member(
        MemberKind.PERSON, "Ada Tremblay", MemberRef.parse(ref)
    ).member_id


def test_one_application_fans_out_to_each_countrys_vetting(service: ProgramService) -> None:
    member_id = person(service)
    result = service.apply(
        member_id,
        [ProgramRequest("NEXUS"), ProgramRequest("GLOBAL_ENTRY")],
        actor="admin",
        country="CA",
    )
    assert [m.program for m in result.memberships] == ["NEXUS", "GLOBAL_ENTRY"]
    assert [(r.program, r.country) for r in result.vetting_requests] == [
        ("NEXUS", "CA"),
        ("NEXUS", "US"),
        ("GLOBAL_ENTRY", "US"),
    ]
    assert {m.status for m in result.memberships} == {ProgramStatus.APPLIED}


def test_each_status_change_emits_an_event(
    service: ProgramService, connection: Connection, clock: StepClock
) -> None:
    member_id = person(service)
    [nexus] = service.apply(
        member_id, [ProgramRequest("NEXUS")], actor="admin", country="CA"
    ).memberships
    service.record_vetting(nexus.membership_id, "CA", VettingResult.CLEARED, "CBSA-1", actor="ca")
    active = service.record_vetting(
        nexus.membership_id, "US", VettingResult.CLEARED, "CBP-9", actor="us"
    )
    assert active.status is ProgramStatus.ACTIVE
    assert [v.country for v in active.vettings] == ["CA", "US"]
    clock.advance(days=10)
    service.change_status(
        nexus.membership_id, Action.SUSPEND, "pending inquiry", actor="us", country="US"
    )
    service.change_status(
        nexus.membership_id, Action.REINSTATE, "inquiry closed", actor="us", country="US"
    )
    events = stored_events(connection, nexus.membership_id)
    assert [(e["previous"], e["status"]) for e in events] == [
        (None, "applied"),
        ("applied", "active"),
        ("active", "suspended"),
        ("suspended", "active"),
    ]
    assert {e["kind"] for e in events} == {"programs.program_status_changed"}
    assert events[2]["reason"] == "pending inquiry"
    assert events[2]["country"] == "US"
    assert "name" not in events[0]


def test_conflicting_vetting_denies_and_keeps_both_results(service: ProgramService) -> None:
    member_id = person(service)
    [nexus] = service.apply(
        member_id, [ProgramRequest("NEXUS")], actor="a", country="CA"
    ).memberships
    service.record_vetting(nexus.membership_id, "US", VettingResult.DENIED, "CBP-2", actor="us")
    after = service.record_vetting(
        nexus.membership_id, "CA", VettingResult.CLEARED, "CBSA-2", actor="ca"
    )
    assert after.status is ProgramStatus.DENIED
    assert {(v.country, v.result) for v in after.vettings} == {
        ("US", VettingResult.DENIED),
        ("CA", VettingResult.CLEARED),
    }


def test_a_suspended_member_applying_again_is_refused_and_nothing_is_written(
    service: ProgramService, connection: Connection, enrol: Enrol
) -> None:
    member = enrol(service, "US:D1234567", "Bo Driver", MemberKind.PERSON, FAST=None)
    [fast] = service.repository.memberships_of(member.member_id)
    service.change_status(fast.membership_id, Action.SUSPEND, "inquiry", actor="a", country="US")
    before = connection.execute(select(func.count()).select_from(program_memberships)).scalar()
    with pytest.raises(Conflict, match="is suspended"):
        service.apply(
            member.member_id,
            [ProgramRequest("SENTRI"), ProgramRequest("FAST")],
            actor="a",
            country="US",
        )
    after = connection.execute(select(func.count()).select_from(program_memberships)).scalar()
    assert before == after


def test_after_revocation_the_member_may_apply_again(service: ProgramService, enrol: Enrol) -> None:
    member = enrol(service, "US:D1234567", "Bo Driver", MemberKind.PERSON, FAST=None)
    [fast] = service.repository.memberships_of(member.member_id)
    service.change_status(fast.membership_id, Action.REVOKE, "violation", actor="a", country="CA")
    again = service.apply(member.member_id, [ProgramRequest("FAST")], actor="a", country="US")
    assert again.memberships[0].membership_id != fast.membership_id


def test_a_business_cannot_join_a_traveler_program(service: ProgramService) -> None:
    firm = service.register_member(MemberKind.BUSINESS, "Acme", MemberRef.parse("US:12-3456789"))
    with pytest.raises(InvalidInput, match="NEXUS is a traveler program for a person"):
        service.apply(firm.member_id, [ProgramRequest("NEXUS")], actor="a", country="US")


def test_the_expiry_job_records_each_expiry_once(
    service: ProgramService, connection: Connection, clock: StepClock, enrol: Enrol
) -> None:
    member = enrol(service, "MX:OEA-001", "Exportadora", MemberKind.BUSINESS, OEA=None)
    assert service.expire_due(actor="job", country="MX") == 0
    clock.advance(days=2 * 366)
    assert service.status_for(MemberRef.parse("MX:OEA-001"), "MX").memberships[0].status is (
        ProgramStatus.EXPIRED
    )
    assert service.expire_due(actor="job", country="MX") == 1
    assert service.expire_due(actor="job", country="MX") == 0
    [oea] = service.repository.memberships_of(member.member_id)
    assert oea.status is ProgramStatus.EXPIRED
    count = connection.execute(select(func.count()).select_from(program_events)).scalar()
    assert count == 3


def test_status_look_up_applies_mutual_recognition(service: ProgramService, enrol: Enrol) -> None:
    enrol(service, "CA:BN-100", "Maple Freight", MemberKind.BUSINESS, PIP=None)
    ref = MemberRef.parse("ca:bn-100")
    in_us = service.status_for(ref, "US")
    assert in_us.benefits == {"fast_lane_trader", "reduced_inspection"}
    assert in_us.memberships[0].recognized
    assert service.status_for(ref, "CA").has("front_of_line")
    with pytest.raises(NotFound) as unknown:
        service.status_for(MemberRef.parse("CA:BN-999"), "US")
    assert unknown.value.field == "member"


def test_joint_validation_records_both_countries(service: ProgramService, enrol: Enrol) -> None:
    member = enrol(service, "US:12-3456789", "Acme Imports", MemberKind.BUSINESS, CTPAT="2")
    [ctpat] = service.repository.memberships_of(member.member_id)
    findings = [
        ValidationFinding(
            "US", "CBP SCSS J. Smith", "seal controls adequate", ValidationOutcome.PASSED
        ),
        ValidationFinding(
            "MX",
            "SAT AGACE M. López",
            "perimeter lighting to improve",
            ValidationOutcome.ACTION_REQUIRED,
        ),
    ]
    validation = service.record_joint_validation(ctpat.membership_id, findings, actor="cbp")
    assert {(f.country, f.validator, f.outcome) for f in validation.findings} == {
        ("US", "CBP SCSS J. Smith", ValidationOutcome.PASSED),
        ("MX", "SAT AGACE M. López", ValidationOutcome.ACTION_REQUIRED),
    }
    with pytest.raises(InvalidInput) as alone:
        service.record_joint_validation(ctpat.membership_id, findings[:1], actor="cbp")
    assert alone.value.field == "findings"
    stranger = [findings[0], ValidationFinding("GT", "SAT GT", "x", ValidationOutcome.PASSED)]
    with pytest.raises(InvalidInput) as outsider:
        service.record_joint_validation(ctpat.membership_id, stranger, actor="cbp")
    assert outsider.value.field == "findings[1].country"


def test_a_member_sees_its_declared_partners_and_nobody_else(
    service: ProgramService, enrol: Enrol
) -> None:
    importer = enrol(service, "US:12-3456789", "Acme Imports", MemberKind.BUSINESS, CTPAT="3")
    enrol(service, "CA:BN-100", "Maple Freight", MemberKind.BUSINESS, PIP=None)
    enrol(service, "MX:OEA-001", "Exportadora", MemberKind.BUSINESS, OEA=None)
    enrol(service, "US:98-7654321", "Not a partner", MemberKind.BUSINESS, CTPAT="1")
    service.declare_partner(importer.member_id, MemberRef.parse("CA:BN-100"))
    service.declare_partner(importer.member_id, MemberRef.parse("MX:OEA-001"))
    [oea] = service.repository.memberships_of(
        service.repository.member_by_ref(MemberRef.parse("MX:OEA-001")).member_id
    )  # type: ignore[union-attr]
    service.change_status(oea.membership_id, Action.SUSPEND, "audit", actor="sat", country="MX")
    seen = service.partner_statuses(importer.member_id)
    assert [(p.partner, [(s.program, s.standing) for s in p.programs]) for p in seen] == [
        ("MX:OEA-001", [("OEA", Standing.SUSPENDED)]),
        ("CA:BN-100", [("PIP", Standing.IN_GOOD_STANDING)]),
    ]
    with pytest.raises(Conflict):
        service.declare_partner(importer.member_id, MemberRef.parse("CA:BN-100"))
    with pytest.raises(InvalidInput):
        service.declare_partner(importer.member_id, MemberRef.parse("US:12-3456789"))
    enrol(service, "US:D1234567", "Bo Driver", MemberKind.PERSON, FAST=None)
    with pytest.raises(InvalidInput, match="is a person") as person_partner:
        service.declare_partner(importer.member_id, MemberRef.parse("US:D1234567"))
    assert person_partner.value.field == "partner"


def test_public_registry_only_where_the_program_publishes(
    service: ProgramService, enrol: Enrol
) -> None:
    enrol(service, "MX:OEA-001", "Exportadora", MemberKind.BUSINESS, OEA=None)
    pending = service.register_member(MemberKind.BUSINESS, "Pendiente", MemberRef.parse("MX:P-1"))
    service.apply(pending.member_id, [ProgramRequest("OEA")], actor="a", country="MX")
    registry = service.registry("OEA")
    assert [(e.partner, e.name, e.programs[0].standing) for e in registry] == [
        ("MX:OEA-001", "Exportadora", Standing.IN_GOOD_STANDING)
    ]
    with pytest.raises(Forbidden):
        service.registry("CTPAT")
    with pytest.raises(Forbidden):
        service.registry("NEXUS")
