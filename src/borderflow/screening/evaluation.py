"""Quality measures for the screener on the labelled sets in ``watchlists/eval``.

Used by the benchmark script and by the fast quality subset in the test suite, so both
measure the same thing. The protocols follow ``eval/README.md`` and
``eval/BASELINE_RESULTS.md``.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from borderflow.screening.index import NameIndex
from borderflow.screening.loaders.common import parse_birth_date
from borderflow.screening.model import BirthDate, EntryKind
from borderflow.screening.screener import Screener

__all__ = [
    "KINDS",
    "HeldOut",
    "LabelledQuery",
    "Outcome",
    "hit_rate_at",
    "negative_queries",
    "ofac_queries",
    "run_queries",
    "threshold_at_fpr",
    "un_script_queries",
]

#: The entry kinds a labelled query of each schema is screened against.
KINDS = {
    "Person": frozenset({EntryKind.PERSON}),
    "Organization": frozenset({EntryKind.ORGANIZATION}),
    "Company": frozenset({EntryKind.ORGANIZATION}),
}


@dataclass(frozen=True, slots=True)
class LabelledQuery:
    """A query, the entry key it should find ("" for a negative) and a held-out alias."""

    query: str
    expected: str
    schema: str
    category: str
    heldout: str = ""
    dob: BirthDate | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    query: LabelledQuery
    ranked: tuple[str, ...]
    top_score: float

    @property
    def rank(self) -> int | None:
        """1-based rank of the expected entry, None when it was not returned."""
        try:
            return self.ranked.index(self.query.expected) + 1
        except ValueError:
            return None


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def ofac_queries(path: Path, source: str = "us_ofac_sdn") -> list[LabelledQuery]:
    return [
        LabelledQuery(
            r["query"],
            f"{source}:{r['expected_id']}",
            r["schema"],
            r["perturbation"],
            r["heldout_alias"],
            parse_birth_date(r["dob"]),
        )
        for r in _rows(path)
    ]


def un_script_queries(path: Path, source: str = "un_sc") -> list[LabelledQuery]:
    return [
        LabelledQuery(
            r["query"],
            f"{source}:{r['expected_un_dataid']}",
            r["schema"],
            r["script"].lower(),
            "",
            parse_birth_date(r["dob"]),
        )
        for r in _rows(path)
    ]


def negative_queries(paths: Sequence[Path], count: int, seed: int = 11) -> list[LabelledQuery]:
    """``count`` synthetic persons drawn evenly from ``paths`` (they match no entry)."""
    rng = random.Random(seed)  # noqa: S311 (a reproducible sample, not a secret)
    chosen: list[LabelledQuery] = []
    for path in paths:
        rows = rng.sample(_rows(path), count // len(paths))
        chosen += [
            LabelledQuery(
                r["full_name"], "", "Person", "negative", "", parse_birth_date(r["date_of_birth"])
            )
            for r in rows
        ]
    return chosen


class HeldOut:
    """The posting a query's held-out alias occupies in ``index``: the one name the protocol
    leaves out of the index for that query (``eval/README.md``, "How to build more" 1)."""

    def __init__(self, index: NameIndex) -> None:
        self._index = index
        self._entry_of = {e.key: i for i, e in enumerate(index.entries)}
        self._by_name: dict[tuple[int, str], int] | None = None

    def skip(self, query: LabelledQuery) -> frozenset[int]:
        """The postings to leave out for ``query`` (none when it holds no alias out)."""
        if not query.heldout or query.expected not in self._entry_of:
            return frozenset()
        if self._by_name is None:  # built on the first held-out query only
            self._by_name = {(p.entry, p.name): i for i, p in enumerate(self._index.postings)}
        held = self._by_name.get((self._entry_of[query.expected], query.heldout))
        return frozenset() if held is None else frozenset({held})

    def entry(self, query: LabelledQuery) -> int | None:
        """The number in ``index`` of the entry ``query`` should find (None: not listed)."""
        return self._entry_of.get(query.expected)


def run_queries(
    screener: Screener, queries: Sequence[LabelledQuery], *, use_dob: bool = False, k: int = 10
) -> list[Outcome]:
    """Screen each query (held-out alias removed from the index for its query)."""
    held = HeldOut(screener.index)
    outcomes = []
    for q in queries:
        matches = screener.screen(
            q.query,
            dob=q.dob if use_dob else None,
            kinds=KINDS.get(q.schema),
            limit=k,
            threshold=0.0001,
            skip_postings=held.skip(q),
        )
        outcomes.append(
            Outcome(q, tuple(m.entry.key for m in matches), matches[0].score if matches else 0.0)
        )
    return outcomes


def threshold_at_fpr(negatives: Sequence[Outcome], fpr: float) -> float:
    """The lowest score that at most ``fpr`` of negatives reach with their top match."""
    scores = sorted((o.top_score for o in negatives), reverse=True)
    allowed = int(len(scores) * fpr)
    return scores[allowed] + 1e-6 if allowed < len(scores) else 0.0


def hit_rate_at(positives: Sequence[Outcome], threshold: float) -> float:
    """Share of positives whose top match is right and scores at least ``threshold``."""
    hits = sum(1 for o in positives if o.rank == 1 and o.top_score >= threshold)
    return hits / len(positives) if positives else 0.0
