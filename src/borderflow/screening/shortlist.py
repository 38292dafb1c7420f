"""A fast estimate of the part aligner's score, to shortlist names worth aligning (pure).

Each query part is compared with every part of every candidate name in one vectorised
call (normalised Levenshtein similarity, on consonant skeletons for abjad queries); a
name's estimate is the weighted share of query parts it covers, lowered, like the
aligner's score, by its own parts the query does not cover. Unlike a whole-string ratio,
this ignores legal forms and particles and tolerates a misspelt part, so a name that
differs from the query only in spelling is not dropped before the aligner sees it. The
names written without spaces are compared too (``daliantianyi``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from borderflow.screening.names import ParsedName

__all__ = ["quick_scores"]

#: How much a name's parts missing from the query count (as in the aligner).
_EXTRA_WEIGHT = 0.5


def _parts(name: ParsedName, abjad: bool) -> tuple[str, ...]:
    return name.skeletons if abjad else name.tokens


def _weights(parts: Sequence[str]) -> npt.NDArray[np.float32]:
    return np.array([min(len(p), 8) / 4 + 0.5 for p in parts], dtype=np.float32)


def quick_scores(query: ParsedName, names: Sequence[ParsedName]) -> npt.NDArray[np.float32]:
    """An estimate in [0, 1] of how well each of ``names`` matches ``query``."""
    mine = _parts(query, query.abjad)
    theirs = [_parts(n, query.abjad) for n in names]
    flat = [part for parts in theirs for part in parts]
    scores = np.zeros(len(names), dtype=np.float32)
    if not mine or not flat:
        return scores
    similarity = process.cdist(
        mine, flat, scorer=Levenshtein.normalized_similarity, dtype=np.float32, workers=1
    )
    sizes = np.array([len(parts) for parts in theirs])
    filled = np.flatnonzero(sizes)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))[filled]
    per_name = np.maximum.reduceat(similarity, starts, axis=1)
    query_weights = _weights(mine)
    # An explicit sum, not a BLAS product: float32 BLAS kernels may round differently with
    # the arrays' memory alignment, and near-ties would then shortlist different names.
    covered = (query_weights[:, None] * per_name).sum(axis=0, dtype=np.float64)
    flat_weights = _weights(flat)
    missing = np.add.reduceat(flat_weights * (1.0 - similarity.max(axis=0)), starts)
    scores[filled] = covered / (query_weights.sum() + _EXTRA_WEIGHT * missing)
    joined = process.cdist(
        ["".join(mine)],
        ["".join(parts) for parts in theirs],
        scorer=Levenshtein.normalized_similarity,
        dtype=np.float32,
        workers=1,
    )[0]
    best: npt.NDArray[np.float32] = np.maximum(scores, joined)
    return best
