"""The 17 sd-jwt-python end-to-end cases and the spec's example inputs through our code.

Each case's claims (``!sd``-marked YAML) go through our issuer, our holder (the case's
selection) and our verifier; the verified claims must equal the case's expectation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def _folders(identity_dir: Path, relative: str) -> list[Path]:
    return sorted(p.parent for p in (identity_dir / relative).glob("*/specification.yml"))


def test_seventeen_sd_jwt_python_cases(identity_dir: Path, sd_case: Any) -> None:
    folders = _folders(identity_dir, "sd-jwt/sd-jwt-python-testcases")
    assert len(folders) == 17
    for folder in folders:
        spec, verified, _, _ = sd_case(folder)
        assert verified == spec["expect_verified_user_claims"], folder.name


@pytest.mark.parametrize(
    "relative", ["sd-jwt/spec-example-inputs", "sd-jwt-vc/spec-example-inputs"]
)
def test_spec_example_inputs_round_trip(
    identity_dir: Path, load_sd_yaml: Any, sd_helpers: Any, sd_case: Any, relative: str
) -> None:
    """Disclosing everything gives back exactly the claims that went in."""
    folders = _folders(identity_dir, relative)
    assert (
        len(folders)
        == {"sd-jwt/spec-example-inputs": 15, "sd-jwt-vc/spec-example-inputs": 3}[relative]
    )
    for folder in folders:
        spec = load_sd_yaml(folder / "specification.yml")
        marked = sd_helpers.to_markers(spec["user_claims"])
        _, verified, _, _ = sd_case(folder, selection=sd_helpers.select_all(marked))
        expected = {
            k: v
            for k, v in sd_helpers.strip_markers(marked).items()
            if k not in sd_helpers.registered
        }
        assert verified == expected, folder.name
