"""Hypothesis: any claims, any choice of disclosable parts, any holder selection."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from borderflow.identity.jose import generate_key
from borderflow.identity.sdjwt import Disclosure, Sd, SdJwt, SdJwtIssuer, SdJwtVerifier

NOW = dt.datetime(2026, 11, 29, tzinfo=dt.UTC)
KEY = generate_key("EdDSA")
ISSUER = SdJwtIssuer(KEY, typ=None, decoys=2)
VERIFIER = SdJwtVerifier(lambda _h, _p: [KEY.public_key()], typ=None, require_key_binding=False)

_NAMES = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=8)
_SCALARS = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=12)


def _claims(leaf: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """JSON values where any property or element may be wrapped in ``Sd``."""
    maybe_sd = st.one_of(leaf, leaf.map(Sd))
    return st.one_of(
        st.lists(maybe_sd, max_size=4),
        st.dictionaries(
            _NAMES.filter(lambda n: n not in ("_sd", "...", "_sd_alg")), maybe_sd, max_size=4
        ),
    )


_VALUES = st.recursive(_SCALARS, _claims, max_leaves=12)
#: Top-level names the verifier interprets (times, holder key) are left out of the claims.
_REGISTERED = ("_sd", "...", "_sd_alg", "exp", "nbf", "iat", "cnf")
_TOP = st.dictionaries(
    _NAMES.filter(lambda n: n not in _REGISTERED),
    st.one_of(_VALUES, _VALUES.map(Sd)),
    max_size=5,
)


def _plain(value: Any) -> Any:
    if isinstance(value, Sd):
        return _plain(value.value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _hidden(value: Any) -> Any:
    """What a verifier sees when nothing is disclosed."""
    if isinstance(value, dict):
        return {k: _hidden(v) for k, v in value.items() if not isinstance(v, Sd)}
    if isinstance(value, list):
        return [_hidden(v) for v in value if not isinstance(v, Sd)]
    return value


@settings(max_examples=60, deadline=None)
@given(_TOP)
def test_disclose_all_gives_back_the_claims(claims: dict[str, Any]) -> None:
    issued = ISSUER.issue(claims)
    full = SdJwt.parse(SdJwt(issued.issuer_jwt, issued.disclosures).serialize())
    assert VERIFIER.verify(full, now=NOW).claims == _plain(claims)


@settings(max_examples=60, deadline=None)
@given(_TOP)
def test_disclose_nothing_hides_every_marked_part(claims: dict[str, Any]) -> None:
    issued = ISSUER.issue(claims)
    bare = SdJwt.parse(issued.present({}).serialize())
    assert bare.disclosures == ()
    assert VERIFIER.verify(bare, now=NOW).claims == _hidden(claims)


@given(st.text(max_size=20), st.one_of(st.none(), _NAMES), _VALUES)
def test_disclosure_round_trip(salt: str, name: str | None, value: Any) -> None:
    if name in ("_sd", "..."):
        return
    made = Disclosure.create(name, _plain(value), salt)
    parsed = Disclosure.parse(made.encoded)
    assert (parsed.salt, parsed.name, parsed.value) == (salt, name, _plain(value))
    assert parsed.digest == made.digest
