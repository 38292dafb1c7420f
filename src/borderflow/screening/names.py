"""A name prepared for comparison: folded tokens, their skeletons and phonetic keys."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import jellyfish

from borderflow.screening.legal_forms import LEGAL_FORMS, canonical_forms
from borderflow.screening.normalize import PARTICLES, fold, is_abjad, is_syllabic, skeleton
from borderflow.screening.synonyms import canonical

__all__ = ["ParsedName", "parse_name"]


@dataclass(frozen=True, slots=True)
class ParsedName:
    """``tokens`` exclude particles and legal forms (kept in ``particles``); ``prefixed``
    is each token with the particles before it written as one word (``delarosa``)."""

    text: str
    folded: str
    tokens: tuple[str, ...]
    particles: tuple[str, ...]
    canonical: tuple[str, ...]
    prefixed: tuple[str, ...]
    skeletons: tuple[str, ...]
    phonetic: tuple[str, ...]
    abjad: bool
    syllabic: bool

    @property
    def skeleton_text(self) -> str:
        return " ".join(s for s in self.skeletons if len(s) > 1)


@lru_cache(maxsize=200_000)
def parse_name(text: str) -> ParsedName:
    """Fold ``text`` (any script) and split it into comparable parts."""
    folded = fold(text)
    words = _join_initials(canonical_forms(folded).split())
    kept = [i for i, w in enumerate(words) if w not in PARTICLES and w not in LEGAL_FORMS]
    if not kept:
        kept = list(range(len(words)))
    tokens = tuple(words[i] for i in kept)
    return ParsedName(
        text=text,
        folded=folded,
        tokens=tokens,
        particles=tuple(w for w in words if w in PARTICLES or w in LEGAL_FORMS),
        canonical=tuple(canonical(t) for t in tokens),
        prefixed=tuple(_with_particles(words, i) for i in kept),
        skeletons=tuple(skeleton(t) for t in tokens),
        phonetic=tuple(jellyfish.metaphone(t) if t.isalpha() else t for t in tokens),
        abjad=is_abjad(text),
        syllabic=is_syllabic(text),
    )


def _with_particles(words: list[str], i: int) -> str:
    start = i
    while start > 0 and words[start - 1] in PARTICLES and i - start < 2:
        start -= 1
    return "".join(words[start : i + 1])


def _join_initials(words: list[str]) -> list[str]:
    """Runs of single letters are one acronym: ``a b c`` (from ``A.B.C.``) is ``abc``."""
    joined: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1:
            run.append(word)
            continue
        if run:
            joined.extend(["".join(run)] if len(run) > 1 else run)
            run = []
        if word:
            joined.append(word)
    return joined
