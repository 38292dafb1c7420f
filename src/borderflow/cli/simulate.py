"""``borderflow simulate``: compare inspection policies at a port on a simulated day."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from borderflow.cli.output import console, err_console, print_json, print_table
from borderflow.errors import BorderFlowError, InvalidInput
from borderflow.inspection import Lane, policy_named
from borderflow.settings import Settings
from borderflow.sim.calibration import Assumptions, build_port_model
from borderflow.sim.report import HEADLINE_METRICS, write_csv, write_html
from borderflow.sim.runner import Comparison, compare_policies
from borderflow.sim.scenario import Behaviour

__all__ = ["app", "simulate"]

app = typer.Typer(help="Simulate a land port of entry and compare policies.", no_args_is_help=True)


def _booth_limits(values: list[str]) -> dict[Lane, int]:
    """``LANE=N`` options as physical booth limits per lane."""
    limits = Assumptions().max_booths
    for value in values:
        lane_name, _, count = value.partition("=")
        try:
            lane = Lane(lane_name.strip().lower())
            limits[lane] = int(count)
        except ValueError:
            lanes = ", ".join(lane.value for lane in Lane)
            raise InvalidInput(
                f"expected LANE=N with LANE one of {lanes}, got {value!r}", field="booths"
            ) from None
    return limits


def _summary_rows(comparison: Comparison) -> list[dict[str, str]]:
    summary = comparison.summary()
    lanes = [setup.lane.value for setup in comparison.model.lanes]
    metrics = [*HEADLINE_METRICS, *(f"{lane}.wait_mean" for lane in lanes)]
    rows = []
    for metric in metrics:
        row = {"figure": metric}
        for policy, figures in summary.items():
            value = figures[metric]
            row[policy] = f"{value.mean:.4g} [{value.low:.4g}, {value.high:.4g}]"
        rows.append(row)
    return rows


def _as_json(comparison: Comparison) -> dict[str, object]:
    return {
        "port": comparison.model.port_name,
        "port_code": comparison.model.port_code,
        "month": comparison.model.month,
        "seed": comparison.seed,
        "policies": {
            policy: {
                metric: {"mean": e.mean, "low": e.low, "high": e.high}
                for metric, e in figures.items()
            }
            for policy, figures in comparison.summary().items()
        },
    }


@app.command()
def simulate(
    port: Annotated[str, typer.Option(help="Port code or name, e.g. 'San Ysidro' or 2504.")],
    month: Annotated[str, typer.Option(help="Month of BTS volumes, YYYY-MM.")],
    policy: Annotated[str, typer.Option(help="Policy to simulate: legacy or cbm.")] = "cbm",
    vs: Annotated[str | None, typer.Option(help="A second policy to compare with.")] = None,
    replications: Annotated[int, typer.Option(help="Simulated days per policy.")] = 30,
    seed: Annotated[str, typer.Option(help="Seed; the same seed gives the same run.")] = "1",
    workers: Annotated[int, typer.Option(help="Processes to spread replications over.")] = 0,
    random_rate: Annotated[float, typer.Option(help="Random check rate, 0-1.")] = 0.005,
    secondary_bays: Annotated[int, typer.Option(help="Secondary inspection bays.")] = 40,
    contraband_share: Annotated[float, typer.Option(help="Share carrying contraband.")] = 0.002,
    booths: Annotated[
        list[str] | None, typer.Option(help="Physical booths of a lane, LANE=N (repeatable).")
    ] = None,
    report: Annotated[Path | None, typer.Option(help="Write an HTML report here.")] = None,
    csv: Annotated[Path | None, typer.Option(help="Write every figure as CSV here.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Simulate a representative day of MONTH at PORT under POLICY (and VS), with 95% CIs."""
    try:
        assumptions = Assumptions(
            max_booths=_booth_limits(booths or []),
            behaviour=Behaviour(contraband_share=contraband_share),
        )
        chosen = policy_named(
            policy, random_check_rate=random_rate, secondary_capacity=secondary_bays
        )
        versus = (
            policy_named(vs, random_check_rate=random_rate, secondary_capacity=secondary_bays)
            if vs
            else None
        )
        model = build_port_model(Settings().data_dir, port, month, assumptions)
        total = replications * (2 if versus else 1)
        with Progress(
            "{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            disable=as_json,
        ) as progress:
            task = progress.add_task(f"simulating {model.port_name}", total=total)
            comparison = compare_policies(
                model,
                chosen,
                versus,
                replications,
                seed,
                workers=workers or min(2, os.cpu_count() or 1),
                progress=lambda: progress.advance(task),
            )
    except BorderFlowError as error:
        err_console.print(f"error: {error}", markup=False)
        raise typer.Exit(2) from None
    csv_path = csv or (report.with_suffix(".csv") if report else None)
    if report:
        write_html(comparison, report)
    if csv_path:
        write_csv(comparison, csv_path)
    if as_json:
        print_json(_as_json(comparison))
        return
    columns = ["figure", *comparison.runs]
    title = f"{model.port_name} {model.month}: mean [95% CI] over {replications} days"
    print_table(_summary_rows(comparison), columns, title=title)
    for path in (report, csv_path):
        if path:
            console.print(f"wrote {path}")
