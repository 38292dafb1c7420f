"""Users, roles and tokens: only a hash is stored; revoked or forged tokens are refused."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from borderflow.errors import Conflict, InvalidInput, NotFound, Unauthorized
from borderflow.users import Role, UserRepository
from borderflow.users.tables import api_tokens

pytestmark = pytest.mark.storage


def test_a_token_authenticates_its_user(engine: Engine) -> None:
    with engine.begin() as connection:
        token = UserRepository(connection).add("ana", "mex", ["officer", "targeter"])
    with engine.connect() as connection:
        caller = UserRepository(connection).authenticate(token.value)
        stored = connection.execute(select(api_tokens.c.secret_hash)).scalar_one()
    assert (caller.name, caller.country) == ("ana", "MX")
    assert caller.roles == {Role.OFFICER, Role.TARGETER} and caller.may_read_personal_data
    assert token.value.split("_", 2)[2] not in stored


@pytest.mark.parametrize("forged", ["", "bf_", "nonsense", "bf_abc_def", "Bearer x"])
def test_malformed_or_unknown_tokens_are_refused(engine: Engine, forged: str) -> None:
    with engine.connect() as connection, pytest.raises(Unauthorized):
        UserRepository(connection).authenticate(forged)


def test_a_wrong_secret_and_a_revoked_token_are_refused(engine: Engine) -> None:
    with engine.begin() as connection:
        users = UserRepository(connection)
        token = users.add("ben", "US", ["public"])
        users.revoke(token.token_id)
        second = users.token_for("ben")
    with engine.connect() as connection:
        users = UserRepository(connection)
        with pytest.raises(Unauthorized):
            users.authenticate(token.value)
        with pytest.raises(Unauthorized):
            users.authenticate(second.value[:-1] + ("A" if second.value[-1] != "A" else "B"))
        assert users.authenticate(second.value).name == "ben"


def test_bad_user_input_names_the_field(engine: Engine) -> None:
    with engine.begin() as connection:
        users = UserRepository(connection)
        users.add("cy", "CA", ["observer"])
        with pytest.raises(Conflict):
            users.add("cy", "CA", ["observer"])
        with pytest.raises(InvalidInput) as bad_role:
            users.add("dee", "CA", ["captain"])
        with pytest.raises(NotFound) as bad_country:
            users.add("dee", "Atlantis", ["observer"])
        with pytest.raises(NotFound):
            users.revoke("nope")
    assert bad_role.value.field == "roles"
    assert bad_country.value.field == "country"
