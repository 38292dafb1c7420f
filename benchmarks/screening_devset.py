"""Build the screening DEVELOPMENT set: OFAC SDN 2024-05-03, disjoint from the test set.

    .venv/bin/python benchmarks/screening_devset.py [--out DIR]     # build (~5 s)
    .venv/bin/python benchmarks/screening_devset.py errors [--dob] [--category C] [--limit N]

The test set (``eval/derived/ofac_sdn_2023-12-28_queries.csv`` + 2,000 negatives) is for
the one final measurement; matcher rules and weights are looked at and fitted on this
set only. It follows ``eval/README.md`` "How to build more" with a different seed:

* **List.** ``ofac_sdn_2024-05-03/sdn.csv`` (14,965 entries). That scrape has no alias or
  address file, so the 2023 publication's ``alt.csv``/``add.csv`` rows of the entries still
  listed in 2024 are joined to it by ``ent_num`` (the same OFAC aliases; entries new in
  2024 have none). Written to ``DIR/list``.
* **Entries queried.** Only entries whose ``ent_num`` is not an ``expected_id`` of the
  derived test set (1,405 ids are excluded).
* **Queries** (``DIR/queries.csv``, the test set's columns): 600 held-out aliases (400
  individuals, 200 entities; the evaluator removes the alias from the index for its
  query), and perturbations of the primary names of 500 individuals and 200 entities
  (natural order, surname first without comma, one-edit typo, diacritics, transliteration
  variant, dropped middle token, lower case, typo + diacritics), plus the same
  perturbations (``mx_*``) of 150 individuals with a Mexican address. Seed 20240503.
  Then, from a generator of their own (so the queries above did not change when they were
  added), 400 + 100 (``mx_``) individuals with a name part more, as passports hold them:
  another listed person's given name after the given names (``extra_given_name``) or
  first surname after the surnames (``extra_surname``).
* **More seeds.** The re-ranker trains on the sets drawn with ten seeds (20240503 and the
  nine after it), each written as ``queries-SEED.csv`` / ``negatives-SEED.csv``; a query or
  negative that an earlier seed already drew is counted once.
* **Negatives** (``DIR/negatives.csv``): 1,000 + 1,000 rows of the yente synthetic
  negatives drawn (seed 20240503) from the rows that neither the benchmark's 2,000-row
  sample nor the quality test's 1,000-row sample (both seed 11) contains.

``errors`` screens the dev set and prints the misses (expected entry not first) with the
explanation of both the top match and the expected entry: the only error analysis the
matcher's rules are allowed to use. Output goes to a cache directory outside git
(``$XDG_CACHE_HOME/borderflow/screening-dev`` by default); generated files are not
committed.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import shutil
import sys
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from borderflow.screening import NameIndex, Screener
from borderflow.screening.evaluation import (
    KINDS,
    LabelledQuery,
    Outcome,
    hit_rate_at,
    negative_queries,
    ofac_queries,
    run_queries,
    threshold_at_fpr,
)
from borderflow.screening.loaders import load_ofac_sdn
from borderflow.screening.loaders.common import parse_birth_date
from borderflow.settings import Settings

DATA = Settings().data_dir / "watchlists"
EVAL = DATA / "eval"
TEST_QUERIES = EVAL / "derived" / "ofac_sdn_2023-12-28_queries.csv"
NEGATIVE_FILES = [
    EVAL / "yente_candidate_generation" / f"negatives_{n}.csv" for n in ("global", "us")
]
SEED = 20240503
#: Written beside the sets; sets from another version are rebuilt (2: name parts more).
VERSION = "2"
COLUMNS = [
    "query_id",
    "query",
    "schema",
    "perturbation",
    "expected_id",
    "expected_name",
    "heldout_alias",
    "dob",
    "nationality",
]

# Spanish and French words with the accents OFAC strips (all-caps lists drop them).
_ACCENTED = """
maría josé garcía hernández rodríguez ramón jesús césar félix gonzález díaz león márquez
jiménez joaquín sánchez núñez lópez pérez martínez fernández gómez ramírez álvarez
gutiérrez domínguez vázquez váldez méndez ortíz chávez suárez benítez juárez nájera
ángel andrés martín héctor raúl rubén víctor iván adán efraín germán hernán julián
sebastián simón tomás moisés inés lucía sofía rocío ramírez cárdenas rosalía elías
medellín bogotá méxico panamá perú león colón beltrán guzmán durán garzón quintín
zúñiga muñoz peña ibáñez ordóñez patiño cañas báez lozáno castañeda treviño
françois hélène josé rené andré gérard jérôme frédéric éric stéphane
"""
ACCENTS = {
    unicodedata.normalize("NFKD", w).encode("ascii", "ignore").decode(): w
    for w in _ACCENTED.split()
}

# Transliteration variants (whole words, both ways) and Russian suffix spellings.
_VARIANTS = """
mohammed muhammad mohamed mohammad
ahmed ahmad
hussein husain hussain
hassan hasan
abdullah abdallah
abdul abdel
youssef yusuf yousef
osama usama
omar umar
othman uthman osman
khaled khalid
saleh salih
said saeed
mustafa mustapha
ibrahim ebrahim
ismail ismael
jafar jaafar
qasim kassem
sergei sergey serhiy
andrei andrey andriy
alexei aleksey oleksiy
aleksandr alexander oleksandr
dmitri dmitry dmytro
yuri yury iurii
yevgeny evgeny yevhen
nikolai nikolay mykola
mikhail mykhailo
vladimir volodymyr
oleg oleh
igor ihor
pyotr petr petro
grigori grigory hryhoriy
fyodor fedor
tatyana tatiana
natalya natalia
yelena elena olena
aleksei alexey
valery valeriy valerii
vitaly vitaliy vitalii
anatoly anatoliy anatolii
gennady gennadiy hennadiy
yevgeniy evgeniy
"""
VARIANTS: dict[str, list[str]] = {}
for _line in _VARIANTS.strip().splitlines():
    _group = _line.split()
    for _w in _group:
        VARIANTS.setdefault(_w, []).extend(v for v in _group if v != _w)
SUFFIXES = (("ov", "off"), ("ev", "eff"), ("iy", "y"), ("yev", "yeyev"), ("eev", "eyev"))

_DOB = re.compile(r"\bDOB ([^;]+?)(?:;|\.?$)")
_NATIONALITY = re.compile(r"\bnationality ([^;]+?)(?:;|\.?$)")


def default_out() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return cache / "borderflow" / "screening-dev"


def _read_ofac(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="latin-1").replace("\x1a", "")
    return [
        [v.strip() for v in row] for row in csv.reader(text.splitlines()) if row and row != [""]
    ]


def _value(raw: str) -> str:
    return "" if raw == "-0-" else raw


def _write_list(out: Path) -> tuple[list[list[str]], dict[str, list[tuple[str, str]]], set[str]]:
    """The 2024 ``sdn.csv`` with the 2023 aliases/addresses of entries still listed."""
    folder = out / "list"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DATA / "ofac_sdn_2024-05-03" / "sdn.csv", folder / "sdn.csv")
    sdn = _read_ofac(folder / "sdn.csv")
    listed = {row[0] for row in sdn}
    aliases: dict[str, list[tuple[str, str]]] = {}
    mexican: set[str] = set()
    for name in ("alt.csv", "add.csv"):
        source = DATA / "ofac_sdn_2023-12-28" / name
        kept = [
            line
            for line in source.read_text(encoding="latin-1").replace("\x1a", "").splitlines()
            if line.split(",", 1)[0] in listed
        ]
        (folder / name).write_text("\r\n".join(kept) + "\r\n", encoding="latin-1")
    for row in _read_ofac(folder / "alt.csv"):
        aliases.setdefault(row[0], []).append((row[2].strip('"'), _value(row[3])))
    for row in _read_ofac(folder / "add.csv"):
        if _value(row[4]) == "Mexico":
            mexican.add(row[0])
    return sdn, aliases, mexican


def natural(name: str, person: bool) -> str:
    """``LAST, Given`` → ``Given LAST`` (the query form of the test set)."""
    if person and ", " in name:
        last, given = name.split(", ", 1)
        return f"{given} {last}"
    return name


def _case_like(template: str, word: str) -> str:
    if template.isupper():
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def typo(text: str, rng: random.Random) -> str | None:
    """One substitution, deletion, insertion or transposition in a word of 5+ letters."""
    words = text.split()
    choices = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not choices:
        return None
    i = rng.choice(choices)
    w = words[i]
    k = rng.randrange(1, len(w) - 1)
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    letter = letter.upper() if w.isupper() else letter
    op = rng.choice(("sub", "del", "ins", "swap"))
    if op == "sub":
        w = w[:k] + letter + w[k + 1 :]
    elif op == "del":
        w = w[:k] + w[k + 1 :]
    elif op == "ins":
        w = w[:k] + letter + w[k:]
    else:
        w = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
    words[i] = w
    result = " ".join(words)
    return result if result != text else None


def diacritics(text: str) -> str | None:
    words = [_case_like(w, ACCENTS[w.lower()]) if w.lower() in ACCENTS else w for w in text.split()]
    result = " ".join(words)
    return result if result != text else None


def transliteration(text: str, rng: random.Random) -> str | None:
    out, changed = [], False
    for w in text.split():
        low = w.lower()
        if low in VARIANTS:
            out.append(rng.choice(VARIANTS[low]).capitalize())
            changed = True
            continue
        for old, new in SUFFIXES:
            if len(low) > 5 and low.endswith(old) and rng.random() < 0.5:
                out.append((low[: -len(old)] + new).capitalize())
                changed = True
                break
        else:
            out.append(w.capitalize() if w.isupper() else w)
    return " ".join(out) if changed else None


def dropped(text: str, rng: random.Random) -> str | None:
    words = text.split()
    if len(words) < 3:
        return None
    del words[rng.randrange(1, len(words) - 1)]
    return " ".join(words)


def _perturbations(name: str, person: bool, rng: random.Random) -> list[tuple[str, str | None]]:
    plain = natural(name, person)
    if not person:
        return [
            ("natural_order", plain),
            ("typo_1edit", typo(plain, rng)),
            ("diacritics_added", diacritics(plain)),
            ("transliteration_variant", transliteration(plain, rng)),
        ]
    accented = diacritics(plain)
    return [
        ("natural_order", plain),
        ("surname_first_no_comma", name.replace(", ", " ", 1)),
        ("typo_1edit", typo(plain, rng)),
        ("diacritics_added", accented),
        ("transliteration_variant", transliteration(plain, rng)),
        ("token_dropped", dropped(plain, rng)),
        ("lowercase", plain.lower()),
        ("combo_typo_diacritics", typo(accented, rng) if accented else None),
    ]


def extra_part(name: str, donor: str, rng: random.Random) -> tuple[str, str]:
    """``name`` (``LAST, Given``) in natural order with one part more, as a passport may
    hold it: another listed person's given name after the given names, or their first
    surname after the surnames (``Carlos Alberto ROSALES``, ``Carlos ROSALES MENDOZA``)."""
    last, given = name.split(", ", 1)
    donor_last, donor_given = donor.split(", ", 1)
    if rng.random() < 0.5:
        return "extra_given_name", f"{given} {donor_given.split()[0]} {last}"
    return "extra_surname", f"{given} {last} {donor_last.split()[0]}"


def _facts(remarks: str) -> tuple[str, str]:
    dob = _DOB.search(remarks)
    nationality = _NATIONALITY.search(remarks)
    return (
        dob.group(1).strip() if dob else "",
        nationality.group(1).strip() if nationality else "",
    )


def _files(out: Path, seed: int) -> tuple[Path, Path]:
    """The query and negative CSVs of one seed (the first seed's keep their old names)."""
    suffix = "" if seed == SEED else f"-{seed}"
    return out / f"queries{suffix}.csv", out / f"negatives{suffix}.csv"


def build(out: Path, seed: int = SEED) -> tuple[Path, Path]:
    """Write the dev list, and the queries and negatives drawn with ``seed``, under
    ``out``; returns the two CSVs."""
    rng = random.Random(seed)
    sdn, aliases, mexican = _write_list(out)
    with TEST_QUERIES.open(encoding="utf-8", newline="") as handle:
        excluded = {row["expected_id"] for row in csv.DictReader(handle)}
    pool = [row for row in sdn if row[0] not in excluded]
    people = [r for r in pool if r[2].lower() == "individual" and ", " in r[1]]
    entities = [r for r in pool if r[2] == "-0-" or r[2] == ""]
    rows: list[dict[str, str]] = []

    def add(row: list[str], query: str, kind: str, heldout: str = "") -> None:
        dob, nationality = _facts(_value(row[11]))
        rows.append(
            {
                "query_id": f"d{len(rows):05d}",
                "query": query,
                "schema": "Person" if row[2].lower() == "individual" else "Organization",
                "perturbation": kind,
                "expected_id": row[0],
                "expected_name": row[1],
                "heldout_alias": heldout,
                "dob": dob,
                "nationality": nationality,
            }
        )

    for group, count in ((people, 400), (entities, 200)):
        with_alias = [r for r in group if aliases.get(r[0])]
        for row in rng.sample(with_alias, count):
            kind, alias = rng.choice(aliases[row[0]])
            person = row[2].lower() == "individual"
            add(row, natural(alias, person), f"heldout_alias_{kind}", alias)
    for group, count, prefix in (
        (people, 500, ""),
        (entities, 200, ""),
        ([r for r in people if r[0] in mexican], 150, "mx_"),
    ):
        for row in rng.sample(group, min(count, len(group))):
            for kind, query in _perturbations(row[1], group is not entities, rng):
                if query:
                    add(row, query, prefix + kind)
    # Drawn apart, so that adding them left every query above as it was.
    extra = random.Random(f"{seed} extra parts")
    for group, count, prefix in (
        (people, 400, ""),
        ([r for r in people if r[0] in mexican], 100, "mx_"),
    ):
        for row in extra.sample(group, min(count, len(group))):
            kind, query = extra_part(row[1], extra.choice(people)[1], extra)
            add(row, query, prefix + kind)
    queries, negatives = _files(out, seed)
    _write_csv(queries, COLUMNS, rows)
    _write_csv(negatives, ["full_name", "date_of_birth"], _negatives(rng))
    return queries, negatives


def _negatives(rng: random.Random) -> list[dict[str, str]]:
    used = {q.query for n in (2000, 1000) for q in negative_queries(NEGATIVE_FILES, n)}
    chosen: list[dict[str, str]] = []
    for path in NEGATIVE_FILES:
        with path.open(encoding="utf-8", newline="") as handle:
            rest = [r for r in csv.DictReader(handle) if r["full_name"] not in used]
        chosen += [
            {"full_name": r["full_name"], "date_of_birth": r["date_of_birth"]}
            for r in rng.sample(rest, 1000)
        ]
    return chosen


def _write_csv(path: Path, columns: Sequence[str], rows: Sequence[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        writer.writerows(rows)


def _current(out: Path) -> None:
    """Drop sets written by an older version of this builder (they are rebuilt)."""
    marker = out / "version"
    if marker.is_file() and marker.read_text().strip() == VERSION:
        return
    for old in [*out.glob("queries*.csv"), *out.glob("negatives*.csv")]:
        old.unlink()
    out.mkdir(parents=True, exist_ok=True)
    marker.write_text(VERSION + "\n")


def dev_sets(
    out: Path, seeds: Sequence[int] = (SEED,)
) -> tuple[NameIndex, list[LabelledQuery], list[LabelledQuery]]:
    """The dev index, and the queries and negatives of ``seeds`` (each built first if
    missing). The first seed's come whole and first, in their files' order; later seeds
    add only queries and negatives that no earlier seed has, so none is counted twice."""
    _current(out)
    queries: list[LabelledQuery] = []
    negatives: list[LabelledQuery] = []
    seen: set[tuple[str, str, str]] = set()
    for n, seed in enumerate(seeds):
        query_file, negative_file = _files(out, seed)
        if not query_file.is_file():
            build(out, seed)
        with negative_file.open(encoding="utf-8", newline="") as handle:
            drawn = [
                LabelledQuery(
                    r["full_name"],
                    "",
                    "Person",
                    "negative",
                    "",
                    parse_birth_date(r["date_of_birth"]),
                )
                for r in csv.DictReader(handle)
            ]
        for found, into in ((ofac_queries(query_file), queries), (drawn, negatives)):
            keys = [(q.query, q.expected, q.heldout) for q in found]
            into.extend(q for q, key in zip(found, keys, strict=True) if n == 0 or key not in seen)
            seen.update(keys)
    index = NameIndex(load_ofac_sdn(out / "list").entries)
    return index, queries, negatives


def report(out: Path) -> None:
    """The dev set's figures, names only and with DOB, and recall@1 per category."""
    index, queries, negatives = dev_sets(out)
    screener = Screener(index)
    for use_dob in (False, True):
        start = time.perf_counter()
        pos = run_queries(screener, queries, use_dob=use_dob)
        neg = run_queries(screener, negatives, use_dob=use_dob)
        rate = (len(pos) + len(neg)) / (time.perf_counter() - start)
        thr = threshold_at_fpr(neg, 0.01)
        r1 = sum(o.rank == 1 for o in pos) / len(pos)
        alerts = sum(o.top_score >= screener.threshold for o in neg) / len(neg)
        print(
            f"dev, names{' + DOB' if use_dob else ' only'}: R@1 {r1:.3f}  thr@1%FPR {thr:.3f}  "
            f"hit@1%FPR {hit_rate_at(pos, thr):.3f}  alerts@{screener.threshold} {alerts:.2%}  "
            f"{rate:.0f} q/s",
            flush=True,
        )
        if use_dob:
            continue
        categories: dict[str, list[Outcome]] = {}
        for o in pos:
            categories.setdefault(o.query.category.removeprefix("mx_"), []).append(o)
        print(
            "   "
            + "  ".join(
                f"{c} {sum(o.rank == 1 for o in os) / len(os):.3f}"
                for c, os in sorted(categories.items())
            )
        )


def errors(out: Path, use_dob: bool, category: str, limit: int) -> None:
    """Print the dev-set misses with both explanations (names only unless ``use_dob``)."""
    index, queries, _negatives = dev_sets(out)
    screener = Screener(index)
    queries = [q for q in queries if category in q.category]
    outcomes = run_queries(screener, queries, use_dob=use_dob)
    by_key = {e.key: e for e in index.entries}
    shown = 0
    for outcome in outcomes:
        if outcome.rank == 1 or shown >= limit:
            continue
        shown += 1
        q = outcome.query
        print(f"\n[{q.category}] {q.query!r} → want {by_key[q.expected].primary_name!r}")
        print(f"   got {outcome.ranked[:3]} top {outcome.top_score:.3f} rank {outcome.rank}")
        _explain(screener, q, use_dob)
    print(f"\n{sum(o.rank != 1 for o in outcomes)} misses of {len(outcomes)}")


def top_negatives(out: Path, use_dob: bool, limit: int) -> None:
    """The dev negatives that score highest, with their explanation."""
    index, _queries, negatives = dev_sets(out)
    screener = Screener(index)
    outcomes = run_queries(screener, negatives, use_dob=use_dob)
    for o in sorted(outcomes, key=lambda o: -o.top_score)[:limit]:
        print(f"\n{o.query.query!r} top {o.top_score:.3f}")
        _explain(screener, o.query, use_dob)


def _explain(screener: Screener, q: LabelledQuery, use_dob: bool) -> None:
    index = screener.index
    skip = frozenset(
        p
        for e, entry in enumerate(index.entries)
        if entry.key == q.expected
        for p in index.postings_of(e)
        if index.postings[p].name == q.heldout
    )
    matches = screener.screen(
        q.query,
        dob=q.dob if use_dob else None,
        kinds=KINDS.get(q.schema),
        threshold=0.0001,
        limit=50,
        skip_postings=skip,
    )
    for m in matches[:1] + [m for m in matches if m.entry.key == q.expected][:1]:
        print(f"   {m.entry.key} {m.score:.3f} {m.matched_name!r}: " + "; ".join(m.explain()))


def main(argv: Sequence[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "command", nargs="?", default="build", choices=("build", "report", "errors", "negatives")
    )
    parser.add_argument("--out", type=Path, default=default_out())
    parser.add_argument("--dob", action="store_true")
    parser.add_argument("--category", default="")
    parser.add_argument("--limit", type=int, default=60)
    args = parser.parse_args(argv)
    if args.command == "errors":
        errors(args.out, args.dob, args.category, args.limit)
        return
    if args.command == "report":
        report(args.out)
        return
    if args.command == "negatives":
        top_negatives(args.out, args.dob, args.limit)
        return
    queries, negatives = build(args.out)
    print(f"dev set: {queries} ({sum(1 for _ in queries.open()) - 1} queries), {negatives}")


if __name__ == "__main__":
    main(sys.argv[1:])
