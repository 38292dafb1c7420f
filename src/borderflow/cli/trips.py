"""``borderflow trips``: border-crossing cards, trip filing, the booth's card read and the
reopening queue after a port closure."""

from __future__ import annotations

import datetime as dt
import getpass
import json
from pathlib import Path
from typing import Annotated

import typer

from borderflow.cli.context import node_engine, node_settings
from borderflow.cli.output import console, print_json, print_table
from borderflow.commerce import CommerceService, parse_filing
from borderflow.commerce.filing import parse_moment
from borderflow.commerce.model import normalise_card_number
from borderflow.commerce.views import card_read_view, card_view, queue_view, trip_view
from borderflow.errors import InvalidInput
from borderflow.programs import MemberRef
from borderflow.programs.views import standing_view

__all__ = ["app"]

app = typer.Typer(
    help="Commercial trips: RFID cards, advance filing, card reads, reopening queue.",
    no_args_is_help=True,
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
CountryOption = Annotated[
    str | None, typer.Option("--country", help="Entry country; default the node's")
]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _country(value: str | None) -> str:
    return (value or node_settings().country).upper()


@app.command("card-issue")
def card_issue_command(
    driver: Annotated[str, typer.Argument(help="CC:IDENTIFIER of the driver")],
    as_json: JsonFlag = False,
) -> None:
    """Issue an RFID card (an opaque number) linked to a driver."""
    with node_engine().begin() as connection:
        card = CommerceService(connection, clock=_now).issue_card(
            MemberRef.parse(driver, field="driver")
        )
    view = card_view(card)
    if as_json:
        print_json(view)
    else:
        console.print(f"card {card.card_number} issued, expires {view['expires_at']}")


@app.command("card-revoke")
def card_revoke_command(
    card_number: str,
    reason: Annotated[str, typer.Option("--reason", help="Why (kept with the card)")],
) -> None:
    """Revoke a card: reads of it are refused from now on."""
    with node_engine().begin() as connection:
        CommerceService(connection, clock=_now).revoke_card(
            normalise_card_number(card_number), reason
        )
    console.print(f"card {normalise_card_number(card_number)} revoked")


@app.command("card-status")
def card_status_command(
    card_number: str, country: CountryOption = None, as_json: JsonFlag = False
) -> None:
    """The programs standing of the driver a card is linked to."""
    with node_engine().begin() as connection:
        standing = CommerceService(connection, clock=_now).status_for_card(
            normalise_card_number(card_number), _country(country)
        )
    view = standing_view(standing)
    if as_json:
        print_json(view)
        return
    console.print(f"benefits in {standing.country}: {', '.join(view['benefits']) or 'none'}")
    print_table(
        view["memberships"],
        ("program", "tier", "status", "recognized", "expires_at"),
        title="driver's memberships",
    )


@app.command("file")
def file_command(
    filing: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Filing (JSON)")],
    as_json: JsonFlag = False,
) -> None:
    """File a trip before arrival (format: docs/commerce.md); refused when late."""
    try:
        raw = json.loads(filing.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"not valid JSON: {exc}", field=str(filing)) from None
    if not isinstance(raw, dict):
        raise InvalidInput("expected one JSON object", field=str(filing))
    with node_engine().begin() as connection:
        trip = CommerceService(connection, clock=_now).file_trip(
            parse_filing(raw), actor=f"cli:{getpass.getuser()}"
        )
    if as_json:
        print_json(trip_view(trip))
    else:
        console.print(f"trip {trip.trip_id} filed for {trip.filing.expected_arrival.isoformat()}")


@app.command("read")
def read_command(
    card_number: str,
    lane: Annotated[str, typer.Option("--lane", help="Lane of the booth, e.g. FAST")],
    country: CountryOption = None,
    trip: Annotated[str | None, typer.Option("--trip", help="Trip number, if shown")] = None,
    as_json: JsonFlag = False,
) -> None:
    """One card read at the booth: the trip and its lane eligibility."""
    with node_engine().begin() as connection:
        read = CommerceService(connection, clock=_now).read_card(
            normalise_card_number(card_number),
            lane=lane,
            country=_country(country),
            trip_id=trip,
        )
    view = card_read_view(read)
    if as_json:
        print_json(view)
        return
    filing = read.trip.filing
    console.print(
        f"trip {read.trip.trip_id}: driver {read.driver}, carrier {filing.carrier}, "
        f"tractor {filing.tractor.plate}, trailer {filing.trailer_plate}"
    )
    verdict = "[green]eligible[/]" if read.eligibility.ok else "[red]not eligible[/]"
    console.print(f"{read.eligibility.lane} lane: {verdict}")
    print_table(
        view["eligibility"]["failed_conditions"], ("condition", "detail"), title="failed conditions"
    )
    print_table(
        view["trip"]["shipments"],
        ("importer", "hs_code", "value", "currency", "origin"),
        title="shipments",
    )


def _waiting(text: str, index: int) -> tuple[str, dt.datetime]:
    card, sep, moment = text.partition("@")
    if not sep:
        raise InvalidInput("expected CARD@ARRIVED_AT", field=f"trucks[{index}]")
    return (normalise_card_number(card), parse_moment(moment, field=f"trucks[{index}].arrived_at"))


@app.command("queue")
def queue_command(
    trucks: Annotated[list[str], typer.Argument(help="CARD@ARRIVED_AT (ISO 8601 with offset)")],
    country: CountryOption = None,
    as_json: JsonFlag = False,
) -> None:
    """The order in which waiting trucks go when a closed port reopens."""
    waiting = [_waiting(text, i) for i, text in enumerate(trucks)]
    with node_engine().begin() as connection:
        queue = CommerceService(connection, clock=_now).queue_for_reopening(
            _country(country), waiting
        )
    view = queue_view(queue)
    if as_json:
        print_json(view)
        return
    print_table(
        view,
        ("position", "card_number", "carrier", "reopening_rank", "arrived_at"),
        title="reopening queue",
    )
