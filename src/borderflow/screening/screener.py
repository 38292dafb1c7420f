"""Screening one name (with what else is known) against an index: the library call.

``Screener.screen`` retrieves candidates from the trigram index, scores every name of each
candidate entry with the part aligner, applies evidence adjustments and returns matches
at or above the deployment's threshold, best first, each explaining itself.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Container, Iterable
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from borderflow.errors import InvalidInput
from borderflow.screening.evidence import (
    IDENTIFIER_FLOOR,
    Adjustment,
    QueryFacts,
    adjustments,
    keep_exact_name,
    name_is_exact,
    strength_adjustment,
)
from borderflow.screening.index import NameIndex, normalise_identifier
from borderflow.screening.model import BirthDate, Entry, EntryKind, NameStrength
from borderflow.screening.names import ParsedName, parse_name
from borderflow.screening.normalize import fold
from borderflow.screening.reranker import (
    Candidate,
    FloatArray,
    Reranker,
    default_reranker,
    features,
    guarded,
)
from borderflow.screening.scoring import NameScore, PartMatch, score_names
from borderflow.screening.shortlist import quick_scores

__all__ = ["DEFAULT_THRESHOLD", "Match", "Screener"]

#: The default alert threshold; see docs/screening.md for how it was chosen.
DEFAULT_THRESHOLD = 0.80
#: Entries whose quick score estimate (0-1) is below this, or this far below the
#: best candidate's, cannot reach an alert and are not aligned part by part.
_QUICK_FLOOR = 0.4
_QUICK_MARGIN = 0.35


@dataclass(frozen=True, slots=True)
class Match:
    """A list entry that matched, the name that matched it and why it scored what it did."""

    entry: Entry
    score: float
    name_score: float
    matched_name: str
    strength: NameStrength
    parts: tuple[PartMatch, ...]
    unmatched_entry_parts: tuple[str, ...]
    adjustments: tuple[Adjustment, ...]
    alert: bool

    def explain(self) -> list[str]:
        """One line per name part and per adjustment, for officers."""
        lines = [
            f"{p.query_part!r} ~ {p.entry_part!r}: {p.how} ({p.score:.2f})"
            if p.entry_part
            else f"{p.query_part!r}: not on the entry"
            for p in self.parts
        ]
        lines += [f"entry part {t!r} not in the query" for t in self.unmatched_entry_parts]
        lines += [f"{a.reason} ({a.delta:+.2f})" for a in self.adjustments]
        return lines


#: Among equal scores and equally written names, a match on an entry's primary name comes
#: before one on another entry's alias (then strong before weak before former aliases).
_STRENGTH_ORDER = {strength: rank for rank, strength in enumerate(NameStrength)}


def _literal(written: str, listed: str) -> float:
    """How alike the two names are as written (legal forms, particles and order included):
    among equal scores, the name written most like the query comes first."""
    return fuzz.ratio(written, fold(listed))


class Screener:
    """Screens names against one immutable :class:`NameIndex`."""

    def __init__(
        self,
        index: NameIndex,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        candidates: int = 30,
        rescore: int = 10,
        names_per_entry: int = 2,
        reranker: Reranker | Literal["default"] | None = "default",
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise InvalidInput("the threshold must be in (0, 1]", field="threshold")
        self.index = index
        self.threshold = threshold
        self.candidate_count = candidates
        self.rescore = rescore
        self.names_per_entry = names_per_entry
        self.reranker = default_reranker() if reranker == "default" else reranker

    def screen(
        self,
        name: str,
        *,
        dob: BirthDate | None = None,
        nationality: str | None = None,
        gender: str | None = None,
        identifiers: Iterable[str] = (),
        kinds: Container[EntryKind] | None = None,
        limit: int = 10,
        threshold: float | None = None,
        skip_postings: Collection[int] = frozenset(),
    ) -> list[Match]:
        """Matches scoring at least ``threshold`` (the screener's by default), best first."""
        if not name.strip():
            raise InvalidInput("a name to screen is required", field="name")
        facts = QueryFacts(
            dob,
            nationality.upper() if nationality else None,
            gender.lower() if gender else None,
            tuple(normalise_identifier(i) for i in identifiers if i.strip()),
        )
        cut = self.threshold if threshold is None else threshold
        matches = [m for m in self._score_all(name, facts, kinds, skip_postings) if m.score >= cut]
        written = fold(name)
        matches.sort(
            key=lambda m: (
                -m.score,
                -_literal(written, m.matched_name),
                _STRENGTH_ORDER[m.strength],
                m.entry.key,
            )
        )
        return matches[:limit]

    def _score_all(
        self,
        name: str,
        facts: QueryFacts,
        kinds: Container[EntryKind] | None,
        skip: Collection[int],
    ) -> list[Match]:
        aligned, rows = self.candidate_features(
            name, kinds=kinds, identifiers=facts.identifiers, skip_postings=skip
        )
        learned = None
        if self.reranker is not None and aligned:
            learned = [round(s, 4) for s in self.reranker.scores(rows).tolist()]
        return [
            self._match(e, posting, best, facts, learned[k] if learned is not None else None)
            for k, (e, posting, best) in enumerate(aligned)
        ]

    def candidate_features(
        self,
        name: str,
        *,
        kinds: Container[EntryKind] | None = None,
        identifiers: Iterable[str] = (),
        skip_postings: Collection[int] = frozenset(),
    ) -> tuple[list[tuple[int, int, NameScore]], FloatArray]:
        """The aligned candidates of ``name`` (entry, best posting, its alignment) and the
        re-ranker's feature rows for them: what the re-ranker sees, for training it."""
        query = parse_name(name)
        skip = skip_postings
        retrieved = self.index.candidates(query, kinds=kinds, limit=self.candidate_count, skip=skip)
        entries = {c.entry: c.retrieval_score for c in retrieved}
        for number in identifiers:
            entries.update(dict.fromkeys(self.index.by_identifier.get(number, ()), 0.0))
        index = self.index
        rarity, listed = self._counts(skip)
        aligned = []
        candidates = []
        for e, (quick, postings) in self._shortlist(query, list(entries), skip).items():
            scored = sorted(
                (
                    (p, score_names(query, index.parsed(p), rarity, index.common, listed))
                    for p in postings
                ),
                key=lambda item: -item[1].score,
            )
            p, best = scored[0]
            aligned.append((e, p, best))
            other = scored[1][1].score if len(scored) > 1 else 0.0
            names = index.postings
            candidates.append(
                Candidate(
                    index.entries[e],
                    names[p].name,
                    names[p].strength,
                    best,
                    (entries[e], quick, other),
                )
            )
        return aligned, features(query, fold(name), candidates, rarity, index.common, listed)

    def _counts(
        self, skip: Collection[int]
    ) -> tuple[Callable[[str], float], Callable[[str], bool]]:
        """The index's rarity and listed-part tests, leaving the skipped names out."""
        if not skip:
            return self.index.rarity, self.index.listed
        return (
            lambda token: self.index.rarity(token, skip),
            lambda token: self.index.listed(token, skip),
        )

    def _shortlist(
        self, query: ParsedName, entries: list[int], skip: Container[int]
    ) -> dict[int, tuple[float, list[int]]]:
        """The entries worth aligning, each with its best quick score and most similar names.

        A fast estimate of the aligner's score (``shortlist.quick_scores``) over every name
        of every candidate keeps the aligner, which is slower, to the ``rescore`` best
        entries and their ``names_per_entry`` best names.
        """
        postings = [p for e in entries for p in self.index.postings_of(e) if p not in skip]
        if not postings:
            return {}
        quick = quick_scores(query, [self.index.parsed(p) for p in postings])
        best: dict[int, list[tuple[float, int]]] = {}
        for p, s in zip(postings, quick.tolist(), strict=True):
            best.setdefault(self.index.postings[p].entry, []).append((s, p))
        ranked = sorted(best.items(), key=lambda item: -max(item[1])[0])[: self.rescore]
        floor = max(_QUICK_FLOOR, max(ranked[0][1])[0] - _QUICK_MARGIN) if ranked else 0.0
        return {
            e: (
                max(found)[0],
                [
                    p
                    for s, p in sorted(found, key=lambda sp: (-sp[0], sp[1]))[
                        : self.names_per_entry
                    ]
                ],
            )
            for e, found in ranked
            if max(found)[0] >= floor
        }

    def _match(
        self, e: int, posting: int, scored: NameScore, facts: QueryFacts, learned: float | None
    ) -> Match:
        """The match of entry ``e`` through ``posting``; ``learned``, the re-ranker's score
        when there is one, replaces the name score (its alias strength is a feature)."""
        entry = self.index.entries[e]
        held = {normalise_identifier(i.number) for i in entry.identifiers}
        shared = [i for i in facts.identifiers if i in held]
        strength = self.index.postings[posting].strength
        if learned is None:
            base, rerank, moves = scored.score, [], strength_adjustment(strength)
        else:
            learned = guarded(learned, scored.score, self.threshold)
            delta = round(learned - scored.score, 4)
            base, rerank, moves = learned, [Adjustment("learned re-ranking", delta)], []
        moves += adjustments(facts, entry, shared)
        if name_is_exact([p.score if p.entry_part else None for p in scored.parts], scored.score):
            moves = keep_exact_name(moves, base, self.threshold)
        moves = rerank + moves
        score = scored.score + sum(a.delta for a in moves)
        if shared:
            score = max(score, IDENTIFIER_FLOOR)
        score = round(min(max(score, 0.0), 1.0), 4)
        return Match(
            entry,
            score,
            scored.score,
            self.index.postings[posting].name,
            strength,
            scored.parts,
            scored.unmatched_entry_parts,
            tuple(moves),
            score >= self.threshold,
        )
