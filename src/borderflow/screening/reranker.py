"""A learned re-ranker over the aligner's candidates of one query (LightGBM, text model).

The aligner (``scoring.score_names``) stays the explanation: which parts matched how. The
re-ranker reads that explanation as features (how many parts matched exactly, by synonym,
typo, phonetic key or skeleton, what was left over on either side, how rare the matched
parts are on the list, the alias's strength, the gap to the other candidates) and turns
it into a probability that the candidate is the queried entry, which replaces the name
score. It was trained on the screening development set only
(``benchmarks/screening_reranker.py train``); the model ships as LightGBM's text format
with its SHA-256 next to it and is checked before loading (never a pickle).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from borderflow.errors import BorderFlowError
from borderflow.screening.model import Entry, EntryKind, NameStrength
from borderflow.screening.names import ParsedName
from borderflow.screening.normalize import fold
from borderflow.screening.scoring import NameScore

__all__ = ["FEATURES", "Candidate", "Reranker", "default_reranker", "features", "guarded"]

MODEL_FILE = "reranker_model.txt"

#: The feature columns, in the model's order.
FEATURES = (
    "name_score",
    "query_parts",
    "entry_parts",
    "exact",
    "synonym",
    "joined",
    "initial",
    "typo",
    "phonetic",
    "skeleton",
    "itself_listed",
    "missing",
    "unmatched_entry",
    "mean_part_score",
    "min_part_score",
    "matched_rarity",
    "min_matched_rarity",
    "common_matched",
    "unmatched_entry_rarity",
    "strength",
    "primary_name",
    "entry_names",
    "literal",
    "syllabic",
    "abjad",
    "person",
    "query_letters",
    "query_unlisted",
    "query_common",
    "retrieval",
    "quick",
    "second_name",
)
_HOWS = ("exact", "synonym", "joined", "initial", "typo", "phonetic", "skeleton")
_STRENGTHS = {strength: rank for rank, strength in enumerate(NameStrength)}

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One aligned candidate of a query: the entry, the name that matched and how."""

    entry: Entry
    name: str
    strength: NameStrength
    scored: NameScore
    #: Retrieval's trigram score of the entry, the shortlist's quick estimate of its best
    #: name, and the aligner's score of its second-best name (0 without one).
    signals: tuple[float, float, float] = (0.0, 0.0, 0.0)


def features(
    query: ParsedName,
    written: str,
    candidates: Sequence[Candidate],
    rarity: Callable[[str], float],
    common: Callable[[str], float],
    listed: Callable[[str], bool],
) -> FloatArray:
    """One row of ``FEATURES`` per candidate (the order of ``candidates`` is kept).

    Each row describes its candidate alone, not how it compares with the others: the
    score answers "is this the listed person?", so two entries listed under the very name
    queried both score high (a gap to the next candidate, tried on the development set,
    ranked no better and sank such ties below the threshold)."""
    unlisted = float(sum(not listed(t) for t in query.tokens))
    usual = float(sum(common(t) < 1.0 for t in query.tokens))
    rows = np.zeros((len(candidates), len(FEATURES)), dtype=np.float64)
    for row, c in enumerate(candidates):
        rows[row] = [*_row(query, written, c, rarity, common), unlisted, usual, *c.signals]
    return rows


def _row(
    query: ParsedName,
    written: str,
    c: Candidate,
    rarity: Callable[[str], float],
    common: Callable[[str], float],
) -> list[float]:
    parts = c.scored.parts
    matched = [p for p in parts if p.entry_part]
    hows = [p.how.split(",")[0] for p in matched]
    rare = [rarity(p.entry_part) for p in matched if p.entry_part]
    left = c.scored.unmatched_entry_parts
    return [
        c.scored.score,
        len(query.tokens),
        len(matched) + len(left),
        *(float(hows.count(h)) for h in _HOWS),
        float(sum(p.how.endswith("itself listed") for p in matched)),
        float(len(parts) - len(matched)),
        float(len(left)),
        sum(p.score for p in matched) / len(matched) if matched else 0.0,
        min((p.score for p in matched), default=0.0),
        sum(rare),
        min(rare, default=0.0),
        float(sum(common(p.entry_part) < 1.0 for p in matched if p.entry_part)),
        sum(rarity(t) for t in left),
        float(_STRENGTHS[c.strength]),
        float(c.name == c.entry.primary_name),
        float(len(c.entry.names)),
        fuzz.ratio(written, fold(c.name)) / 100.0,
        float(query.syllabic),
        float(query.abjad),
        float(c.entry.kind == EntryKind.PERSON),
        float(sum(len(t) for t in query.tokens)),
    ]


def guarded(learned: float, name_score: float, threshold: float) -> float:
    """``learned``, but at least ``threshold`` when the aligner found the whole listed name
    exactly (score 1.0): the development set holds few one-word names and nicknames, and
    an exact listed name alerted before the re-ranker; it still alerts."""
    return max(learned, threshold) if name_score >= 1.0 else learned


class Reranker:
    """A LightGBM booster scoring candidate rows; ``scores`` are probabilities in [0, 1]."""

    def __init__(self, booster: Any) -> None:
        if tuple(booster.feature_name()) != FEATURES:
            raise BorderFlowError("the re-ranking model's features are not this version's")
        self._booster = booster

    @classmethod
    def from_text(cls, text: str, sha256: str | None = None) -> Reranker:
        """Load a model from LightGBM's text format, checking its SHA-256 when given."""
        if sha256 is not None and hashlib.sha256(text.encode()).hexdigest() != sha256.strip():
            raise BorderFlowError("the re-ranking model does not match its SHA-256")
        import lightgbm as lgb  # noqa: PLC0415 (heavy; only screening with the model needs it)

        return cls(lgb.Booster(model_str=text))

    def scores(self, rows: FloatArray) -> FloatArray:
        """The probability that each row's candidate is the queried entry (one batch)."""
        if not len(rows):
            return np.zeros(0)
        return np.asarray(self._booster.predict(rows, num_threads=1), dtype=np.float64)


@cache
def default_reranker() -> Reranker:
    """The model shipped in the package (trained on the development set), checked."""
    folder = resources.files("borderflow.screening") / "data"
    text = (folder / MODEL_FILE).read_text(encoding="utf-8")
    digest = (folder / f"{MODEL_FILE}.sha256").read_text(encoding="utf-8").split()[0]
    return Reranker.from_text(text, digest)
