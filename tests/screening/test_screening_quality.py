"""The fast quality subset: the benchmark's measures on samples, with the issue's gates.

Full runs and the side-by-side with nomenklatura are in ``benchmarks/bench_screening.py``
(figures in docs/benchmarks/screening.md). Samples are fixed (seeded) so a failure
reproduces.
"""

from __future__ import annotations

import csv
import random
from dataclasses import replace
from pathlib import Path

import pytest

from borderflow.screening import EntryKind, NameIndex, Screener
from borderflow.screening.evaluation import (
    hit_rate_at,
    negative_queries,
    ofac_queries,
    run_queries,
    threshold_at_fpr,
    un_script_queries,
)
from borderflow.screening.loaders import LoadedList
from borderflow.screening.names import parse_name
from borderflow.screening.scoring import pair_score


def _negatives(watchlists: Path, count: int) -> list:  # type: ignore[type-arg]
    folder = watchlists / "eval" / "yente_candidate_generation"
    return negative_queries([folder / "negatives_global.csv", folder / "negatives_us.csv"], count)


@pytest.mark.parametrize("use_dob", [False, True], ids=["names-only", "with-dob"])
def test_ofac_derived_set_recall_and_hit_rate(
    watchlists: Path, sdn_index: NameIndex, use_dob: bool
) -> None:
    """All 4,504 derived queries (held-out aliases removed from the index) and 1,000 of the
    2,000 benchmark negatives, names only and with the date of birth the query set carries.
    Gates: recall@1 >= 0.97, hit rate at 1% false positives >= 0.96, alert rate at the
    default threshold <= 0.5%. Names only this holds by one query (4,370 of 4,504 first,
    4,369 needed; docs/benchmarks/screening.md, sixth run)."""
    queries = ofac_queries(watchlists / "eval" / "derived" / "ofac_sdn_2023-12-28_queries.csv")
    screener = Screener(sdn_index)
    positives = run_queries(screener, queries, use_dob=use_dob)
    negatives = run_queries(screener, _negatives(watchlists, 1000), use_dob=use_dob)
    recall = sum(o.rank == 1 for o in positives) / len(positives)
    threshold = threshold_at_fpr(negatives, 0.01)
    assert recall >= 0.97
    assert hit_rate_at(positives, threshold) >= 0.96
    alerts = sum(o.top_score >= screener.threshold for o in negatives) / len(negatives)
    assert alerts <= 0.005


def test_un_original_script_queries(watchlists: Path, un_list: LoadedList) -> None:
    """All 378 Arabic/Cyrillic queries against the Latin names only. Gates: recall@1 >= 0.65,
    right entry among the 50 retrieved candidates >= 0.95."""
    latin = [
        replace(e, names=tuple(n for n in e.names if all(ord(c) < 0x250 for c in n.name)))
        for e in un_list.entries
    ]
    index = NameIndex(latin)
    queries = un_script_queries(watchlists / "eval" / "derived" / "un_original_script_queries.csv")
    outcomes = run_queries(Screener(index), queries)
    assert sum(o.rank == 1 for o in outcomes) / len(outcomes) >= 0.65
    position = {e.key: i for i, e in enumerate(index.entries)}
    found = sum(
        position[q.expected] in {c.entry for c in index.candidates(parse_name(q.query), limit=50)}
        for q in queries
    )
    assert found / len(queries) >= 0.95


def test_name_pairs_f1_with_threshold_from_a_separate_split(watchlists: Path) -> None:
    """nomenklatura's 826 labelled pairs, split in two by a seeded shuffle: the threshold is
    the one that maximises F1 on the first half; F1 is measured on the second. Gate 0.80."""
    path = watchlists / "eval" / "nomenklatura_name_bench" / "cases.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    random.Random(20240108).shuffle(rows)
    scored = [
        (pair_score(parse_name(r["name1"]), parse_name(r["name2"])).score, r["is_match"] == "true")
        for r in rows
    ]
    tune, test = scored[: len(scored) // 2], scored[len(scored) // 2 :]
    threshold = max((t / 100 for t in range(50, 100)), key=lambda t: _f1(tune, t))
    assert _f1(test, threshold) >= 0.80


def _f1(pairs: list[tuple[float, bool]], threshold: float) -> float:
    tp = sum(1 for s, m in pairs if s >= threshold and m)
    fp = sum(1 for s, m in pairs if s >= threshold and not m)
    fn = sum(1 for s, m in pairs if s < threshold and m)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def test_a_listed_person_with_a_name_part_more_still_alerts(
    sdn_2023: LoadedList, sdn_index: NameIndex
) -> None:
    """A passport often holds a name the list lacks: ``Joaquin Archivaldo GUZMAN LOERA``
    for ``GUZMAN LOERA, Joaquin``. 300 listed people (seeded sample), each queried in natural
    order with another listed person's given name after the given names or first surname
    after the surnames, names only. Before such queries were in the training data, the
    re-ranker alerted on about half of them (development set, docs/benchmarks/screening.md)."""
    people = [
        e
        for e in sdn_2023.entries
        if e.kind is EntryKind.PERSON and ", " in e.primary_name and e.primary_name.isascii()
    ]
    rng = random.Random(20261130)
    screener = Screener(sdn_index)
    found = 0
    for entry in rng.sample(people, 300):
        last, given = entry.primary_name.split(", ", 1)
        donor_last, donor_given = rng.choice(people).primary_name.split(", ", 1)
        if rng.random() < 0.5:
            query = f"{given} {donor_given.split()[0]} {last}"
        else:
            query = f"{given} {last} {donor_last.split()[0]}"
        matches = screener.screen(query, kinds={EntryKind.PERSON})
        found += bool(matches) and matches[0].entry.key == entry.key
    assert found / 300 >= 0.9, found
    assert screener.screen("Joaquin Archivaldo Guzman Loera")[0].entry.primary_name == (
        "GUZMAN LOERA, Joaquin"
    )
