"""What an import's validating worker process loads: validation only, so that two of them
beside the writer keep the whole import under its memory budget (docs/benchmarks.md)."""

from __future__ import annotations

import subprocess
import sys

import pytest


def modules_loaded_by(statement: str, *names: str) -> list[str]:
    """Which of ``names`` a fresh interpreter has loaded after running ``statement``."""
    probe = f"import sys; {statement}; print(' '.join(n for n in {names!r} if n in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return result.stdout.split()


@pytest.mark.parametrize(
    "statement",
    [
        "import borderflow.ledger.checking",
        # A worker re-imports the script that started it: `borderflow` runs this module's main.
        "import borderflow.__main__",
    ],
)
def test_a_worker_loads_neither_the_database_layer_nor_the_cli(statement: str) -> None:
    heavy = ("sqlalchemy", "alembic", "fastapi", "borderflow.cli", "numpy", "icu")
    assert modules_loaded_by(statement, *heavy) == []
