"""``borderflow users``: users of the node and their API tokens."""

from __future__ import annotations

from typing import Annotated

import typer

from borderflow.cli.context import node_engine
from borderflow.cli.output import console, print_json, print_table
from borderflow.users import UserRepository

__all__ = ["app"]

app = typer.Typer(help="Users, roles and API tokens.", no_args_is_help=True)


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
