"""``python -m borderflow.federation --home DIR``: run one node (API and delivery worker)."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from borderflow.federation.server import run_node

__all__: list[str] = []

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", type=Path, required=True, help="the node's home directory")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    run_node(args.home)
