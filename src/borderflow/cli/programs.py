"""``borderflow programs``: the catalog, members, applications, vetting and status changes,
joint validations, partners, the public registry and status look-ups."""

from __future__ import annotations

import datetime as dt
import getpass
from typing import Annotated, Any

import typer

from borderflow.cli.context import node_engine, node_settings
from borderflow.cli.output import console, print_json, print_table
from borderflow.errors import InvalidInput, NotFound
from borderflow.programs import (
    Action,
    MemberKind,
    MemberRef,
    ProgramRequest,
    ProgramService,
    ValidationFinding,
    ValidationOutcome,
    VettingResult,
    default_catalog,
)
from borderflow.programs.outbox import stored_events
from borderflow.programs.views import (
    application_view,
    catalog_view,
    member_view,
    membership_view,
    partner_view,
    standing_view,
    validation_view,
)

__all__ = ["app"]

app = typer.Typer(
    help="Trusted traveler and trader programs: memberships, vetting, status, partners.",
    no_args_is_help=True,
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
CountryOption = Annotated[
    str | None, typer.Option("--country", help="Acting country; default the node's")
]
Reason = Annotated[str, typer.Option("--reason", help="Why (kept with the event)")]


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _country(value: str | None) -> str:
    return (value or node_settings().country).upper()


def _show(value: Any, as_json: bool, columns: tuple[str, ...], title: str) -> None:
    if as_json:
        print_json(value)
        return
    rows = value if isinstance(value, list) else [value]
    print_table(rows, columns, title=title)


@app.command("catalog")
def catalog_command(as_json: JsonFlag = False) -> None:
    """Programs with their countries and tiers, and the mutual recognition arrangements."""
    view = catalog_view(default_catalog())
    if as_json:
        print_json(view)
        return
    print_table(
        view["programs"], ("code", "name", "kind", "operating_countries", "tiers"), title="programs"
    )
    print_table(
        view["arrangements"],
        ("country", "recognizes", "benefits", "name"),
        title="mutual recognition",
    )


@app.command("member-add")
def member_add_command(
    member: Annotated[str, typer.Argument(help="CC:IDENTIFIER, e.g. US:12-3456789")],
    name: Annotated[str, typer.Option("--name", help="Person's or business's name")],
    kind: Annotated[MemberKind, typer.Option("--kind")] = MemberKind.PERSON,
    as_json: JsonFlag = False,
) -> None:
    """Register a person or a business as a (future) program member."""
    with node_engine().begin() as connection:
        added = ProgramService(connection, clock=_now).register_member(
            kind, name, MemberRef.parse(member)
        )
    _show(member_view(added), as_json, ("member_id", "member", "kind", "name"), "member")


def _request(text: str) -> ProgramRequest:
    program, _, tier = text.partition(":")
    return ProgramRequest(program, tier or None)


@app.command("apply")
def apply_command(
    member_id: Annotated[int, typer.Argument(help="Member id (from member-add)")],
    programs: Annotated[list[str], typer.Argument(help="PROGRAM or PROGRAM:TIER, e.g. CTPAT:2")],
    country: CountryOption = None,
    as_json: JsonFlag = False,
) -> None:
    """One application for several programs; lists each country's vetting to do."""
    with node_engine().begin() as connection:
        result = ProgramService(connection, clock=_now).apply(
            member_id, [_request(p) for p in programs], actor=_actor(), country=_country(country)
        )
    view = application_view(result)
    _show(
        view["vetting_requests"] if not as_json else view,
        as_json,
        ("membership_id", "program", "country"),
        f"application {result.application_id}",
    )


@app.command("vet")
def vet_command(
    membership_id: int,
    result: Annotated[VettingResult, typer.Option("--result")],
    reference: Annotated[str, typer.Option("--reference", help="Background-check case")],
    country: CountryOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Record this country's own background-check result for a membership."""
    with node_engine().begin() as connection:
        updated = ProgramService(connection, clock=_now).record_vetting(
            membership_id, _country(country), result, reference, actor=_actor()
        )
    _show(membership_view(updated), as_json, ("membership_id", "program", "status"), "membership")


def _change(
    membership_id: int, action: Action, reason: str, country: str | None, as_json: bool
) -> None:
    with node_engine().begin() as connection:
        updated = ProgramService(connection, clock=_now).change_status(
            membership_id, action, reason, actor=_actor(), country=_country(country)
        )
    _show(membership_view(updated), as_json, ("membership_id", "program", "status"), "membership")


@app.command("suspend")
def suspend_command(
    membership_id: int, reason: Reason, country: CountryOption = None, as_json: JsonFlag = False
) -> None:
    """Suspend an active membership."""
    _change(membership_id, Action.SUSPEND, reason, country, as_json)


@app.command("reinstate")
def reinstate_command(
    membership_id: int, reason: Reason, country: CountryOption = None, as_json: JsonFlag = False
) -> None:
    """Lift a suspension."""
    _change(membership_id, Action.REINSTATE, reason, country, as_json)


@app.command("revoke")
def revoke_command(
    membership_id: int, reason: Reason, country: CountryOption = None, as_json: JsonFlag = False
) -> None:
    """Revoke an active or suspended membership."""
    _change(membership_id, Action.REVOKE, reason, country, as_json)


@app.command("expire")
def expire_command(country: CountryOption = None, as_json: JsonFlag = False) -> None:
    """Record the expiry of every membership past its end (run it daily)."""
    with node_engine().begin() as connection:
        done = ProgramService(connection, clock=_now).expire_due(
            actor=_actor(), country=_country(country)
        )
    if as_json:
        print_json({"expired": done})
    else:
        console.print(f"{done} memberships expired")


@app.command("show")
def show_command(membership_id: int, as_json: JsonFlag = False) -> None:
    """A membership with each country's vetting result."""
    with node_engine().begin() as connection:
        found = ProgramService(connection, clock=_now).repository.membership(membership_id)
    view = membership_view(found)
    if as_json:
        print_json(view)
        return
    console.print(
        f"membership {membership_id}: {found.program} tier {found.tier}, "
        f"{found.status.value}, expires {view['expires_at'] or '-'}"
    )
    print_table(view["vetting"], ("country", "result", "reference", "recorded_at"), title="vetting")


@app.command("status")
def status_command(
    member: Annotated[str, typer.Argument(help="CC:IDENTIFIER")],
    country: CountryOption = None,
    as_json: JsonFlag = False,
) -> None:
    """A member's standing in a country, mutual recognition applied."""
    with node_engine().begin() as connection:
        standing = ProgramService(connection, clock=_now).status_for(
            MemberRef.parse(member), _country(country)
        )
    view = standing_view(standing)
    if as_json:
        print_json(view)
        return
    console.print(f"benefits in {standing.country}: {', '.join(view['benefits']) or 'none'}")
    print_table(
        view["memberships"],
        ("program", "tier", "status", "recognized", "benefits", "expires_at"),
        title="memberships",
    )


def _finding(text: str, index: int) -> ValidationFinding:
    parts = text.split("|", 3)
    if len(parts) != 4:
        raise InvalidInput(
            "expected COUNTRY|VALIDATOR|OUTCOME|FINDINGS", field=f"findings[{index}]"
        )
    country, validator, outcome, findings = (p.strip() for p in parts)
    try:
        return ValidationFinding(country.upper(), validator, findings, ValidationOutcome(outcome))
    except ValueError:
        allowed = ", ".join(o.value for o in ValidationOutcome)
        raise InvalidInput(
            f"outcome must be one of {allowed}", field=f"findings[{index}].outcome"
        ) from None


@app.command("validate")
def validate_command(
    membership_id: int,
    findings: Annotated[
        list[str],
        typer.Option("--finding", help="COUNTRY|VALIDATOR|OUTCOME|FINDINGS, once per country"),
    ],
    as_json: JsonFlag = False,
) -> None:
    """Record a joint validation of a trader: each country's validator and findings."""
    parsed = [_finding(text, i) for i, text in enumerate(findings)]
    with node_engine().begin() as connection:
        recorded = ProgramService(connection, clock=_now).record_joint_validation(
            membership_id, parsed, actor=_actor()
        )
    view = validation_view(recorded)
    _show(
        view if as_json else view["findings"],
        as_json,
        ("country", "validator", "outcome", "findings"),
        f"validation {recorded.validation_id}",
    )


@app.command("partner-add")
def partner_add_command(
    member: Annotated[str, typer.Argument(help="CC:IDENTIFIER of the declaring member")],
    partner: Annotated[str, typer.Argument(help="CC:IDENTIFIER of its partner")],
) -> None:
    """Declare a supply-chain partner of a member."""
    with node_engine().begin() as connection:
        service = ProgramService(connection, clock=_now)
        found = service.repository.member_by_ref(MemberRef.parse(member))
        if found is None:
            raise NotFound(f"no member {member}", field="member")
        service.declare_partner(found.member_id, MemberRef.parse(partner, field="partner"))
    console.print(f"{partner} declared as a partner of {member}")


@app.command("partners")
def partners_command(
    member: Annotated[str, typer.Argument(help="CC:IDENTIFIER of the declaring member")],
    as_json: JsonFlag = False,
) -> None:
    """The status of each declared partner of a member."""
    with node_engine().begin() as connection:
        service = ProgramService(connection, clock=_now)
        found = service.repository.member_by_ref(MemberRef.parse(member))
        if found is None:
            raise NotFound(f"no member {member}", field="member")
        views = [partner_view(p) for p in service.partner_statuses(found.member_id)]
    _show(
        _flatten(views) if not as_json else views,
        as_json,
        ("member", "name", "program", "standing"),
        f"partners of {member}",
    )


@app.command("registry")
def registry_command(program: str, as_json: JsonFlag = False) -> None:
    """The public registry of a trader program that publishes one."""
    with node_engine().begin() as connection:
        views = [partner_view(p) for p in ProgramService(connection, clock=_now).registry(program)]
    _show(
        _flatten(views) if not as_json else views,
        as_json,
        ("member", "name", "program", "tier", "standing"),
        f"{program.upper()} registry",
    )


@app.command("events")
def events_command(
    membership: Annotated[int | None, typer.Option(help="Only this membership's")] = None,
    as_json: JsonFlag = False,
) -> None:
    """The ProgramStatusChanged events stored for the federation, oldest first."""
    with node_engine().begin() as connection:
        events = stored_events(connection, membership)
    _show(
        events,
        as_json,
        ("occurred_at", "membership_id", "program", "previous", "status", "country", "reason"),
        "program status changes",
    )


def _flatten(views: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for view in views:
        for program in view["programs"] or [{"program": None, "tier": None, "standing": None}]:
            rows.append({"member": view["member"], "name": view["name"], **program})
    return rows
