"""The project's promises to a new user: CI runs the README's own test command."""

from __future__ import annotations

import runpy
import tomllib
from fnmatch import fnmatch
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


def test_every_data_file_of_the_package_is_shipped() -> None:
    """A file the code reads (ports, agreements, the screening model...) that the package-data
    patterns miss works in a checkout and fails in an installed wheel."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["borderflow"]
    package = ROOT / "src" / "borderflow"
    data = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    ]

    def shipped(name: str) -> bool:
        return any(
            fnmatch(name, pattern) or (pattern.startswith("**/") and fnmatch(name, pattern[3:]))
            for pattern in patterns
        )

    assert data and [name for name in data if not shipped(name)] == []
