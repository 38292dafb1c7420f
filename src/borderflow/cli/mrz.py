"""``borderflow mrz LINE...``: parse and check a machine-readable zone (ICAO 9303)."""

from __future__ import annotations

from typing import Annotated

import typer

from borderflow.cli.output import console, err_console, print_json, print_table
from borderflow.errors import BorderFlowError
from borderflow.identity.mrz import mrz_result_to_dict, parse_mrz, parse_with_repair

__all__ = ["app"]

app = typer.Typer(
    help="Parse and validate an MRZ (TD1, TD2, TD3, MRV-A, MRV-B); exit 1 if a check fails.",
    no_args_is_help=True,
    # options may follow the lines (`borderflow mrz L1 L2 --json`)
    context_settings={"allow_interspersed_args": True},
)


@app.callback(invoke_without_command=True)
def read(
    lines: Annotated[list[str], typer.Argument(help="The MRZ lines, in order (2 or 3).")],
    repair: Annotated[
        bool, typer.Option("--repair", help="Undo OCR confusions if that makes every check pass.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")] = False,
) -> None:
    """Parse an MRZ and run every check digit; problems name the field."""
    try:
        result = parse_with_repair(lines) if repair else parse_mrz(lines)
    except BorderFlowError as error:
        err_console.print(f"error: {error}", highlight=False, markup=False)
        raise typer.Exit(2) from None
    if as_json:
        print_json(mrz_result_to_dict(result))
    else:
        fields = mrz_result_to_dict(result)["fields"]
        rows = [{"field": k, "value": v} for k, v in fields.items()]
        print_table(rows, ("field", "value"), title=f"{result.format.value} MRZ")
        for repair_made in result.repairs:
            console.print(
                f"repaired {repair_made.field}: {repair_made.found} -> {repair_made.repaired}",
                markup=False,
            )
        for note in result.notes:
            console.print(f"note: {note}", markup=False)
        for problem in result.problems:
            err_console.print(f"problem: {problem}", markup=False)
        console.print("valid" if result.valid else "INVALID", markup=False)
    if not result.valid:
        raise typer.Exit(1)
