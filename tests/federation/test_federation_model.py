"""The pure parts: agreements, payload minimisation, envelopes, signatures and key files."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderflow.errors import ConfigurationError, InvalidInput
from borderflow.federation.agreements import flatten, parse_agreement, strip_payload
from borderflow.federation.canonical import canonical_json
from borderflow.federation.envelope import Envelope, EnvelopeError
from borderflow.federation.events import EVENT_KINDS
from borderflow.federation.keys import NodeKey, node_id_for, public_key_from_text
from borderflow.federation.network import bundled_agreements
from borderflow.federation.signing import BadSignatureError, sign, verify

MINIMAL = """
id = "us-ca-test"
version = 3
parties = ["US", "CA"]
purpose = "testing"

[[flows]]
from = "US"
to = "CA"
kind = "ProgramStatusChanged"
fields = ["membership_id", "program", "status", "changed_at"]
retention_days = 30
"""


def test_bundled_agreements_are_valid_and_cover_the_three_pairs() -> None:
    pairs = {frozenset(a.parties) for a in bundled_agreements()}
    assert pairs == {frozenset({"US", "MX"}), frozenset({"US", "CA"}), frozenset({"CA", "MX"})}


def test_the_hash_ignores_layout_but_not_content() -> None:
    base = parse_agreement(MINIMAL)
    relaid = parse_agreement(MINIMAL.replace("version = 3", "version    =   3\n# note"))
    assert base.hash == relaid.hash
    assert (
        parse_agreement(MINIMAL.replace("retention_days = 30", "retention_days = 31")).hash
        != base.hash
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            ('kind = "ProgramStatusChanged"', 'kind = "Gossip"'),
            "flows.0.kind",
            "unknown event kind",
        ),
        (
            ('"status", "changed_at"]', '"status", "changed_at", "shoe_size"]'),
            "flows.0",
            "has no field(s) shoe_size",
        ),
        (('"program", "status"', '"program"'), "flows.0", "cannot be applied without status"),
        (('from = "US"', 'from = "MX"'), "agreement", "not between the parties"),
        (
            ("retention_days = 30", "retention_days = 0"),
            "flows.0.retention_days",
            "greater than or equal to 1",
        ),
        (("version = 3", 'version = "three"'), "version", "valid integer"),
        (('purpose = "testing"', ""), "purpose", "Field required"),
        (('id = "us-ca-test"', 'id = "US CA"'), "id", "pattern"),
    ],
)
def test_invalid_agreements_name_the_field(
    change: tuple[str, str], field: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_agreement(MINIMAL.replace(*change))
    assert error.value.field == field
    assert message in error.value.message


def test_a_file_that_is_not_toml_is_refused() -> None:
    with pytest.raises(InvalidInput) as error:
        parse_agreement("id = [", source="x.toml")
    assert error.value.field == "file" and "x.toml" in error.value.message


leaves = st.dictionaries(
    st.sampled_from(["a", "b", "c"]),
    st.one_of(st.integers(), st.text(max_size=5), st.none()),
    max_size=3,
)
payloads = st.dictionaries(
    st.sampled_from(["x", "y", "doc"]), st.one_of(st.integers(), leaves), max_size=3
)


@settings(deadline=None)  # timing varies on a shared machine; the property does not
@given(payloads, st.sets(st.sampled_from(["x", "y", "doc.a", "doc.b", "doc.c"])))
def test_stripping_keeps_exactly_the_allowed_leaves(
    payload: dict[str, Any], allowed: set[str]
) -> None:
    kept = flatten(strip_payload(payload, frozenset(allowed)))
    original = flatten(payload)
    assert kept == {k: v for k, v in original.items() if k in allowed}


def test_each_kind_lists_its_nested_fields() -> None:
    crossing = EVENT_KINDS["CrossingRecorded"]
    assert {"document.surname", "crossed_at", "admission_class"} <= crossing.fields
    assert "admission_class" not in crossing.required and "document.number" in crossing.required


def envelope_dict() -> dict[str, Any]:
    return Envelope(
        "e1",
        "node-a",
        "node-b",
        1,
        "CrossingRecorded",
        1,
        dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        "a",
        1,
        "0" * 64,
        {"id": "x"},
    ).to_dict()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"seq": "1"}, "seq: expected int"),
        ({"seq": 0}, "seq: starts at 1"),
        ({"issued_at": "2026-01-01T00:00:00"}, "needs a UTC offset"),
        ({"extra": 1}, "unexpected ['extra']"),
        ({"payload": []}, "payload"),
    ],
)
def test_malformed_envelopes_are_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises(EnvelopeError, match=message.replace("[", r"\[").replace("]", r"\]")):
        Envelope.from_dict({**envelope_dict(), **change})


def test_envelope_round_trips() -> None:
    assert Envelope.from_dict(envelope_dict()).to_dict() == envelope_dict()


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=10,
)
KEY = NodeKey.generate()


@settings(deadline=None)
@given(json_values)
def test_signatures_round_trip_any_json(value: Any) -> None:
    token = sign(value, KEY.private, kid=KEY.node_id, typ="t")
    assert verify(token, public_key_from_text(KEY.public_key), typ="t") == value
    assert canonical_json(value) == canonical_json(verify(token, KEY.private, typ="t"))


def test_signature_checks_key_type_and_algorithm() -> None:
    token = sign({"a": 1}, KEY.private, kid=KEY.node_id, typ="t")
    other = public_key_from_text(NodeKey.generate().public_key)
    with pytest.raises(BadSignatureError):
        verify(token, other, typ="t")
    with pytest.raises(BadSignatureError, match="wrong token type"):
        verify(token, KEY.private, typ="u")
    unsigned = "eyJhbGciOiJub25lIn0.eyJhIjoxfQ."  # {"alg":"none"}
    with pytest.raises(BadSignatureError):
        verify(unsigned, KEY.private, typ="t")


def test_key_file_is_private_and_refused_when_readable_by_others(tmp_path: Path) -> None:
    path = tmp_path / "node.key"
    KEY.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert NodeKey.load(path).public_key == KEY.public_key
    assert node_id_for(KEY.public_key) == KEY.node_id
    with pytest.raises(ConfigurationError, match="never overwritten"):
        KEY.save(path)
    path.chmod(0o644)
    with pytest.raises(ConfigurationError, match="readable by others"):
        NodeKey.load(path)


def test_public_keys_are_checked() -> None:
    with pytest.raises(InvalidInput) as error:
        public_key_from_text("too-short")
    assert error.value.field == "public_key"
