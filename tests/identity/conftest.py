"""Fixtures of the identity tests: the shared test vectors and a YAML loader for ``!sd``.

The SD-JWT test-case files (sd-jwt-python, the spec's example inputs) mark selectively
disclosable keys and array elements with the YAML tag ``!sd``; ``load_sd_yaml`` turns
them into our ``Sd`` markers so the same files drive our issuer.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from borderflow.identity.jose import private_key_from_jwk, public_jwk
from borderflow.identity.sdjwt import (
    KeyBinding,
    Sd,
    SdJwtIssuer,
    SdJwtVerifier,
    from_json_serialization,
    to_json_serialization,
)


@dataclass(frozen=True)
class _SdTag:
    value: Any


class _SdLoader(yaml.SafeLoader):
    pass


def _construct_sd(loader: yaml.SafeLoader, node: yaml.Node) -> _SdTag:
    if isinstance(node, yaml.ScalarNode):
        # A tagged scalar skips YAML's type resolution: resolve it as if untagged.
        quoted = node.style in ("'", '"')
        tag = loader.resolve(yaml.ScalarNode, node.value, (not quoted, quoted))
        plain = yaml.ScalarNode(tag, node.value, node.start_mark, node.end_mark, node.style)
        return _SdTag(loader.construct_object(plain, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return _SdTag(loader.construct_sequence(node, deep=True))
    assert isinstance(node, yaml.MappingNode)
    return _SdTag(loader.construct_mapping(node, deep=True))


_SdLoader.add_constructor("!sd", _construct_sd)


def to_markers(value: Any) -> Any:
    """YAML ``!sd`` tags as ``Sd`` markers, recursively."""
    if isinstance(value, _SdTag):
        return Sd(to_markers(value.value))
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if isinstance(key, _SdTag):
                out[str(key.value)] = Sd(to_markers(item))
            else:
                out[str(key)] = to_markers(item)
        return out
    if isinstance(value, list):
        return [to_markers(v) for v in value]
    return value


def strip_markers(value: Any) -> Any:
    """The plain claims behind ``Sd`` markers (what a full disclosure gives back)."""
    if isinstance(value, Sd):
        return strip_markers(value.value)
    if isinstance(value, dict):
        return {k: strip_markers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [strip_markers(v) for v in value]
    return value


def select_all(value: Any) -> Any:
    """A holder selection that discloses everything in ``value``."""
    if isinstance(value, Sd):
        inner = select_all(value.value)
        return True if inner is None else inner
    if isinstance(value, dict):
        return {k: (select_all(v) if select_all(v) is not None else True) for k, v in value.items()}
    if isinstance(value, list):
        return [select_all(v) if select_all(v) is not None else True for v in value]
    return None


@pytest.fixture(scope="session")
def identity_dir(data_dir: Path) -> Path:
    return data_dir / "identity"


@pytest.fixture(scope="session")
def load_sd_yaml() -> Callable[[Path], dict[str, Any]]:
    def load(path: Path) -> dict[str, Any]:
        raw = yaml.load(path.read_text(), Loader=_SdLoader)
        assert isinstance(raw, dict)
        return raw

    return load


@pytest.fixture(scope="session")
def load_json(identity_dir: Path) -> Callable[[str], Any]:
    def load(relative: str) -> Any:
        return json.loads((identity_dir / relative).read_text())

    return load


#: A fixed instant for tests that need "now" (the clock is always injected).
NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def now() -> dt.datetime:
    return NOW


REGISTERED = {"iss", "iat", "exp", "cnf", "vct", "status"}


def case_settings(load_sd_yaml: Any, folder: Path, spec: dict[str, Any]) -> dict[str, Any]:
    settings = load_sd_yaml(folder.parent / "settings.yml")
    settings["key_settings"].update(spec.get("settings_override", {}).get("key_settings", {}))
    return settings


def run_case(
    folder: Path,
    load_sd_yaml: Any,
    sd_helpers: Any,
    *,
    selection: Any = None,
    compact: bool = False,
) -> tuple[dict[str, Any], dict[str, Any], str, dict[str, Any]]:
    """Issue, present and verify one case with our code; (spec, claims, presentation, settings)."""
    spec = load_sd_yaml(folder / "specification.yml")
    settings = case_settings(load_sd_yaml, folder, spec)
    keys = settings["key_settings"]
    issuer_key = private_key_from_jwk(
        keys["issuer_keys"][0] if "issuer_keys" in keys else keys["issuer_key"]
    )
    holder_key = private_key_from_jwk(keys["holder_key"])
    claims = to_markers(spec["user_claims"])
    if spec.get("include_default_claims", True):
        claims = {
            "iss": settings["identifiers"]["issuer"],
            "iat": settings["iat"],
            "exp": settings["exp"],
            **claims,
        }
    with_kb = bool(spec.get("key_binding", False))
    if with_kb:
        claims["cnf"] = {"jwk": public_jwk(holder_key)}
    issuer = SdJwtIssuer(issuer_key, typ="example+sd-jwt", decoys=2)
    issued = issuer.issue(claims, extra_header=spec.get("extra_header_parameters"))
    now = dt.datetime.fromtimestamp(settings["iat"], dt.UTC) + dt.timedelta(seconds=30)
    binding = (
        KeyBinding(
            holder_key, settings["identifiers"]["verifier"], str(settings["key_binding_nonce"]), now
        )
        if with_kb
        else None
    )
    chosen = spec.get("holder_disclosed_claims", {}) if selection is None else selection
    presentation = issued.present(chosen, binding)
    text = presentation.serialize()
    if spec.get("serialization_format") == "json" and not compact:
        text = to_json_serialization(presentation, general=folder.name.endswith("general"))
        presentation = from_json_serialization(text)
    verifier = SdJwtVerifier(
        lambda _h, _p: [issuer_key.public_key()], typ=None, require_key_binding=with_kb
    )
    result = verifier.verify(
        presentation,
        now=now,
        audience=settings["identifiers"]["verifier"],
        nonce=str(settings["key_binding_nonce"]),
    )
    verified = {k: v for k, v in result.claims.items() if k not in REGISTERED}
    return spec, verified, text, settings


@pytest.fixture(scope="session")
def sd_case(load_sd_yaml: Any) -> Callable[..., Any]:
    """Runs one ``specification.yml`` folder through our issuer, holder and verifier."""

    def run(folder: Path, *, selection: Any = None, compact: bool = False) -> Any:
        return run_case(folder, load_sd_yaml, None, selection=selection, compact=compact)

    return run


@dataclass(frozen=True)
class SdHelpers:
    """The YAML-to-marker helpers, handed to tests as one fixture."""

    to_markers: Callable[[Any], Any] = to_markers
    strip_markers: Callable[[Any], Any] = strip_markers
    select_all: Callable[[Any], Any] = select_all
    registered: frozenset[str] = frozenset(REGISTERED)


@pytest.fixture(scope="session")
def sd_helpers() -> SdHelpers:
    return SdHelpers()
