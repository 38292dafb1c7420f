"""Logging set-up shared by the CLI and the HTTP service."""

from __future__ import annotations

import logging

from rich.logging import RichHandler

__all__ = ["configure_logging"]


def configure_logging(level: str = "INFO") -> None:
    """Send BorderFlow's logs to standard error through rich, once."""
    root = logging.getLogger("borderflow")
    if root.handlers:
        root.setLevel(level)
        return
    handler = RichHandler(show_path=False, rich_tracebacks=False)
    handler.setFormatter(logging.Formatter("%(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
