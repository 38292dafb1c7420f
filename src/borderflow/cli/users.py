"""``borderflow users``: users of the node, their API tokens and their deputations."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from borderflow.cli.context import node_engine
from borderflow.cli.output import console, print_json, print_table
from borderflow.users import DeputationRepository, DeputationRequest, UserRepository

__all__ = ["app"]

app = typer.Typer(help="Users, roles, API tokens and cross-deputations.", no_args_is_help=True)


@app.command("add")
def add_command(
    name: Annotated[str, typer.Argument(help="A unique user name")],
    country: Annotated[str, typer.Option(help="The user's country (ISO 3166-1)")],
    role: Annotated[
        list[str],
        typer.Option(
            help="officer, supervisor, targeter, program_admin, "
            "observer or public; repeat for several"
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Create a user and print its API token (shown this once only)."""
    with node_engine().begin() as connection:
        token = UserRepository(connection).add(name, country, role)
    if as_json:
        print_json({"user_id": token.user_id, "token_id": token.token_id, "token": token.value})
        return
    console.print(f"user {name} created (id {token.user_id}); API token, shown once:")
    console.print(token.value, highlight=False, soft_wrap=True)


@app.command("token")
def token_command(name: Annotated[str, typer.Argument(help="An existing user")]) -> None:
    """Issue another token for a user."""
    with node_engine().begin() as connection:
        token = UserRepository(connection).token_for(name)
    console.print(token.value, highlight=False, soft_wrap=True)


@app.command("revoke")
def revoke_command(
    token_id: Annotated[str, typer.Argument(help="The id part of bf_<id>_...")],
) -> None:
    """Revoke a token: it is refused from now on."""
    with node_engine().begin() as connection:
        UserRepository(connection).revoke(token_id)
    console.print(f"token {token_id} revoked")


@app.command("list")
def list_command(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List users with their country and roles (never tokens)."""
    with node_engine().connect() as connection:
        found = UserRepository(connection).all()
    if as_json:
        print_json(found)
        return
    rows = [
        {"id": u.user_id, "name": u.name, "country": u.country, "roles": u.roles} for u in found
    ]
    print_table(rows, ("id", "name", "country", "roles"))


@app.command("deputize")
def deputize_command(
    name: Annotated[str, typer.Argument(help="The officer (an existing user)")],
    partner: Annotated[str, typer.Option(help="The country lending its authority (ISO 3166-1)")],
    port: Annotated[str, typer.Option(help="The binational port: code or name")],
    granted_by: Annotated[str, typer.Option(help="Who grants it, for the record")],
    until: Annotated[dt.datetime, typer.Option(formats=["%Y-%m-%d"], help="Last day, inclusive")],
    start: Annotated[
        dt.datetime | None,
        typer.Option("--from", formats=["%Y-%m-%d"], help="First day (default: today)"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Let a partner's authority cover an officer at one port, for a period (audited)."""
    first = start.date() if start else dt.datetime.now(dt.UTC).date()
    request = DeputationRequest(partner, port, granted_by, first, until.date())
    with node_engine().begin() as connection:
        granted = DeputationRepository(connection).grant(name, request)
    if as_json:
        print_json(granted)
        return
    console.print(
        f"deputation {granted.deputation_id}: {name} acts for {granted.partner} at port "
        f"{granted.port} from {granted.valid_from} to {granted.valid_until}"
    )


@app.command("deputations")
def deputations_command(
    name: Annotated[str | None, typer.Option("--user", help="Only this user's")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List deputations, revoked and expired ones included."""
    with node_engine().connect() as connection:
        found = DeputationRepository(connection).all(name)
    if as_json:
        print_json(found)
        return
    rows = [
        {
            "id": d.deputation_id,
            "user": d.user_name,
            "partner": d.partner,
            "port": d.port,
            "from": d.valid_from,
            "until": d.valid_until,
            "granted by": d.granted_by,
            "revoked": d.revoked_at.date() if d.revoked_at else "",
        }
        for d in found
    ]
    print_table(rows, ("id", "user", "partner", "port", "from", "until", "granted by", "revoked"))


@app.command("revoke-deputation")
def revoke_deputation_command(
    deputation_id: Annotated[int, typer.Argument(help="The id shown by `users deputations`")],
    revoked_by: Annotated[str, typer.Option(help="Who revokes it, for the record")],
) -> None:
    """End a deputation now: the officer no longer acts under the partner's authority."""
    with node_engine().begin() as connection:
        DeputationRepository(connection).revoke(deputation_id, revoked_by=revoked_by)
    console.print(f"deputation {deputation_id} revoked")
