"""Loaders for published watch-list formats; each returns a :class:`LoadedList`."""

from borderflow.screening.loaders.bis import load_bis_denied_persons
from borderflow.screening.loaders.common import LoadedList, parse_birth_date
from borderflow.screening.loaders.ftm import load_ftm_entities
from borderflow.screening.loaders.ofac import load_ofac_consolidated, load_ofac_sdn
from borderflow.screening.loaders.sema import load_sema
from borderflow.screening.loaders.un import load_un_consolidated

__all__ = [
    "LoadedList",
    "load_bis_denied_persons",
    "load_ftm_entities",
    "load_ofac_consolidated",
    "load_ofac_sdn",
    "load_sema",
    "load_un_consolidated",
    "parse_birth_date",
]
