"""``python -m borderflow`` runs the CLI."""

from borderflow.cli import main

main()
