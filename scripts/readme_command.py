"""Print one of the README's set-up commands (``serve`` or ``test``), for CI and the tests.

The README marks each with an HTML comment ``<!-- command: NAME -->`` on the line before
its code block, so CI runs exactly what a new user is told to run.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_command(name: str, text: str | None = None) -> str:
    text = README.read_text(encoding="utf-8") if text is None else text
    match = re.search(
        rf"<!-- command: {re.escape(name)} -->\s*```(?:sh|bash)?\n(.+?)\n```", text, re.DOTALL
    )
    if match is None:
        raise SystemExit(f"README.md has no command marked '<!-- command: {name} -->'")
    return match.group(1).strip()


if __name__ == "__main__":
    print(readme_command(sys.argv[1]))
