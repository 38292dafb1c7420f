"""Screening benchmarks: quality on the eval sets, speed, and scale, with nomenklatura's
logic-v2 run side by side where the issue names it.

    .venv/bin/python benchmarks/bench_screening.py            # everything (~20 min)
    .venv/bin/python benchmarks/bench_screening.py ofac ofac-peer un pairs negatives scale
    .venv/bin/python benchmarks/bench_screening.py ofac-peer-full  # logic-v2 on all (~5 min)

nomenklatura is a dev-only dependency, pinned in ``benchmarks/peer-requirements.txt``
(``make peer``: ``.venv/bin/pip install --no-deps -r benchmarks/peer-requirements.txt``);
without it the peer columns are skipped. Figures are recorded in
docs/benchmarks/screening.md.
"""

from __future__ import annotations

import csv
import itertools
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from borderflow.screening import Entry, EntryKind, EntryName, NameIndex, Screener
from borderflow.screening.evaluation import (
    HeldOut,
    LabelledQuery,
    Outcome,
    hit_rate_at,
    negative_queries,
    ofac_queries,
    run_queries,
    threshold_at_fpr,
    un_script_queries,
)
from borderflow.screening.loaders import load_ofac_sdn, load_un_consolidated
from borderflow.screening.names import parse_name
from borderflow.screening.scoring import pair_score
from borderflow.settings import Settings

DATA = Settings().data_dir / "watchlists"
EVAL = DATA / "eval"
NEGATIVE_FILES = [
    EVAL / "yente_candidate_generation" / f"negatives_{n}.csv" for n in ("global", "us")
]
_KINDS = {"Person": {EntryKind.PERSON}, "Organization": {EntryKind.ORGANIZATION}}


def _timed(
    screener: Screener, queries: Sequence[LabelledQuery], use_dob: bool
) -> tuple[list[Outcome], list[float]]:
    """Outcomes and the time of each ``screen`` call alone (held-out skips prepared first)."""
    held = HeldOut(screener.index)
    outcomes, times = [], []
    for q in queries:
        skip = held.skip(q)
        start = time.perf_counter()
        matches = screener.screen(
            q.query,
            dob=q.dob if use_dob else None,
            kinds=_KINDS.get(q.schema),
            threshold=0.0001,
            skip_postings=skip,
        )
        times.append((time.perf_counter() - start) * 1000)
        outcomes.append(
            Outcome(q, tuple(m.entry.key for m in matches), matches[0].score if matches else 0.0)
        )
    return outcomes, times


def _report(
    label: str, positives: list[Outcome], negatives: list[Outcome], times: list[float]
) -> None:
    n = len(positives)
    r1 = sum(o.rank == 1 for o in positives) / n
    r10 = sum(o.rank is not None and o.rank <= 10 for o in positives) / n
    thr = threshold_at_fpr(negatives, 0.01)
    hit = hit_rate_at(positives, thr)
    line = f"{label:<38} R@1 {r1:.3f}  R@10 {r10:.3f}  thr@1%FPR {thr:.3f}  hit@1%FPR {hit:.3f}"
    if times:
        q = statistics.quantiles(times, n=20)
        median = statistics.median(times)
        line += (
            f"  q/s {1000 / statistics.mean(times):.0f}  p50 {median:.1f} ms  p95 {q[18]:.1f} ms"
        )
    print(line, flush=True)


def _peer_parts() -> tuple[Any, Any, Any] | None:
    """followthemoney's model, the logic-v2 algorithm and its config, or None if absent."""
    try:
        from followthemoney import model  # noqa: PLC0415 (optional dev-only peer)
        from nomenklatura.matching import get_algorithm  # noqa: PLC0415
    except ImportError:
        print("nomenklatura is not installed: peer figures skipped (see BASELINE_RESULTS.md)")
        return None
    algo = get_algorithm("logic-v2")
    return model, algo, algo.default_config()


def _logic_v2() -> Callable[[str, str, Entry, LabelledQuery | None], float] | None:
    """nomenklatura's logic-v2 as a scorer of (query, schema, entry), or None if absent."""
    parts = _peer_parts()
    if parts is None:
        return None
    model, algo, config = parts
    schemata = {EntryKind.PERSON: "Person", EntryKind.ORGANIZATION: "Organization"}

    ids = itertools.count()

    def score(query: str, schema: str, entry: Entry, skip: LabelledQuery | None) -> float:
        # Every entity needs its own id: nomenklatura caches name features by entity id.
        q = model.make_entity(schema)
        q.id = f"q{next(ids)}"
        q.add("name", query)
        c = model.make_entity(schemata.get(entry.kind, "LegalEntity"))
        c.id = f"c{next(ids)}"
        names = [n.name for n in entry.names if not skip or n.name != skip.heldout]
        c.add("name", names)
        return float(algo.compare(q, c, config).score)

    return score


def _peer(
    index: NameIndex, queries: Sequence[LabelledQuery], scorer: Callable[..., float]
) -> tuple[list[Outcome], list[float]]:
    """logic-v2 re-ranking the same 50 candidates our index retrieves (held-out alias removed)."""
    held = HeldOut(index)
    outcomes, times = [], []
    for q in queries:
        start = time.perf_counter()
        skip = held.skip(q)
        found = index.candidates(
            parse_name(q.query), kinds=_KINDS.get(q.schema), limit=50, skip=skip
        )
        scored = sorted(
            (
                (scorer(q.query, q.schema, index.entries[c.entry], q), index.entries[c.entry].key)
                for c in found
            ),
            reverse=True,
        )
        times.append((time.perf_counter() - start) * 1000)
        outcomes.append(
            Outcome(q, tuple(k for _, k in scored[:10]), scored[0][0] if scored else 0.0)
        )
    return outcomes, times


def bench_ofac() -> None:
    print(
        "\n== OFAC SDN 2023-12-28: 4,504 derived queries (held-out aliases removed)"
        " + 2,000 negatives"
    )
    loaded = load_ofac_sdn(DATA / "ofac_sdn_2023-12-28")
    start = time.perf_counter()
    index = NameIndex(loaded.entries)
    print(
        f"index: {len(index.entries)} entries, {len(index)} names, "
        f"built in {time.perf_counter() - start:.1f} s"
    )
    screener = Screener(index)
    queries = ofac_queries(EVAL / "derived" / "ofac_sdn_2023-12-28_queries.csv")
    negatives = negative_queries(NEGATIVE_FILES, 2000)
    _timed(screener, queries[:200], False)  # warm caches
    held = HeldOut(index)
    cand = 0
    for q in queries:
        found = index.candidates(
            parse_name(q.query), kinds=_KINDS.get(q.schema), limit=50, skip=held.skip(q)
        )
        cand += held.entry(q) in {c.entry for c in found}
    print(f"candidate recall@50: {cand / len(queries):.3f}")
    for use_dob in (False, True):
        pos, times = _timed(screener, queries, use_dob)
        neg, neg_times = _timed(screener, negatives, use_dob)
        _report(f"borderflow, names{' + DOB' if use_dob else ' only'}", pos, neg, times + neg_times)
        alerts = sum(o.top_score >= screener.threshold for o in neg) / len(neg)
        print(
            f"   alert rate on the 2,000 negatives at the default {screener.threshold}: "
            f"{alerts:.2%}"
        )


def bench_ofac_peer(sample: int | None = 500) -> None:
    """logic-v2 and borderflow on the same queries and candidates: a seeded sample of
    ``sample`` queries + ``sample`` negatives, or every query and all 2,000 negatives."""
    what = f"a {sample} + {sample} sample" if sample else "all 4,504 + 2,000"
    print(f"\n== OFAC SDN: logic-v2 side by side on {what}, same candidates")
    scorer = _logic_v2()
    if scorer is None:
        return
    index = NameIndex(load_ofac_sdn(DATA / "ofac_sdn_2023-12-28").entries)
    queries = ofac_queries(EVAL / "derived" / "ofac_sdn_2023-12-28_queries.csv")
    negatives = negative_queries(NEGATIVE_FILES, 2000)
    if sample:
        rng = random.Random(5)
        queries, negatives = rng.sample(queries, sample), rng.sample(negatives, sample)
    pos, times = _peer(index, queries, scorer)
    neg, neg_times = _peer(index, negatives, scorer)
    _report(f"logic-v2 ({what}), names only", pos, neg, times + neg_times)
    screener = Screener(index)
    pos, times = _timed(screener, queries, False)
    neg, neg_times = _timed(screener, negatives, False)
    _report("borderflow, same queries, names only", pos, neg, times + neg_times)


def bench_un() -> None:
    print("\n== UN original-script queries (378) against Latin names only")
    loaded = load_un_consolidated(DATA / "un" / "un_sc_consolidated_2026-02-27.xml")
    latin = [
        replace(e, names=tuple(n for n in e.names if all(ord(c) < 0x250 for c in n.name)))
        for e in loaded.entries
    ]
    index = NameIndex(latin)
    queries = un_script_queries(EVAL / "derived" / "un_original_script_queries.csv")
    held = HeldOut(index)

    def top50(q: LabelledQuery) -> bool:
        found = index.candidates(parse_name(q.query), kinds=_KINDS.get(q.schema), limit=50)
        return held.entry(q) in {c.entry for c in found}

    outcomes, times = _timed(Screener(index), queries, False)
    for script in ("arabic", "cyrillic", "all"):
        chosen = [o for o in outcomes if script in ("all", o.query.category)]
        r1 = sum(o.rank == 1 for o in chosen) / len(chosen)
        r10 = sum(o.rank is not None for o in chosen) / len(chosen)
        c50 = sum(top50(o.query) for o in chosen) / len(chosen)
        print(
            f"borderflow {script:<9} n={len(chosen):<4} R@1 {r1:.3f}  R@10 {r10:.3f}  "
            f"top-50 {c50:.3f}"
        )
    print(f"   q/s {1000 / statistics.mean(times):.0f}")
    scorer = _logic_v2()
    if scorer is not None:
        peer, _ = _peer(index, queries, scorer)
        r1 = sum(o.rank == 1 for o in peer) / len(peer)
        r10 = sum(o.rank is not None for o in peer) / len(peer)
        print(f"logic-v2 on the same candidates: R@1 {r1:.3f}  R@10 {r10:.3f}")


def _f1(pairs: Sequence[tuple[float, bool]], threshold: float) -> tuple[float, float, float]:
    tp = sum(1 for s, m in pairs if s >= threshold and m)
    fp = sum(1 for s, m in pairs if s >= threshold and not m)
    fn = sum(1 for s, m in pairs if s < threshold and m)
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def bench_pairs() -> None:
    print(
        "\n== nomenklatura name-pair set (826 pairs): threshold tuned on one half, F1 on the other"
    )
    with (EVAL / "nomenklatura_name_bench" / "cases.csv").open(
        encoding="utf-8", newline=""
    ) as handle:
        rows = list(csv.DictReader(handle))
    random.Random(20240108).shuffle(rows)
    tune, test = rows[: len(rows) // 2], rows[len(rows) // 2 :]

    def ours(rs: Sequence[dict[str, str]]) -> list[tuple[float, bool]]:
        return [
            (
                pair_score(parse_name(r["name1"]), parse_name(r["name2"])).score,
                r["is_match"] == "true",
            )
            for r in rs
        ]

    tuned = ours(tune)
    threshold = max((t / 100 for t in range(50, 100)), key=lambda t: _f1(tuned, t)[0])
    f1, p, r = _f1(ours(test), threshold)
    print(
        f"borderflow (threshold {threshold:.2f} from the tuning half): F1 {f1:.3f}  "
        f"P {p:.3f}  R {r:.3f}  (test half, n={len(test)})"
    )
    f1_all, p_all, r_all = _f1(ours(rows), threshold)
    print(
        f"borderflow, same threshold on all 826 pairs: F1 {f1_all:.3f}  P {p_all:.3f}  "
        f"R {r_all:.3f}"
    )
    parts = _peer_parts()
    if parts is None:
        return
    model, algo, config = parts
    ids = itertools.count()

    def peer(rs: Sequence[dict[str, str]]) -> list[tuple[float, bool]]:
        out = []
        for r in rs:
            a, b = model.make_entity(r["schema"]), model.make_entity(r["schema"])
            a.id, b.id = f"a{next(ids)}", f"b{next(ids)}"
            a.add("name", r["name1"])
            b.add("name", r["name2"])
            out.append((float(algo.compare(a, b, config).score), r["is_match"] == "true"))
        return out

    f1, p, r = _f1(peer(test), 0.70)
    print(f"logic-v2 at its default 0.70, test half: F1 {f1:.3f}  P {p:.3f}  R {r:.3f}")


def bench_negatives(count: int = 100_000) -> None:
    print(
        f"\n== alert rate on {count:,} synthetic negatives at the default threshold (OFAC SDN + UN)"
    )
    entries = load_ofac_sdn(DATA / "ofac_sdn_2023-12-28").entries
    entries += load_un_consolidated(DATA / "un" / "un_sc_consolidated_2026-02-27.xml").entries
    screener = Screener(NameIndex(entries))
    negatives = negative_queries(NEGATIVE_FILES, count)
    for use_dob in (False, True):
        start = time.perf_counter()
        outcomes = run_queries(screener, negatives, use_dob=use_dob)
        alerts = sum(o.top_score >= screener.threshold for o in outcomes)
        print(
            f"names{' + DOB' if use_dob else ' only'}: {alerts} alerts = {alerts / count:.3%}  "
            f"({count / (time.perf_counter() - start):.0f} q/s)",
            flush=True,
        )


def _synthetic_entries(count: int) -> tuple[list[Entry], list[LabelledQuery]]:
    sdn = [
        e for e in load_ofac_sdn(DATA / "ofac_sdn_2023-12-28").entries if e.kind is EntryKind.PERSON
    ]
    firsts, lasts = set(), set()
    for path in NEGATIVE_FILES:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                firsts.add(row["first_name"])
                lasts.add(row["last_name"])
    firsts.discard("")
    lasts.discard("")
    first, last = sorted(firsts), sorted(lasts)
    rng = random.Random(1)
    entries = [replace(e, names=(n,)) for e in sdn for n in e.names]
    entries = [replace(e, entry_id=f"{e.entry_id}.{i}") for i, e in enumerate(entries)]
    for i in range(count - len(entries)):
        name = (
            f"{rng.choice(first)} {rng.choice(last)}"
            if i % 3
            else f"{rng.choice(first)} {rng.choice(first)} {rng.choice(last)}"
        )
        entries.append(Entry("synthetic", str(i), EntryKind.PERSON, (EntryName(name),)))
    queries = [
        q
        for q in ofac_queries(EVAL / "derived" / "ofac_sdn_2023-12-28_queries.csv")
        if q.schema == "Person" and not q.heldout
    ][:1000]
    return entries, queries


def bench_scale(count: int = 1_000_000) -> None:
    print(
        f"\n== {count:,} indexed person names (SDN persons + names recombined from the negatives)"
    )
    entries, queries = _synthetic_entries(count)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    index = NameIndex(entries, skeletons=True)
    build = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"build {build:.1f} s; peak RSS {after:.0f} MB (entries alone {before:.0f} MB)")
    screener = Screener(index)
    expected = {}
    for i, e in enumerate(index.entries):
        expected.setdefault(e.entry_id.split(".")[0], []).append(i)
    times, found, top1 = [], 0, 0
    for q in queries:
        start = time.perf_counter()
        matches = screener.screen(q.query, kinds={EntryKind.PERSON}, threshold=0.0001, limit=10)
        times.append((time.perf_counter() - start) * 1000)
        want = set(expected[q.expected.split(":")[1]])
        cands = index.candidates(parse_name(q.query), kinds={EntryKind.PERSON}, limit=50)
        found += bool(want & {c.entry for c in cands})
        top1 += (
            bool(matches) and matches[0].entry.entry_id.split(".")[0] == q.expected.split(":")[1]
        )
    q95 = statistics.quantiles(times, n=20)[18]
    print(
        f"screen (retrieval + re-scoring): p50 {statistics.median(times):.1f} ms  "
        f"p95 {q95:.1f} ms  "
        f"q/s {1000 / statistics.mean(times):.0f}; candidate R@50 {found / len(queries):.3f}; "
        f"R@1 {top1 / len(queries):.3f}"
    )


SECTIONS: dict[str, Callable[[], None]] = {
    "ofac": bench_ofac,
    "ofac-peer": bench_ofac_peer,
    "ofac-peer-full": lambda: bench_ofac_peer(None),
    "un": bench_un,
    "pairs": bench_pairs,
    "negatives": bench_negatives,
    "scale": bench_scale,
}

if __name__ == "__main__":
    chosen = sys.argv[1:] or list(SECTIONS)
    for name in chosen:
        if name == "scale" and len(chosen) > 1:
            # a fresh process, so that its peak memory is the index's own
            subprocess.run([sys.executable, __file__, "scale"], check=True)
        else:
            SECTIONS[name]()
