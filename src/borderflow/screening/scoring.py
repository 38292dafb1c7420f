"""Name-to-name scoring by aligning name parts, with an explanation of every part.

Parts are compared pairwise (exact, cross-script synonym, phonetic key, consonant skeleton
for abjad scripts, edit similarity, initials), then aligned greedily from the best pair
down, so name order does not matter. A query part left over may match two adjacent entry
parts written as one (``delarosa`` / ``de la rosa``, ``arefullaha ref``) and vice versa.
Unmatched query parts count fully against the score, unmatched entry parts half (lists
often carry a second surname or a patronymic the traveler's document lacks). A query part
that is itself a listed name part is taken for a misspelling of another less readily, so
a query contained exactly in a longer listed name (``Aung SONE`` in ``SONE, Aung
Pyae``) is not outranked by a shorter name one letter away (``SOE, Aung``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import OSA, Levenshtein

from borderflow.screening.names import ParsedName

__all__ = ["NameScore", "PartMatch", "compare_parts", "pair_score", "score_names"]

#: Below this a pair of parts does not align.
PART_THRESHOLD = 0.72
#: How much a part of one name absent from the other counts against the score, relative
#: to its weight: lists often carry a second surname or a patronymic the traveler's
#: document lacks, and documents carry middle names the list lacks.
UNMATCHED_ENTRY_WEIGHT = 0.5
UNMATCHED_QUERY_WEIGHT = 0.8
#: Patronymics and titles (``Albertovich``, ``Haji``) are often left out of one of two
#: names of one person: missing, they count this much of a part.
MISS_PATRONYMIC = 0.1
#: Cost of an edit in parts of five letters or less, of one in longer parts, and extra
#: cost of each edit after the first (two edits make a different name more often).
SHORT_EDIT = 0.25
LONG_EDIT = 0.07
SECOND_EDIT = 0.12
#: Consonant skeletons (abjad queries) agreeing, on parts of three consonants or more and
#: on shorter ones (``sr`` = Sara or Yasir): weaker evidence than Latin spellings.
SKELETON = 0.92
SKELETON_SHORT = 0.7
#: Han, kana and Hangul names: romanised syllables of up to this length one letter apart
#: are different characters, not typos.
SYLLABIC_TYPO = 6
#: Similarity at which two adjacent parts written as one match a single part.
JOINED = 0.85
#: Extra cost of reading a query part as a misspelling when the part, as written, is
#: itself a name part on the list: a real name one letter from another is more often
#: that other name than a typo of it (``Aung SONE`` is rather ``SONE, Aung Pyae`` than
#: ``SOE, Aung``). Chosen on the development set (0.05-0.30 alike; 0.15).
LISTED_EDIT = 0.15
#: Weight of each part of a Han, kana or Hangul name: a character is one name part
#: however many letters its romanisation takes (``xu`` weighs what ``zhang`` does), so a
#: different one-syllable surname is not outweighed by a shared two-syllable given name.
SYLLABLE_WEIGHT = 1.5
#: The spelling matches that cost it.
_EDITED = frozenset({"typo", "phonetic"})
_PATRONYMIC = re.compile(r"(?:vich|vych|vitch|vna|wna|ivna|ovic|evic|ovitj)$")
_TITLES = "haji hajji hadji alhaj sheikh shaikh shaykh cheikh sheik mullah mulla maulvi maulana"
TITLES = frozenset(f"{_TITLES} mawlana qari hafiz mufti imam".split())


def _miss_factor(token: str) -> float:
    """Patronymics and titles are often left out of one of two names of one person."""
    if token in TITLES or (len(token) >= 7 and _PATRONYMIC.search(token)):
        return MISS_PATRONYMIC
    return 1.0


@dataclass(frozen=True, slots=True)
class PartMatch:
    """How one query part matched (``how``: exact, synonym, phonetic, skeleton, typo,
    initial, joined; ``typo, itself listed`` / ``phonetic, itself listed`` when the query
    part is a listed name part too, which costs ``LISTED_EDIT``) or ``missing`` with
    ``entry_part`` None."""

    query_part: str
    entry_part: str | None
    how: str
    score: float


@dataclass(frozen=True, slots=True)
class NameScore:
    score: float
    parts: tuple[PartMatch, ...]
    unmatched_entry_parts: tuple[str, ...]


def _weight(token: str) -> float:
    """Longer parts identify more; single letters (initials) very little."""
    return min(len(token), 8) / 4 + 0.5


def _syllable_weight(_token: str) -> float:
    return SYLLABLE_WEIGHT


def _no_rarity(_token: str) -> float:
    return 1.0


def _unlisted(_token: str) -> bool:
    return False


def _typo_score(a: str, b: str) -> float:
    """Similarity allowing about one edit per four letters (transpositions count once).

    Within that allowance each edit costs ``LONG_EDIT`` on long parts (a second one
    ``SECOND_EDIT`` more: ``harper``/``karner`` scores 0.74) and ``SHORT_EDIT`` on parts of
    five letters or less, where one letter may make another name (``yang``/``yung`` scores
    0.75); beyond it the parts are different names sharing letters
    (``lukashevich``/``lukashenko``) and score low.
    """
    edits = OSA.distance(a, b)
    longest = max(len(a), len(b))
    if edits <= round(longest / 4):
        if longest <= 5:
            return 1.0 - SHORT_EDIT * edits
        return 1.0 - LONG_EDIT * edits - SECOND_EDIT * max(edits - 1, 0)
    return 0.7 * OSA.normalized_similarity(a, b)


def compare_parts(q: ParsedName, i: int, c: ParsedName, j: int) -> tuple[float, str]:
    """The similarity of query part ``i`` and entry part ``j``, and how it was found."""
    a, b = q.tokens[i], c.tokens[j]
    if a == b:
        return 1.0, "exact"
    if q.canonical[i] == c.canonical[j]:
        return 0.95, "synonym"
    if a == c.prefixed[j] or b == q.prefixed[i]:
        return 0.95, "joined"
    if len(a) == 1 or len(b) == 1:
        return (0.85, "initial") if a[0] == b[0] else (0.0, "different")
    if (q.syllabic or c.syllabic) and min(len(a), len(b)) <= SYLLABIC_TYPO:
        return 0.0, "different"
    best, how = _typo_score(a, b), "typo"
    phonetic_ok = min(len(a), len(b)) >= 5 and OSA.normalized_similarity(a, b) >= 0.6
    if phonetic_ok and q.phonetic[i] == c.phonetic[j] and best < 0.88:
        best, how = 0.88, "phonetic"
    if q.abjad or c.abjad:
        factor = SKELETON if min(len(q.skeletons[i]), len(c.skeletons[j])) >= 3 else SKELETON_SHORT
        sk = factor * Levenshtein.normalized_similarity(q.skeletons[i], c.skeletons[j])
        if sk > best:
            best, how = sk, "skeleton"
    return best, how


def score_names(
    q: ParsedName,
    c: ParsedName,
    rarity: Callable[[str], float] = _no_rarity,
    common: Callable[[str], float] = _no_rarity,
    listed: Callable[[str], bool] = _unlisted,
) -> NameScore:
    """Align the parts of ``q`` (the query) with those of ``c`` (a listed name).

    ``rarity`` (0-1, from the index) lowers the weight of parts common on the list, so that
    sharing ``muhammad`` or ``zhang`` counts less than sharing a rare surname. ``common``
    (0-1, from the index) further lowers the weight of a *matched* part that very many
    people carry (``Felipe``, ``Lopez``): sharing it is weak evidence, while a part left
    out costs as much as before. ``listed`` (from the index) tells whether a query part,
    as written, is itself a part of some listed name: reading such a part as a misspelling
    of another costs ``LISTED_EDIT`` more.
    """
    if not q.tokens or not c.tokens:
        return NameScore(0.0, (), c.tokens)
    pairs = sorted(
        (
            (s, how, i, j)
            for i in range(len(q.tokens))
            for j in range(len(c.tokens))
            for s, how in (compare_parts(q, i, c, j),)
            if s >= PART_THRESHOLD
        ),
        reverse=True,
    )
    matched_q: dict[int, PartMatch] = {}
    used_c: set[int] = set()
    for s, how, i, j in pairs:
        if i not in matched_q and j not in used_c:
            label, score = how, s
            if how in _EDITED and listed(q.tokens[i]):
                label, score = f"{how}, itself listed", s - LISTED_EDIT
            matched_q[i] = PartMatch(q.tokens[i], c.tokens[j], label, round(score, 3))
            used_c.add(j)
    _join_leftovers(q, c, matched_q, used_c)
    parts = tuple(
        matched_q.get(i, PartMatch(t, None, "missing", 0.0)) for i, t in enumerate(q.tokens)
    )
    left = tuple(t for j, t in enumerate(c.tokens) if j not in used_c)
    weigh = _syllable_weight if q.syllabic else _weight
    weights = [
        weigh(p.query_part)
        * rarity(p.entry_part or p.query_part)
        * (common(p.entry_part) if p.entry_part else 1.0)
        for p in parts
    ]
    gained = sum(p.score * w for p, w in zip(parts, weights, strict=True))
    total = sum(
        w * (1.0 if p.entry_part else UNMATCHED_QUERY_WEIGHT * _miss_factor(p.query_part))
        for p, w in zip(parts, weights, strict=True)
    ) + UNMATCHED_ENTRY_WEIGHT * sum(_weight(t) * rarity(t) * _miss_factor(t) for t in left)
    aligned = NameScore(round(gained / total, 4), parts, left)
    return max(aligned, _joined(q, c), key=lambda s: s.score)


def _joined(q: ParsedName, c: ParsedName) -> NameScore:
    """The whole names compared with spaces removed (``ramimakhlouf`` / ``rami makhlouf``),
    when the two split into different numbers of parts."""
    if len(q.tokens) == len(c.tokens):
        return NameScore(0.0, (), ())
    a, b = "".join(q.tokens), "".join(c.tokens)
    similarity = _typo_score(a, b) if min(len(a), len(b)) >= 6 else 0.0
    if similarity < 0.9:
        return NameScore(0.0, (), ())
    part = PartMatch(" ".join(q.tokens), " ".join(c.tokens), "joined", round(similarity, 3))
    return NameScore(round(similarity, 4), (part,), ())


def _join_leftovers(
    q: ParsedName, c: ParsedName, matched_q: dict[int, PartMatch], used_c: set[int]
) -> None:
    """Match a leftover query part to two adjacent leftover entry parts written as one.

    Han, kana and Hangul syllables joined must agree exactly (``jia rong`` is not
    ``jiadong``): one letter apart they are different characters, as in ``compare_parts``.
    """
    least = 1.0 if q.syllabic or c.syllabic else JOINED
    free_c = [j for j in range(len(c.tokens)) if j not in used_c]
    for i, token in enumerate(q.tokens):
        if i in matched_q:
            continue
        for j in free_c:
            if j + 1 in free_c and j + 1 not in used_c and j not in used_c:
                joined = c.tokens[j] + c.tokens[j + 1]
                s = Levenshtein.normalized_similarity(token, joined)
                if s >= least:
                    matched_q[i] = PartMatch(
                        token, f"{c.tokens[j]} {c.tokens[j + 1]}", "joined", round(s, 3)
                    )
                    used_c.update((j, j + 1))
                    break
    free_q = [i for i in range(len(q.tokens)) if i not in matched_q]
    for j in [j for j in range(len(c.tokens)) if j not in used_c]:
        for i in free_q:
            if i + 1 in free_q and i not in matched_q and i + 1 not in matched_q:
                s = Levenshtein.normalized_similarity(q.tokens[i] + q.tokens[i + 1], c.tokens[j])
                if s >= least:
                    for k in (i, i + 1):
                        matched_q[k] = PartMatch(q.tokens[k], c.tokens[j], "joined", round(s, 3))
                    used_c.add(j)
                    break


def pair_score(a: ParsedName, b: ParsedName) -> NameScore:
    """A symmetric score for two names neither of which is the listed one: the better of
    the two directions (a shorter form of a name matches its longer form)."""
    return max(score_names(a, b), score_names(b, a), key=lambda s: s.score)
