"""Linking documents to one person (pure).

Renewed documents of the same person carry new numbers. The ledger links them when the
issuing country, the names (compared without accents, case or punctuation) and the date
of birth are the same, and says so whenever it shows the link.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from borderflow.ledger.model import Document

__all__ = ["PersonKey", "link_explanation", "normalise_name", "person_key"]

_NOT_LETTER = re.compile(r"[^A-Z]+")


@lru_cache(maxsize=1 << 16)
def normalise_name(name: str) -> str:
    """Upper-case Latin letters separated by single spaces: accents, case, punctuation dropped.

    ``"García-López, María"`` becomes ``"GARCIA LOPEZ MARIA"``. Names repeat a great deal
    in bulk imports, hence the cache.
    """
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name)
        name = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_LETTER.sub(" ", name.upper()).strip()


@dataclass(frozen=True, slots=True)
class PersonKey:
    """What two documents must share to be linked to one person.

    ``digest`` (stored as ``persons.link_key``) is computed once, at construction: bulk
    imports look it up several times per document.
    """

    issuing_country: str
    surname: str
    given_names: str
    date_of_birth: dt.date
    digest: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        text = f"{self.issuing_country}|{self.surname}|{self.given_names}|{self.date_of_birth}"
        object.__setattr__(self, "digest", hashlib.sha256(text.encode()).hexdigest())


def person_key(document: Document) -> PersonKey:
    return PersonKey(
        issuing_country=document.issuing_country,
        surname=normalise_name(document.surname),
        given_names=normalise_name(document.given_names),
        date_of_birth=document.date_of_birth,
    )


def link_explanation(key: PersonKey) -> str:
    """Why documents were linked to the same person, in words an officer can check."""
    names = ", ".join(part for part in (key.surname, key.given_names) if part)
    return (
        f"same issuing country ({key.issuing_country}), same names ({names}) and same date "
        f"of birth ({key.date_of_birth.isoformat()})"
    )
