"""The list formats a node can load, by the name the CLI and API use for them."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from borderflow.screening.loaders import (
    LoadedList,
    load_bis_denied_persons,
    load_ftm_entities,
    load_ofac_consolidated,
    load_ofac_sdn,
    load_sema,
    load_un_consolidated,
)

__all__ = ["ListFormat", "load_list"]


class ListFormat(StrEnum):
    OFAC_SDN = "ofac-sdn"
    OFAC_CONS = "ofac-cons"
    UN = "un"
    SEMA = "sema"
    BIS_DPL = "bis-dpl"
    FTM = "ftm"


_LOADERS: dict[ListFormat, Callable[..., LoadedList]] = {
    ListFormat.OFAC_SDN: load_ofac_sdn,
    ListFormat.OFAC_CONS: load_ofac_consolidated,
    ListFormat.UN: load_un_consolidated,
    ListFormat.SEMA: load_sema,
    ListFormat.BIS_DPL: load_bis_denied_persons,
    ListFormat.FTM: load_ftm_entities,
}


def load_list(fmt: ListFormat, path: Path, *, version: str = "") -> LoadedList:
    """Parse ``path`` (a folder for the OFAC formats, else a file) as ``fmt``."""
    return _LOADERS[fmt](path, version=version)
