"""``borderflow ledger``: import crossings and ask about travelers and flows."""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import itertools
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import MofNCompleteColumn, Progress, TimeRemainingColumn

from borderflow.cli.context import node_engine, node_settings
from borderflow.cli.output import console, err_console, print_json, print_table, to_jsonable
from borderflow.federation.outbox import federation_hook
from borderflow.ledger import CrossingRules, LedgerService
from borderflow.ledger.importer import ImportReport, count_lines, import_file
from borderflow.ledger.rows import COLUMNS
from borderflow.ledger.synthetic import SyntheticTraffic
from borderflow.reference import default_catalog

__all__ = ["app"]

app = typer.Typer(help="The entry/exit ledger: crossings, travelers, flows.", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
IssuingCountry = Annotated[
    str, typer.Option("--issuing-country", "-c", help="Country that issued the document")
]
DocumentNumber = Annotated[str, typer.Option("--document", "-d", help="Document number")]


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help=".csv or .jsonl")],
    batch_size: Annotated[int | None, typer.Option(min=1, help="Rows per transaction")] = None,
    rejects: Annotated[
        Path | None, typer.Option(help="Write every rejected row here (CSV)")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Processes that parse and validate while this one writes; by default two "
            "on a machine with several cores when the file holds more than one batch",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Import crossings; re-importing a file adds nothing. Exit 1 if any row was rejected."""
    total = count_lines(file)
    with Progress(
        *Progress.get_default_columns()[:-1],
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
        disable=as_json,
    ) as progress:
        task = progress.add_task(f"importing {file.name}", total=total)
        report = import_file(
            node_engine(),
            file,
            recorded_by=_actor(),
            rules=CrossingRules(default_catalog()),
            batch_size=batch_size or node_settings().import_batch_size,
            on_progress=lambda lines: progress.advance(task, lines),
            workers=workers,
            hooks=[federation_hook],
        )
    if rejects is not None:
        _write_rejects(report, rejects)
    _show_report(report, as_json)
    if report.rejections:
        raise typer.Exit(1)


def _write_rejects(report: ImportReport, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["line", "field", "message"])
        writer.writerows((r.line, r.field, r.message) for r in report.rejections)


def _show_report(report: ImportReport, as_json: bool) -> None:
    if as_json:
        print_json(report)
        return
    console.print(
        f"{report.file}: {report.rows} rows, {report.created} recorded, "
        f"{report.duplicates} already recorded, {report.rejected_rows} rejected"
    )
    if report.rejections:
        shown = [to_jsonable(r) for r in report.rejections[:20]]
        print_table(shown, ("line", "field", "message"), title="rejected rows")
        if len(report.rejections) > 20:
            console.print(f"... and {len(report.rejections) - 20} more (use --rejects FILE)")


@app.command("generate")
def generate_command(
    out: Annotated[Path, typer.Argument(dir_okay=False, help="CSV file to write")],
    count: Annotated[int, typer.Option(min=1, help="Crossings to generate")] = 1000,
    seed: Annotated[int, typer.Option(help="Same seed, same rows")] = 0,
) -> None:
    """Write synthetic crossings through real ports (for demos and load tests)."""
    rows = SyntheticTraffic(default_catalog(), seed=seed).rows(count)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    console.print(f"wrote {count} crossings to {out}")


@app.command("history")
def history_command(
    issuing_country: IssuingCountry, document: DocumentNumber, as_json: JsonFlag = False
) -> None:
    """A traveler's crossings, stays and anomalies, across renewed documents."""
    with node_engine().begin() as connection:
        ledger = LedgerService(connection)
        person_id = ledger.person_for(issuing_country, document)
        ledger.audit_read(_actor(), "history", f"person:{person_id}")
        found = ledger.history(person_id)
    if as_json:
        print_json(found)
        return
    latest = found.documents[-1].document
    console.print(
        f"traveler {found.person.id}: {latest.surname}, {latest.given_names}, "
        f"born {found.person.date_of_birth}"
    )
    for linked in found.documents:
        d = linked.document
        console.print(
            f"  document {d.doc_type} {d.issuing_country} {d.number} — linked: {linked.link}"
        )
    print_table(
        [to_jsonable(c) for c in found.crossings],
        (
            "crossed_at",
            "port",
            "mode",
            "from_country",
            "to_country",
            "document_number",
            "admission_class",
            "admitted_until",
        ),
        title="crossings",
    )
    for anomaly in found.anomalies:
        console.print(f"[yellow]anomaly[/] {anomaly.kind.value}: {anomaly.explanation}")


@app.command("presence")
def presence_command(
    issuing_country: IssuingCountry,
    document: DocumentNumber,
    as_of: Annotated[dt.datetime | None, typer.Option(help="Moment (UTC); default now")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Where the records place a traveler."""
    moment = as_of.replace(tzinfo=dt.UTC) if as_of and as_of.tzinfo is None else as_of
    with node_engine().begin() as connection:
        ledger = LedgerService(connection)
        person_id = ledger.person_for(issuing_country, document)
        ledger.audit_read(_actor(), "presence", f"person:{person_id}")
        found = ledger.presence(person_id, moment)
    if as_json:
        print_json(found)
        return
    console.print(f"in {found.country or 'unknown'}: {found.explanation}")


@app.command("overstays")
def overstays_command(
    country: Annotated[str | None, typer.Option(help="Country entered; default the node's")] = None,
    as_of: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Day")] = None,
    include_departed: Annotated[bool, typer.Option(help="Also those who left late")] = False,
    limit: Annotated[int, typer.Option(min=1, help="Rows shown in the table")] = 50,
    as_json: JsonFlag = False,
) -> None:
    """Admissions that ran out with no exit recorded, as of a day."""
    day = as_of.date() if as_of else dt.datetime.now(dt.UTC).date()
    where = country or node_settings().country
    with node_engine().begin() as connection:
        ledger = LedgerService(connection)
        ledger.audit_read(_actor(), "overstays", f"country:{where}")
        found = ledger.overstays(where, day, include_departed=include_departed)
    if as_json:
        print_json(found)
        return
    print_table(
        [to_jsonable(r) for r in itertools.islice(found, limit)],
        (
            "surname",
            "given_names",
            "nationality",
            "port",
            "entered_at",
            "admission_class",
            "admitted_until",
            "exited_on",
            "days_over",
        ),
        title=f"{len(found)} overstays in {where} as of {day}",
    )


@app.command("anomalies")
def anomalies_command(
    limit: Annotated[int, typer.Option(min=1)] = 100, as_json: JsonFlag = False
) -> None:
    """Two entries without an exit between them, and exits with no entry."""
    with node_engine().begin() as connection:
        ledger = LedgerService(connection)
        ledger.audit_read(_actor(), "anomalies", "ledger")
        found = ledger.anomalies(limit)
    if as_json:
        print_json(found)
        return
    print_table(
        [to_jsonable(a) for a in found],
        ("kind", "person_id", "crossing_id", "explanation"),
        title=f"{len(found)} anomalies",
    )


@app.command("stats")
def stats_command(
    port: Annotated[str | None, typer.Option(help="Port code or name")] = None,
    since: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"])] = None,
    until: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"])] = None,
    mode: Annotated[str | None, typer.Option()] = None,
    from_country: Annotated[str | None, typer.Option("--from")] = None,
    to_country: Annotated[str | None, typer.Option("--to")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Crossings per port, local day, mode and direction."""
    with node_engine().connect() as connection:
        ledger = LedgerService(connection)
        found = ledger.stats(
            ledger.stat_filter(
                port=port,
                since=since.date() if since else None,
                until=until.date() if until else None,
                mode=mode,
                from_country=from_country,
                to_country=to_country,
            )
        )
    if as_json:
        print_json(found)
        return
    print_table(
        [to_jsonable(r) for r in found],
        ("port", "day", "mode", "direction", "crossings"),
        title=f"{sum(r.crossings for r in found)} crossings",
    )
