"""``borderflow screen``: screen a name, a CSV batch, or load a new list version.

``borderflow screen "NAME"`` is short for ``borderflow screen name "NAME"``: any first
argument that is not a sub-command is taken as the name to screen.
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from typer.core import TyperGroup

from borderflow.cli.context import node_engine, node_settings
from borderflow.cli.output import console, err_console, print_json, print_table
from borderflow.errors import InvalidInput
from borderflow.screening import CrossingsInMemory, RecentCrossing, Screener, retro_screen
from borderflow.screening.formats import ListFormat, load_list
from borderflow.screening.ledger_crossings import LedgerCrossings
from borderflow.screening.query import birth_date_field, nationality_field
from borderflow.screening.repository import ListRepository
from borderflow.screening.views import match_view
from borderflow.screening.workflow import load_service, store_list_version

__all__ = ["app"]


class _NameFirstGroup(TyperGroup):
    """Routes ``screen NAME ...`` to the ``name`` command when NAME is no sub-command."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["name", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_NameFirstGroup,
    help="Watch-list screening: screen names, batches, load list versions.",
    no_args_is_help=True,
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
Threshold = Annotated[
    float | None, typer.Option("--threshold", min=0.01, max=1.0, help="Override the threshold")
]


def _screener(threshold: float | None) -> Screener:
    with node_engine().connect() as connection:
        service = load_service(connection, threshold=node_settings().screening_threshold)
    screener = service.screener
    if threshold is not None:
        screener = Screener(screener.index, threshold=threshold)
    return screener


@app.command("name")
def name_command(
    name: Annotated[str, typer.Argument(help="The name to screen, in any script")],
    dob: Annotated[str | None, typer.Option("--dob", help="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Nationality")] = None,
    gender: Annotated[str | None, typer.Option("--gender", help="male or female")] = None,
    identifier: Annotated[list[str] | None, typer.Option("--id", help="Document number")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100)] = 10,
    threshold: Threshold = None,
    as_json: JsonFlag = False,
) -> None:
    """Screen one name against every list in force."""
    matches = _screener(threshold).screen(
        name,
        dob=birth_date_field(dob),
        nationality=nationality_field(country, "country"),
        gender=gender,
        identifiers=identifier or (),
        limit=limit,
    )
    views = [match_view(m) for m in matches]
    if as_json:
        print_json(views)
        return
    if not views:
        console.print("no match at or above the threshold")
        return
    print_table(
        views,
        ["score", "entry_key", "listed_name", "matched_name", "programs"],
        title=f"matches for {name!r}",
    )
    for view in views:
        console.print(f"[bold]{view['entry_key']}[/] {view['score']:.3f}", highlight=False)
        for line in view["explanation"]:
            console.print(f"  {line}", highlight=False, markup=False)


_OUT_COLUMNS = ("alert", "score", "entry_key", "listed_name", "matched_name", "explanation")


@app.command("batch")
def batch_command(
    source: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV with name")],
    target: Annotated[Path, typer.Argument(dir_okay=False, help="CSV to write")],
    threshold: Threshold = None,
) -> None:
    """Screen every row of a CSV (columns: name, and optionally dob, country, gender, id).

    Writes the input columns plus the top match; a bad row is reported and written with
    its error instead of a match.
    """
    screener = _screener(threshold)
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if "name" not in (reader.fieldnames or []):
            raise InvalidInput(f"{source}:1: the header needs a 'name' column", field="name")
        rows = list(reader)
    columns = [*(reader.fieldnames or []), *_OUT_COLUMNS, "error"]
    alerts = errors = 0
    with target.open("w", encoding="utf-8", newline="") as out, _progress() as progress:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        task = progress.add_task("screening", total=len(rows))
        for line, row in enumerate(rows, start=2):
            result = _screen_row(screener, row)
            alerts += result.get("alert") == "yes"
            if result.get("error"):
                errors += 1
                err_console.print(f"line {line}: {result['error']}", highlight=False)
            writer.writerow({**row, **result})
            progress.advance(task)
    console.print(f"{len(rows)} rows screened, {alerts} alerts, {errors} rejected -> {target}")


def _screen_row(screener: Screener, row: dict[str, str]) -> dict[str, Any]:
    try:
        matches = screener.screen(
            row.get("name") or "",
            dob=birth_date_field(row.get("dob")),
            nationality=nationality_field(row.get("country"), "country"),
            gender=(row.get("gender") or None),
            identifiers=[row["id"]] if row.get("id") else (),
            limit=1,
            threshold=0.0001,
        )
    except InvalidInput as problem:
        return {"error": str(problem)}
    if not matches:
        return {"alert": "no", "score": 0.0}
    top = match_view(matches[0])
    return {
        "alert": "yes" if top["alert"] else "no",
        "score": top["score"],
        "entry_key": top["entry_key"],
        "listed_name": top["listed_name"],
        "matched_name": top["matched_name"],
        "explanation": "; ".join(top["explanation"]),
    }


def _progress() -> Progress:
    return Progress(
        *Progress.get_default_columns()[:1],
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
    )


@app.command("load")
def load_command(
    fmt: Annotated[ListFormat, typer.Argument(help="The list's format")],
    path: Annotated[Path, typer.Argument(exists=True, help="File, or folder for OFAC CSVs")],
    version: Annotated[str, typer.Option("--version", help="Version label")] = "",
    crossings: Annotated[
        Path | None,
        typer.Option(
            "--retro-crossings",
            exists=True,
            dir_okay=False,
            help="CSV of recent crossings (crossing_id, occurred_at, name, dob, "
            "nationality) to retro-screen instead of the node's own ledger",
        ),
    ] = None,
    days: Annotated[int, typer.Option("--days", min=1, help="Retro-screening window")] = 30,
    as_json: JsonFlag = False,
) -> None:
    """Store a new version of a list, print the diff, rejected records and retro hits."""
    loaded = load_list(fmt, path, version=version)
    with node_engine().begin() as connection:
        diff = store_list_version(connection, loaded, actor=f"cli:{getpass.getuser()}")
    with node_engine().connect() as connection:
        recent = (
            CrossingsInMemory(_read_crossings(crossings))
            if crossings is not None
            else LedgerCrossings(connection)
        )
        found = retro_screen(recent, diff.to_screen_again(), days=days, now=dt.datetime.now(dt.UTC))
    hits = [
        {"crossing_id": h.crossing.crossing_id, "name": h.crossing.name, **match_view(h.match)}
        for h in found
    ]
    report = {
        "source": loaded.source,
        "version": loaded.version,
        **diff.summary(),
        "rejected": [
            {"line": r.line, "field": r.field, "message": r.message} for r in loaded.rejected
        ],
        "retro_hits": hits,
    }
    if as_json:
        print_json(report)
        return
    console.print(
        f"{loaded.source} {loaded.version}: {len(loaded.entries)} entries; "
        f"added {len(diff.added)}, removed {len(diff.removed)}, "
        f"changed {len(diff.changed)}; {len(loaded.rejected)} rejected"
    )
    for problem in loaded.rejected:
        err_console.print(f"rejected {problem}", highlight=False)
    if hits:
        print_table(
            hits,
            ["crossing_id", "name", "score", "entry_key", "listed_name"],
            title="retro-screening hits",
        )


def _read_crossings(path: Path) -> list[RecentCrossing]:
    found = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                at = dt.datetime.fromisoformat(row["occurred_at"])
            except (KeyError, ValueError) as exc:
                raise InvalidInput(
                    f"{path}:{line}: occurred_at must be an ISO date-time", field="occurred_at"
                ) from exc
            if at.tzinfo is None:
                at = at.replace(tzinfo=dt.UTC)
            found.append(
                RecentCrossing(
                    row.get("crossing_id", str(line)),
                    at,
                    row["name"],
                    birth_date_field(row.get("dob")),
                    nationality_field(row.get("nationality")),
                )
            )
    return found


@app.command("lists")
def lists_command(as_json: JsonFlag = False) -> None:
    """The stored list versions."""
    with node_engine().connect() as connection:
        versions = ListRepository(connection).versions()
    if as_json:
        print_json(versions)
        return
    print_table(versions, ["source", "version", "loaded_at", "entry_count", "rejected_count"])
