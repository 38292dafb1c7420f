"""Name normalisation: any script to Latin, folding, tokens, particles and skeletons.

Transliteration uses ICU (``Any-Latin; Latin-ASCII``), which handles every script ICU
knows (Arabic, Cyrillic, Han, Hangul, Greek, Hebrew, Thai, ...). ICU transliterators are
not thread-safe, so one is shared behind a lock and results are cached.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import icu  # type: ignore[import-untyped]

__all__ = [
    "PARTICLES",
    "fold",
    "is_abjad",
    "is_syllabic",
    "name_tokens",
    "skeleton",
    "transliterate",
]

#: Words that join or qualify name parts and carry little identity: Arabic, Spanish,
#: Portuguese, Dutch, German, French and Italian particles, and the English and German
#: words that join the parts of organisation names (``GEMS & JEWELLERY`` = ``GEMS AND
#: JEWELLERY``).
_PARTICLE_WORDS = (
    "al el ul bin ben ibn bint bn de del della der di da das do dos du la las le les "
    "los van von y e zu and und of for the"
)
PARTICLES = frozenset(_PARTICLE_WORDS.split())

_ABJAD = re.compile(r"[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_SYLLABIC = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['\u2019\u2018\u02bf\u02be\u02bc`]")
_VOWELS = re.compile(r"[aeiouyw]")
_DOUBLES = re.compile(r"(.)\1+")
# Letters that one Arabic or Hebrew letter is written as in different Latin conventions.
_DIGRAPHS = (
    ("dh", "d"),
    ("th", "t"),
    ("gh", "g"),
    ("sh", "s"),
    ("kh", "h"),
    ("dj", "j"),
    ("ph", "f"),
)
_CONSONANT_CLASSES = str.maketrans(
    {"q": "k", "c": "k", "p": "b", "v": "f", "z": "s", "x": "s", "e": "a", "o": "a"}
)
# Tā' marbūṭa reads as a final vowel (أسامة = Osama); ICU writes it as "t".
_ARABIC_PREMAP = str.maketrans({"\u0629": "\u0627", "\u0649": "\u0627"})

_lock = threading.Lock()
_transliterator = icu.Transliterator.createInstance("Any-Latin; Latin-ASCII")


def is_syllabic(text: str) -> bool:
    """Whether ``text`` has Han, kana or Hangul: ICU writes each syllable in Latin, and a
    syllable one letter away (``rong``/``song``) is another character, not a typo."""
    return _SYLLABIC.search(text) is not None


def is_abjad(text: str) -> bool:
    """Whether ``text`` is written in an abjad (Arabic, Hebrew): vowels are mostly unwritten."""
    return _ABJAD.search(text) is not None


def transliterate(text: str) -> str:
    """``text`` in plain ASCII Latin letters; ASCII input is returned unchanged.

    Words are transliterated one by one (and cached): names repeat their words, so a large
    list needs ICU far less often than it has names.
    """
    if text.isascii():
        return text
    return " ".join(_transliterate_word(word) for word in text.split())


@lru_cache(maxsize=262_144)
def _transliterate_word(word: str) -> str:
    if word.isascii():
        return word
    word = unicodedata.normalize("NFC", word).translate(_ARABIC_PREMAP)
    with _lock:
        latin: str = _transliterator.transliterate(word)
    return latin


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces.

    Apostrophes and transliterated ayn/hamza marks vanish (``qa'ida`` = ``qaida``), other
    punctuation becomes a space.
    """
    latin = _APOSTROPHES.sub("", transliterate(text).lower())
    return _NOT_ALNUM.sub(" ", latin).strip()


def name_tokens(text: str) -> tuple[str, ...]:
    """The folded words of a name, particles kept (the scorer decides what they weigh)."""
    return tuple(fold(text).split())


def skeleton(token: str) -> str:
    """The consonant skeleton of a folded token, for abjad-script comparison.

    Arabic and Hebrew omit most vowels, so ``sdam hsyn`` (صدام حسين) and ``saddam
    hussein`` agree only on consonants: vowels, ``y`` and ``w`` are dropped, doubled
    letters collapsed and a leading article ``al`` removed.
    """
    if token.startswith("al") and len(token) > 4:
        token = token[2:]
    for digraph, letter in _DIGRAPHS:
        token = token.replace(digraph, letter)
    bare = _VOWELS.sub("", token.translate(_CONSONANT_CLASSES))
    return _DOUBLES.sub(r"\1", bare) or token[:1]
