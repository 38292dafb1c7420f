"""``borderflow inspection``: port policies, recorded decisions and secondary results.

Officers decide through the API (their booth); the node's operator reads the record here
and may enter a secondary result reported on paper. Reads are audited like the API's.
``borderflow inspection policy`` sets and reads each port's policy.
"""

from __future__ import annotations

import datetime as dt
import getpass
from typing import Annotated, Any

import typer

from borderflow.audit import AuditLog
from borderflow.cli import inspection_policy
from borderflow.cli.context import node_engine
from borderflow.cli.output import console, print_json, print_table
from borderflow.inspection import SecondaryOutcome
from borderflow.inspection.records import DecisionRecord
from borderflow.inspection.service import InspectionService

__all__ = ["app"]

app = typer.Typer(
    help="Port policies, decisions at primary and secondary results.", no_args_is_help=True
)
app.add_typer(inspection_policy.app, name="policy")

_COLUMNS = (
    "arrival",
    "time",
    "lane",
    "outcome",
    "policy",
    "authority",
    "officer",
    "reasons",
    "secondary",
)


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def _row(record: DecisionRecord) -> dict[str, Any]:
    secondary = record.secondary
    return {
        "arrival": record.decision.arrival_id,
        "time": record.decided_at.isoformat(timespec="seconds"),
        "lane": record.lane.value,
        "outcome": record.decision.outcome.value,
        "policy": _policy(record),
        "authority": record.decision.authority,
        "officer": record.decision.officer_id,
        "reasons": "; ".join(record.decision.reasons),
        "secondary": "" if secondary is None else ("found" if secondary.found else "nothing"),
    }


def _policy(record: DecisionRecord) -> str:
    """The policy's kind and, when it was a port's version, which one."""
    version = record.policy_version
    return record.decision.policy + ("" if version is None else f" v{version}")


def _show(records: list[DecisionRecord], as_json: bool, title: str) -> None:
    if as_json:
        print_json(records)
        return
    print_table([_row(r) for r in records], _COLUMNS, title=title)


@app.command("decisions")
def decisions_command(
    port: Annotated[str, typer.Option(help="Port code or name")],
    day: Annotated[dt.datetime, typer.Option(formats=["%Y-%m-%d"], help="The port's local day")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The decisions taken at a port on one of its local days, with their reasons."""
    with node_engine().begin() as connection:
        records = InspectionService(connection).at_port(port, day.date())
        AuditLog(connection).append(
            action="inspection.read.port_day",
            actor=_actor(),
            subject=f"port:{port}:{day.date().isoformat()}",
        )
    _show(records, as_json, f"{port}, {day.date().isoformat()}")


@app.command("traveler")
def traveler_command(
    country: Annotated[str, typer.Option(help="The document's issuing country")],
    document: Annotated[str, typer.Option(help="The document number")],
    doc_type: Annotated[str | None, typer.Option(help="passport, passport_card, ...")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The decisions about a traveler, across every crossing the ledger links to them."""
    with node_engine().begin() as connection:
        found = InspectionService(connection).traveler(country, document, doc_type)
        AuditLog(connection).append(
            action="inspection.read.history", actor=_actor(), subject=f"person:{found.person_id}"
        )
    _show(found.decisions, as_json, f"traveler {found.person_id}")


@app.command("outcome")
def outcome_command(
    arrival_id: Annotated[str, typer.Argument(help="The referred arrival")],
    found: Annotated[bool, typer.Option("--found/--not-found", help="What secondary found")],
    what: Annotated[str, typer.Option(help="What was found, or checked")] = "",
    critical: Annotated[bool, typer.Option(help="A finding of the gravest kind")] = False,
) -> None:
    """Record a secondary inspection's result; a truck's declaration gets it as its label."""
    with node_engine().begin() as connection:
        service = InspectionService(connection)
        secondary = service.secondary_outcome(
            SecondaryOutcome(arrival_id, found, what, _actor(), critical)
        )
        declaration = service.decision(arrival_id).declaration_id
    labelled = f"; declaration {declaration} labelled" if declaration else ""
    console.print(f"secondary result recorded for {arrival_id} ({secondary.selected_by}){labelled}")
