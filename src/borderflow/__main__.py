"""``python -m borderflow`` and the ``borderflow`` command run the CLI.

The CLI is imported when it runs, not when this module is: the processes that validate a
bulk import re-import the script that started the command, and stay light that way.
"""


def main() -> None:
    from borderflow.cli import main as run_cli  # noqa: PLC0415 (see the module docstring)

    run_cli()


if __name__ == "__main__":
    main()
