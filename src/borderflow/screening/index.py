"""In-memory candidate index: character trigrams with rarest-trigram retrieval.

One posting per (entry, name). Each posting holds the trigrams of its folded name and,
for abjad-script queries, of its consonant skeleton (kept apart by a ``#`` mark). A query
looks up only its rarest trigrams (``max_trigrams``), scores postings by TF-IDF cosine
over those, and returns the best postings grouped by entry; the scorer then re-ranks
them. Postings are stored as compressed sparse rows (numpy), so a million names fit in
a few hundred megabytes and build in seconds.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Collection, Container, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
import numpy.typing as npt

from borderflow.screening.common_names import COMMON_NAME_PARTS
from borderflow.screening.model import Entry, EntryKind, NameStrength
from borderflow.screening.names import ParsedName, parse_name
from borderflow.screening.normalize import fold, skeleton

__all__ = ["Candidate", "NameIndex", "Posting"]

#: Postings a query may touch once it has its three rarest trigrams.
HIT_BUDGET = 40_000
#: Weight factor of a matched name part that very many people carry (``common_names``).
COMMON_PART = 0.5
_KIND_CODES = {kind: code for code, kind in enumerate(EntryKind)}
_STRENGTHS = tuple(NameStrength)
_STRENGTH_CODES = {strength: code for code, strength in enumerate(_STRENGTHS)}


@dataclass(frozen=True, slots=True)
class Posting:
    entry: int
    name: str
    strength: NameStrength


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entry retrieved for a query, with the postings (names) that brought it."""

    entry: int
    retrieval_score: float
    postings: tuple[int, ...]


def _token_trigrams(token: str) -> set[str]:
    padded = f" {token} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


#: Whether Latin queries also look up their words' skeleton trigrams.
LATIN_SKELETONS = True


def _query_trigrams(query: ParsedName) -> set[str]:
    """Trigrams of each part (padded) and of each part's skeleton (``#``-marked); abjad
    queries use the skeletons only (their vowels are mostly unwritten). Legal forms and
    particles, which say little about who is meant, are not looked up."""
    grams: set[str] = set()
    for word in query.tokens:
        bones = skeleton(word)
        if len(bones) > 1 and (query.abjad or LATIN_SKELETONS):
            grams |= {"#" + g for g in _token_trigrams(bones)}
        if not query.abjad:
            grams |= _token_trigrams(word)
    return grams


class NameIndex:
    """The names of ``entries`` indexed for retrieval; immutable once built."""

    def __init__(self, entries: Sequence[Entry], *, skeletons: bool = True) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self._entry_of = array("i")
        self._names: list[str] = []
        self._strengths = bytearray()
        self._entry_start = array("i", [0])
        self.token_counts: dict[str, int] = {}
        self._vocabulary: dict[str, int] = {}
        self._skeletons = skeletons
        self._word_ids: dict[str, tuple[int, ...]] = {}
        counts, columns, kinds = array("i"), array("i"), bytearray()
        for e, entry in enumerate(self.entries):
            for name in entry.names:
                folded = fold(name.name)
                if not folded:
                    continue
                words = folded.split()
                ids = set().union(*(self._ids_of(w) for w in words))
                self._entry_of.append(e)
                self._names.append(name.name)
                self._strengths.append(_STRENGTH_CODES[name.strength])
                for word in set(words):
                    self.token_counts[word] = self.token_counts.get(word, 0) + 1
                kinds.append(_KIND_CODES[entry.kind])
                columns.extend(ids)
                counts.append(len(ids))
            self._entry_start.append(len(self._names))
        self.postings = _Postings(self)
        self._kinds = np.frombuffer(bytes(kinds), dtype=np.int8)
        self._build_csr(np.frombuffer(counts, np.int32), np.frombuffer(columns, dtype=np.int32))
        self.by_identifier = self._identifiers()
        self._word_ids.clear()

    def _ids_of(self, word: str) -> tuple[int, ...]:
        """The vocabulary ids of a word's trigrams (and its skeleton's), cached per word:
        names repeat their words, so most words are seen many times. Ids follow the
        trigrams' sorted order, not a set's, so equally rare trigrams are chosen alike
        whatever the hash seed (``_rarest`` breaks ties by id)."""
        found = self._word_ids.get(word)
        if found is None:
            grams = _token_trigrams(word)
            bones = skeleton(word) if self._skeletons else ""
            if len(bones) > 1:
                grams |= {"#" + g for g in _token_trigrams(bones)}
            vocabulary = self._vocabulary
            found = tuple(vocabulary.setdefault(g, len(vocabulary)) for g in sorted(grams))
            self._word_ids[word] = found
        return found

    def _build_csr(self, sizes: npt.NDArray[np.int32], columns: npt.NDArray[np.int32]) -> None:
        """Invert the name-by-trigram lists (``sizes[i]`` trigram ids of name ``i`` in
        ``columns``, names in order) into per-trigram posting lists, with idf and norms.

        Built for a million names within the memory budget: the postings come from sorting
        one (trigram, name) key array in place rather than from an argsort (which would
        add an index array twice the size), and the norms from per-name sums of the
        float32 squares.
        """
        keys = columns.astype(np.int64)
        keys <<= 32
        keys |= np.repeat(np.arange(len(sizes), dtype=np.int32), sizes)
        keys.sort()
        self._posting_ids = keys.astype(np.int32)  # the low 32 bits: the name
        del keys
        counts = np.bincount(columns, minlength=len(self._vocabulary))
        self._offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        n = max(len(self._names), 1)
        self._idf = (np.log((n + 1) / (counts + 1)) + 1.0).astype(np.float32)
        squares = np.zeros(len(sizes), dtype=np.float64)
        if len(columns):
            weights = self._idf[columns]
            np.square(weights, out=weights)
            starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
            filled = sizes > 0
            squares[filled] = np.add.reduceat(weights, starts[filled], dtype=np.float64)
        self._norms = np.sqrt(np.maximum(squares, 1e-9)).astype(np.float32)

    def _identifiers(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for e, entry in enumerate(self.entries):
            for identifier in entry.identifiers:
                found.setdefault(normalise_identifier(identifier.number), []).append(e)
        return found

    def __len__(self) -> int:
        return len(self._names)

    def postings_of(self, entry: int) -> range:
        """The postings (names) of entry number ``entry``: they are stored contiguously."""
        return range(self._entry_start[entry], self._entry_start[entry + 1])

    def posting(self, p: int) -> Posting:
        return Posting(self._entry_of[p], self._names[p], _STRENGTHS[self._strengths[p]])

    def token_count(self, token: str, skip: Collection[int] = ()) -> int:
        """How many listed names carry the part ``token`` (the first word of it), leaving
        out the postings ``skip`` (an evaluation's held-out names are not on the list)."""
        word = token.split(" ", maxsplit=1)[0]
        count = self.token_counts.get(word, 0)
        if skip and count:
            count -= sum(word in fold(self._names[p]).split() for p in skip)
        return count

    def rarity(self, token: str, skip: Collection[int] = ()) -> float:
        """0.35 for the most common name parts on the list up to 1.0 for rare ones."""
        count = self.token_count(token, skip)
        if count <= 2:
            return 1.0
        n = len(self._names)
        return 0.35 + 0.65 * min(1.0, math.log(n / count) / math.log(n / 2))

    def common(self, token: str) -> float:
        """``COMMON_PART`` for a given name or surname that very many people carry
        (``common_names``): matching it is weaker evidence than matching a rarer part."""
        return COMMON_PART if token.split(" ", maxsplit=1)[0] in COMMON_NAME_PARTS else 1.0

    def listed(self, token: str, skip: Collection[int] = ()) -> bool:
        """Whether ``token`` is a part of some listed name (other than ``skip``)."""
        return self.token_count(token, skip) > 0

    def parsed(self, posting: int) -> ParsedName:
        return parse_name(self._names[posting])

    def candidates(
        self,
        query: ParsedName,
        *,
        kinds: Container[EntryKind] | None = None,
        limit: int = 50,
        max_trigrams: int = 16,
        skip: Container[int] = frozenset(),
    ) -> list[Candidate]:
        """The ``limit`` entries whose names share the most rare trigrams with ``query``."""
        grams = _query_trigrams(query)
        ids = self._rarest(grams, max_trigrams)
        if not ids:
            return []
        spans = [(self._offsets[i], self._offsets[i + 1]) for i in ids]
        hits = np.concatenate([self._posting_ids[a:b] for a, b in spans])
        weights = np.concatenate(
            [
                np.full(b - a, self._idf[i] ** 2, dtype=np.float32)
                for i, (a, b) in zip(ids, spans, strict=True)
            ]
        )
        unique, scores = self._accumulate(hits, weights)
        if kinds is not None:
            allowed = np.array([k in kinds for k in EntryKind], dtype=bool)
            mask = allowed[self._kinds[unique]]
            unique, scores = unique[mask], scores[mask]
        return self._group(unique, scores, limit, skip, query_norm=self._query_norm(ids))

    def _rarest(self, grams: set[str], most: int) -> list[int]:
        """Ids of the rarest known trigrams, at most ``most`` and, past the first three,
        only while their postings stay within ``HIT_BUDGET`` (common trigrams of a large
        index add work and little evidence)."""
        known = sorted(
            (self._offsets[i + 1] - self._offsets[i], i)
            for i in (self._vocabulary.get(g) for g in grams)
            if i is not None
        )
        chosen: list[int] = []
        total = 0
        for size, i in known[:most]:
            if len(chosen) >= 3 and total + size > HIT_BUDGET:
                break
            chosen.append(i)
            total += size
        return chosen

    def _accumulate(
        self, hits: npt.NDArray[np.int32], weights: npt.NDArray[np.float32]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """Postings hit and their cosine numerators over norms.

        Few hits are grouped by sorting; many (common trigrams in a large index) by one
        dense pass over all postings, which is cheaper than sorting them.
        """
        if len(hits) * 8 > len(self._names):
            sums = np.bincount(hits, weights=weights, minlength=len(self._names))
            unique = np.flatnonzero(sums)
            return unique, sums[unique] / self._norms[unique]
        found, inverse = np.unique(hits, return_inverse=True)
        return found.astype(np.int64), np.bincount(inverse, weights=weights) / self._norms[found]

    def _query_norm(self, ids: list[int]) -> float:
        return math.sqrt(float(np.sum(self._idf[ids] ** 2))) or 1.0

    def _group(
        self,
        unique: npt.NDArray[np.int64],
        scores: npt.NDArray[np.float64],
        limit: int,
        skip: Container[int],
        query_norm: float,
    ) -> list[Candidate]:
        take = min(len(unique), limit * 3)
        top = np.argpartition(-scores, take - 1)[:take] if take < len(unique) else np.arange(take)
        top = top[np.argsort(-scores[top], kind="stable")]
        grouped: dict[int, list[int]] = {}
        best: dict[int, float] = {}
        for k in top.tolist():
            posting = int(unique[k])
            if posting in skip:
                continue
            entry = self._entry_of[posting]
            if entry not in grouped and len(grouped) >= limit:
                continue
            grouped.setdefault(entry, []).append(posting)
            best.setdefault(entry, float(scores[k]) / query_norm)
        return [Candidate(e, round(best[e], 4), tuple(p)) for e, p in grouped.items()]


class _Postings(Sequence[Posting]):
    """The index's postings as a read-only sequence (stored column-wise to save memory)."""

    def __init__(self, index: NameIndex) -> None:
        self._index = index

    def __len__(self) -> int:
        return len(self._index)

    @overload
    def __getitem__(self, i: int) -> Posting: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Posting]: ...
    def __getitem__(self, i: int | slice) -> Posting | Sequence[Posting]:
        if isinstance(i, slice):
            return [self._index.posting(p) for p in range(len(self))[i]]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        return self._index.posting(i % len(self))


def normalise_identifier(number: str) -> str:
    """Identifier numbers compared without spaces, dashes, dots or case."""
    return "".join(ch for ch in number.upper() if ch.isalnum())
