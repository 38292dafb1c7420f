"""The project's promises to a new user: CI runs the README's own test command."""

from __future__ import annotations

import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
readme_command = runpy.run_path(str(ROOT / "scripts" / "readme_command.py"))["readme_command"]


def test_readme_gives_exactly_the_two_set_up_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.count("<!-- command: ") == 2
    assert readme_command("serve").endswith("borderflow serve --demo")
    assert "pytest" in readme_command("test") and '".[test]"' in readme_command("test")


def test_ci_runs_the_readme_test_command_and_fails_without_postgres() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "readme_command.py test" in ci
    assert 'bash -c "${test_command}"' in ci
    assert "FATAL: PostgreSQL is not reachable" in ci and "exit 1" in ci
    assert "-m storage" in ci
