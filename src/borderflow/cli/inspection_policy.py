"""``borderflow inspection policy``: set, show and list the versions of a port's policy.

Only a supervisor sets a policy: ``--set-by`` names a user of the node holding the
``supervisor`` role, recorded (and audited) as the setter. Each setting adds a version;
none is ever changed.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer
from sqlalchemy import Connection

from borderflow.cli.context import node_engine, node_settings
from borderflow.cli.output import console, print_json, print_table
from borderflow.errors import Forbidden
from borderflow.inspection import Policy, PolicyVersion, policy_kind
from borderflow.inspection.policy_service import PolicyService
from borderflow.inspection.port_policy import status_of
from borderflow.reference import default_catalog
from borderflow.users import Role, UserRepository

__all__ = ["app"]

app = typer.Typer(help="A port's inspection policy and its versions.", no_args_is_help=True)

_COLUMNS = ("version", "status", "kind", "random_rate", "capacity", "from", "set_by")
_FORMATS = ["%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M%z"]

Port = Annotated[str, typer.Argument(help="Port code or name")]
AsJson = Annotated[bool, typer.Option("--json")]


def _service(connection: Connection) -> PolicyService:
    settings = node_settings()
    skew = dt.timedelta(seconds=settings.clock_skew_seconds)
    expiry = dt.timedelta(minutes=settings.inspection_referral_expiry_minutes)
    return PolicyService(
        connection, country=settings.country, clock_skew=skew, referral_expiry=expiry
    )


def _row(version: PolicyVersion, state: str) -> dict[str, Any]:
    policy = version.policy
    return {
        "version": version.version,
        "status": state,
        "kind": policy.kind.value,
        "random_rate": f"{policy.random_check_rate:g}",
        "capacity": policy.secondary_capacity,
        "from": version.effective_from.isoformat(timespec="minutes"),
        "set_by": version.set_by,
    }


def _local(moment: dt.datetime | None, port: str) -> dt.datetime | None:
    """A time without an offset is the port's local time."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=default_catalog().port(port).zone)


@app.command("set")
def set_command(
    port: Port,
    kind: Annotated[str, typer.Option(help="legacy or cbm")],
    random_rate: Annotated[float, typer.Option(help="Share of releases checked at random")],
    capacity: Annotated[int, typer.Option(help="Secondary inspection bays")],
    set_by: Annotated[str, typer.Option(help="The supervisor setting it (a node user)")],
    risk_threshold: Annotated[
        float | None, typer.Option(help="Targeting score that refers (0.99)")
    ] = None,
    screening_refer: Annotated[
        float | None, typer.Option(help="Screening score that refers (0.85)")
    ] = None,
    screening_hold: Annotated[
        float | None, typer.Option(help="Screening score that holds (0.97)")
    ] = None,
    effective_from: Annotated[
        dt.datetime | None,
        typer.Option("--from", formats=_FORMATS, help="When (port's local time); default now"),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Set a port's policy: a new version, in force from now or a later time."""
    given = {
        "risk_threshold": risk_threshold,
        "screening_refer_threshold": screening_refer,
        "screening_hold_threshold": screening_hold,
    }
    policy = Policy(
        policy_kind(kind, field="kind"),
        random_check_rate=random_rate,
        secondary_capacity=capacity,
        **{name: value for name, value in given.items() if value is not None},
    )
    with node_engine().begin() as connection:
        setter = UserRepository(connection).named(set_by, field="set_by")
        if Role.SUPERVISOR not in setter.roles:
            raise Forbidden(f"user {setter.name} is not a supervisor", field="set_by")
        service = _service(connection)
        added = service.set(
            port, policy, set_by=setter.actor, effective_from=_local(effective_from, port)
        )
    if as_json:
        print_json(added)
        return
    console.print(
        f"port {added.port}: policy version {added.version} ({added.policy.name}, random "
        f"checks {added.policy.random_check_rate:g}, {added.policy.secondary_capacity} bays) "
        f"from {added.effective_from.isoformat(timespec='minutes')}"
    )


@app.command("show")
def show_command(port: Port, as_json: AsJson = False) -> None:
    """The version in force, those scheduled and the open referrals at the port."""
    with node_engine().connect() as connection:
        found = _service(connection).overview(port)
    if as_json:
        print_json(found)
        return
    if found.current is None:
        console.print(f"{found.port_name} ({found.port}) has no policy: decisions are refused")
    rows = [_row(found.current, "in_force")] if found.current else []
    rows += [_row(v, "scheduled") for v in found.scheduled]
    if rows:
        print_table(rows, _COLUMNS, title=f"{found.port_name} ({found.port})")
    console.print(f"open referrals (bays in use): {found.open_referrals}")
    if found.stale_referrals:
        console.print(f"stale referrals (result never reported): {found.stale_referrals}")


@app.command("history")
def history_command(port: Port, as_json: AsJson = False) -> None:
    """Every version of the port's policy, in the order they take effect."""
    with node_engine().connect() as connection:
        versions = _service(connection).history(port)
    if as_json:
        print_json(versions)
        return
    now = dt.datetime.now(dt.UTC)
    print_table([_row(v, status_of(v, versions, now)) for v in versions], _COLUMNS, title=port)
