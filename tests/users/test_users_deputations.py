"""Cross-deputations: stored, checked against the port catalog, and in force only while valid."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import Engine

from borderflow.audit import AuditLog
from borderflow.errors import Conflict, InvalidInput, NotFound
from borderflow.users import DeputationRepository, DeputationRequest, UserRepository
from enrolment import StepClock

pytestmark = pytest.mark.storage

PACIFIC = dt.timezone(dt.timedelta(hours=-8))
MARCH = DeputationRequest(
    "US", "San Ysidro", "cbp:director-sd", dt.date(2025, 3, 1), dt.date(2025, 3, 31)
)


@pytest.fixture
def users(engine: Engine) -> dict[str, int]:
    with engine.begin() as connection:
        repository = UserRepository(connection)
        return {
            name: repository.add(name, country, [role]).user_id
            for name, country, role in (
                ("luis", "MX", "officer"),
                ("ana", "US", "officer"),
                ("pat", "MX", "observer"),
            )
        }


def test_a_grant_holds_on_its_port_days_until_revoked(
    engine: Engine, users: dict[str, int]
) -> None:
    clock = StepClock(dt.datetime(2025, 2, 20, tzinfo=dt.UTC))
    with engine.begin() as connection:
        granted = DeputationRepository(connection, now=clock).grant("luis", MARCH)
    luis = users["luis"]
    with engine.connect() as connection:
        repository = DeputationRepository(connection)
        before = repository.active_for(luis, dt.datetime(2025, 2, 28, 23, 30, tzinfo=PACIFIC))
        first = repository.active_for(luis, dt.datetime(2025, 3, 1, 0, 30, tzinfo=PACIFIC))
        # 06:30 UTC on 1 April is still 31 March at San Ysidro (PDT, UTC-7)
        last = repository.active_for(luis, dt.datetime(2025, 4, 1, 6, 30, tzinfo=dt.UTC))
        expired = repository.active_for(luis, dt.datetime(2025, 4, 1, 0, 30, tzinfo=PACIFIC))
    assert (granted.partner, granted.port, granted.user_name) == ("US", "2504", "luis")
    assert before == frozenset() and expired == frozenset()
    assert first == last == frozenset({("US", "2504")})
    clock.now = dt.datetime(2025, 3, 10, 12, tzinfo=dt.UTC)
    with engine.begin() as connection:
        revoked = DeputationRepository(connection, now=clock).revoke(
            granted.deputation_id, revoked_by="cbp:director-sd"
        )
        with pytest.raises(Conflict):
            DeputationRepository(connection, now=clock).revoke(
                granted.deputation_id, revoked_by="x"
            )
    with engine.connect() as connection:
        repository = DeputationRepository(connection)
        morning = repository.active_for(luis, dt.datetime(2025, 3, 10, 11, tzinfo=dt.UTC))
        afternoon = repository.active_for(luis, dt.datetime(2025, 3, 10, 13, tzinfo=dt.UTC))
        listed = repository.all("luis")
        actions = [e.action for e in AuditLog(connection).entries()]
    assert revoked.revoked_at == clock.now and revoked.revoked_by == "cbp:director-sd"
    assert morning == frozenset({("US", "2504")}) and afternoon == frozenset()
    assert listed == [revoked]
    assert actions == ["users.deputation_granted", "users.deputation_revoked"]


@pytest.mark.parametrize(
    ("user", "change", "fields"),
    [
        ("luis", {"port": "Blaine"}, {"port"}),  # US-CA: not on the MX-US border
        ("luis", {"port": "MXGT01"}, {"port"}),  # MX-GT: not the partner's border
        ("ana", {}, {"partner"}),  # a US officer needs no US deputation
        ("pat", {}, {"user"}),  # an observer does not decide at booths
        ("luis", {"valid_until": dt.date(2025, 2, 1)}, {"valid_until"}),
        (
            "luis",
            {"granted_by": " ", "valid_until": dt.date(2025, 2, 1)},
            {"valid_until", "granted_by"},
        ),
    ],
)
def test_unsound_grants_are_refused_naming_the_field(
    engine: Engine, users: dict[str, int], user: str, change: dict[str, object], fields: set[str]
) -> None:
    request = dataclasses.replace(MARCH, **change)  # type: ignore[arg-type]
    with engine.begin() as connection, pytest.raises(InvalidInput) as raised:
        DeputationRepository(connection).grant(user, request)
    assert {p.field for p in raised.value.problems} == fields


def test_unknown_user_port_partner_or_deputation(engine: Engine, users: dict[str, int]) -> None:
    with engine.begin() as connection:
        repository = DeputationRepository(connection)
        with pytest.raises(NotFound) as user:
            repository.grant("nobody", MARCH)
        with pytest.raises(NotFound) as port:
            repository.grant("luis", dataclasses.replace(MARCH, port="Atlantis"))
        with pytest.raises(NotFound) as partner:
            repository.grant("luis", dataclasses.replace(MARCH, partner="Atlantis"))
        with pytest.raises(NotFound) as deputation:
            repository.revoke(99, revoked_by="x")
        with pytest.raises(NotFound) as listed:
            repository.all("nobody")
    assert (user.value.field, port.value.field, partner.value.field) == ("user", "port", "partner")
    assert deputation.value.field == "deputation_id" and listed.value.field == "user"
