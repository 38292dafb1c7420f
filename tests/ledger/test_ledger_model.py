"""The packed form in which worker processes send validated crossings to the writer."""

from __future__ import annotations

import datetime as dt
import pickle

from hypothesis import given
from hypothesis import strategies as st

from borderflow.ledger.checking import CheckedChunk, Rejection
from borderflow.ledger.model import (
    Crossing,
    Document,
    DocumentType,
    Mode,
    Sex,
    pack_crossings,
    unpack_crossings,
)

codes = st.sampled_from(["US", "CA", "MX", "GT"])
words = st.text(min_size=0, max_size=12)
days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
moments = st.datetimes(
    min_value=dt.datetime(1950, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
)
documents = st.builds(
    Document,
    doc_type=st.sampled_from(DocumentType),
    issuing_country=codes,
    number=st.from_regex(r"[A-Z0-9]{1,20}", fullmatch=True),
    surname=words,
    given_names=words,
    date_of_birth=days,
    nationality=codes,
    sex=st.none() | st.sampled_from(Sex),
)
crossings = st.builds(
    Crossing,
    id=st.uuids().map(str),
    document=documents,
    mode=st.sampled_from(Mode),
    port=st.text(min_size=1, max_size=8),
    from_country=codes,
    to_country=codes,
    crossed_at=moments,
    local_day=days,
    admission_class=st.none() | words,
    admitted_until=st.none() | days,
)


@given(st.lists(crossings, max_size=20))
def test_packed_crossings_unpack_to_equal_crossings(batch: list[Crossing]) -> None:
    assert unpack_crossings(pack_crossings(batch)) == batch


@given(st.lists(crossings, max_size=5))
def test_a_checked_chunk_survives_pickling(batch: list[Crossing]) -> None:
    chunk = CheckedChunk(7, 9, batch, [Rejection(3, "port", "unknown land port")])
    assert pickle.loads(pickle.dumps(chunk)) == chunk
