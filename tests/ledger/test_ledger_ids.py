"""Time-ordered ids: valid UUIDv7, sorted by time, deterministic for the same entropy."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderflow.ledger.ids import time_ordered_id

moments = st.datetimes(
    min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2200, 1, 1), timezones=st.just(dt.UTC)
)


@given(moments, moments, st.binary(min_size=10, max_size=10), st.binary(min_size=10, max_size=10))
def test_ids_sort_by_time_and_are_version_7(a, b, entropy_a, entropy_b) -> None:
    first, second = time_ordered_id(a, entropy_a), time_ordered_id(b, entropy_b)
    parsed = uuid.UUID(first)
    assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
    assert parsed.int >> 80 == (a - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(
        milliseconds=1
    )
    if a.replace(microsecond=a.microsecond // 1000 * 1000) < b.replace(
        microsecond=b.microsecond // 1000 * 1000
    ):
        assert first < second


def test_same_moment_and_entropy_give_the_same_id() -> None:
    moment = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    assert time_ordered_id(moment, b"0123456789") == time_ordered_id(moment, b"0123456789")
    assert time_ordered_id(moment, b"0123456789") != time_ordered_id(moment, b"9876543210")


def test_too_little_entropy_is_refused() -> None:
    with pytest.raises(ValueError, match="10 bytes"):
        time_ordered_id(dt.datetime(2025, 1, 1, tzinfo=dt.UTC), b"short")
