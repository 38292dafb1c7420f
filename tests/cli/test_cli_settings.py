"""A wrong ``BORDERFLOW_*`` value: one line naming the variable and what was expected."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from borderflow.cli import context
from borderflow.errors import ConfigurationError


def test_a_wrong_setting_names_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BORDERFLOW_SCREENING_THRESHOLD", "2")
    monkeypatch.setenv("BORDERFLOW_INSPECTION_REFERRAL_EXPIRY_MINUTES", "soon")
    context.node_settings.cache_clear()
    try:
        with pytest.raises(ConfigurationError) as raised:
            context.node_settings()
    finally:
        context.node_settings.cache_clear()
    assert raised.value.field == "BORDERFLOW_SCREENING_THRESHOLD"  # the first, in order
    assert "less than or equal to 1 (got '2')" in str(raised.value)
    assert "BORDERFLOW_INSPECTION_REFERRAL_EXPIRY_MINUTES: Input should be a valid integer" in str(
        raised.value
    )


def test_the_command_exits_2_with_one_line_not_a_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "borderflow", "screen", "Ana"],
        env={**os.environ, "BORDERFLOW_SCREENING_THRESHOLD": "0"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "BORDERFLOW_SCREENING_THRESHOLD" in result.stderr and "greater than 0" in result.stderr
    assert "Traceback" not in result.stderr
