"""``borderflow wallet``: the traveler's side of the known-traveler credential."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from borderflow.cli.output import console, print_json, print_table
from borderflow.errors import InvalidInput
from borderflow.identity.credential import DISCLOSABLE_CLAIMS
from borderflow.identity.sdjwt import SdJwt
from borderflow.identity.service import port_audience
from borderflow.identity.wallet import Wallet

__all__ = ["app"]

app = typer.Typer(
    help="Hold known-traveler credentials and present them once, at the crossing.",
    no_args_is_help=True,
)

WalletPath = Annotated[
    Path,
    typer.Option("--wallet", envvar="BORDERFLOW_WALLET", help="The wallet file (mode 0600)."),
]
_DEFAULT = Path.home() / ".borderflow" / "wallet.json"
JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
At = Annotated[
    str | None, typer.Option("--at", help="Signing time, ISO 8601 with offset (default: now).")
]


def _now(at: str | None) -> dt.datetime:
    if at is None:
        return dt.datetime.now(dt.UTC)
    try:
        moment = dt.datetime.fromisoformat(at)
    except ValueError:
        raise InvalidInput(f"not an ISO 8601 time: {at!r}", field="at") from None
    if moment.tzinfo is None:
        raise InvalidInput("the time needs an offset, e.g. 2026-11-29T15:30:00+00:00", field="at")
    return moment


@app.command("keys")
def keys_command(
    count: Annotated[int, typer.Option(help="How many single-use copies to ask for.")] = 10,
    algorithm: Annotated[str, typer.Option("--alg", help="ES256 or EdDSA.")] = "ES256",
    wallet: WalletPath = _DEFAULT,
) -> None:
    """Make holder keys and print their public JWKs (send them to the issuer)."""
    print_json(Wallet(wallet).new_holder_keys(count, algorithm))


@app.command("add")
def add_command(
    source: Annotated[Path, typer.Argument(help="JSON: a list of credentials or {credentials}")],
    wallet: WalletPath = _DEFAULT,
) -> None:
    """Store the credentials an issuer returned for this wallet's keys."""
    try:
        body: Any = json.loads(source.read_text())
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"not JSON: {exc.msg}", field="source") from None
    credentials = body.get("credentials") if isinstance(body, dict) else body
    if not isinstance(credentials, list) or not all(isinstance(c, str) for c in credentials):
        raise InvalidInput("expected a list of credential strings", field="credentials")
    added = Wallet(wallet).add(credentials)
    console.print(f"added {added} credential copies", markup=False)


@app.command("list")
def list_command(wallet: WalletPath = _DEFAULT, as_json: JsonFlag = False) -> None:
    """The copies in the wallet: waiting for issuance, ready, or used (where and when)."""
    rows = [
        {
            "id": c.id,
            "state": "used" if c.used_at else ("ready" if c.credential else "waiting"),
            "used_at": c.used_at,
            "audience": c.audience,
        }
        for c in Wallet(wallet).copies
    ]
    if as_json:
        print_json(rows)
        return
    print_table(rows, ("id", "state", "used_at", "audience"), title=f"{len(rows)} copies")


@app.command("show")
def show_command(
    copy_id: Annotated[str, typer.Argument(help="A copy id from `wallet list`.")],
    wallet: WalletPath = _DEFAULT,
) -> None:
    """Everything a copy could disclose (the holder's own data, shown locally)."""
    copy = next((c for c in Wallet(wallet).copies if c.id == copy_id), None)
    if copy is None or copy.credential is None:
        raise InvalidInput(f"no issued copy {copy_id}", field="copy_id")
    disclosures = SdJwt.parse(copy.credential).disclosures
    print_json({d.name: d.value for d in disclosures if d.name in DISCLOSABLE_CLAIMS})


@app.command("present")
def present_command(
    port: Annotated[str, typer.Option(help="The port code (the presentation's audience).")],
    nonce: Annotated[str, typer.Option(help="The nonce the port handed out.")],
    claim: Annotated[
        list[str],
        typer.Option("--claim", help=f"A claim to disclose: {', '.join(DISCLOSABLE_CLAIMS)}"),
    ],
    wallet: WalletPath = _DEFAULT,
    at: At = None,
    json_serialization: Annotated[
        bool,
        typer.Option("--json-serialization", help="Print JWS JSON (RFC 9901), not compact."),
    ] = False,
) -> None:
    """Disclose the chosen claims to one port with the next unused copy."""
    _, text = Wallet(wallet).present(
        claim,
        audience=port_audience(port),
        nonce=nonce,
        now=_now(at),
        json_serialization=json_serialization,
    )
    print(text)


@app.command("prove")
def prove_command(
    copy_id: Annotated[str, typer.Argument(help="The copy used for the crossing.")],
    port: Annotated[str, typer.Option(help="The port whose records to read.")],
    nonce: Annotated[str, typer.Option(help="The nonce the port handed out.")],
    wallet: WalletPath = _DEFAULT,
    at: At = None,
) -> None:
    """A proof of holding a used copy (discloses nothing), to read the port's records."""
    print(Wallet(wallet).prove(copy_id, audience=port_audience(port), nonce=nonce, now=_now(at)))
