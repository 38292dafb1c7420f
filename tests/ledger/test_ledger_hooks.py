"""Hooks on recording: a batch hook gets the new crossings of a write in one call."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from sqlalchemy import Connection, Engine

from borderflow.ledger import Crossing, CrossingInput, CrossingRules, LedgerService

pytestmark = pytest.mark.storage


class Collecting:
    """A batch hook that notes each call; a per-crossing call is a batch of one."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, connection: Connection, crossing: Crossing) -> None:
        self.batch(connection, [crossing])

    def batch(self, connection: Connection, crossings: Sequence[Crossing]) -> None:
        assert connection.in_transaction()
        self.calls.append([c.id for c in crossings])


def test_a_batch_hook_is_called_once_per_write_with_the_new_crossings_only(
    engine: Engine, rules: CrossingRules, make_input: Callable[..., CrossingInput]
) -> None:
    hook, seen = Collecting(), []
    items = [rules.validate(make_input(id=f"b{i}")) for i in range(3)]
    with engine.begin() as connection:
        ledger = LedgerService(
            connection, rules=rules, on_recorded=[hook, lambda _c, x: seen.append(x.id)]
        )
        ledger.record_validated(items, recorded_by="t")
        ledger.record_validated([*items[:2], rules.validate(make_input(id="b3"))], recorded_by="t")
        ledger.record_validated(items, recorded_by="t")
    assert hook.calls == [["b0", "b1", "b2"], ["b3"]]
    assert seen == ["b0", "b1", "b2", "b3"]
