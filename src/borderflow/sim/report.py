"""The policy comparison as an HTML report (inline SVG) and as a CSV of every figure."""

from __future__ import annotations

import csv
import math
from html import escape
from pathlib import Path

from borderflow.sim.results import Estimate
from borderflow.sim.runner import Comparison
from borderflow.sim.svg import line_chart, scatter_chart

__all__ = ["HEADLINE_METRICS", "write_csv", "write_html"]

#: Figures shown in the report's table, in order (lane figures follow per lane).
HEADLINE_METRICS = (
    "throughput",
    "referral_rate",
    "interdiction_rate",
    "false_referrals",
    "carried",
    "caught",
)
_OBSERVED = "observed (wait file)"
_LANE_METRICS = ("throughput", "wait_mean", "wait_p50", "wait_p95", "utilisation")


def write_csv(comparison: Comparison, path: Path) -> None:
    """One row per policy, replication and figure: ``policy,replication,metric,value``."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["policy", "replication", "metric", "value"])
        for policy, runs in comparison.runs.items():
            for number, run in enumerate(runs):
                for metric, value in run.items():
                    writer.writerow([policy, number, metric, f"{value:.6g}"])


def _cell(value: Estimate) -> str:
    if math.isnan(value.mean):
        return "-"
    if math.isnan(value.low):
        return f"{value.mean:.4g}"
    return f"{value.mean:.4g} <small>[{value.low:.4g}, {value.high:.4g}]</small>"


def _table(comparison: Comparison) -> str:
    summary = comparison.summary()
    policies = list(summary)
    lanes = [setup.lane.value for setup in comparison.model.lanes]
    metrics = [*HEADLINE_METRICS, *(f"{lane}.{m}" for lane in lanes for m in _LANE_METRICS)]
    head = "".join(f"<th>{escape(p)}</th>" for p in policies)
    rows = [
        f"<tr><td>{escape(metric)}</td>"
        + "".join(f"<td>{_cell(summary[p][metric])}</td>" for p in policies if metric in summary[p])
        + "</tr>"
        for metric in metrics
    ]
    return f"<table><tr><th>figure (mean [95% CI])</th>{head}</tr>{''.join(rows)}</table>"


def _charts(comparison: Comparison) -> str:
    summary = comparison.summary()
    charts = []
    for setup in comparison.model.lanes:
        lane = setup.lane.value
        series = {
            policy: [figures[f"{lane}.hour{h:02d}.wait_mean"].mean for h in range(24)]
            for policy, figures in summary.items()
        }
        if setup.target_waits is not None:
            series[_OBSERVED] = list(setup.target_waits)
        title = f"{lane}: mean wait by hour"
        charts.append(line_chart(title, series, "minutes", dashed=frozenset({_OBSERVED})))
    points = {
        policy: [(run["referral_rate"], run["interdiction_rate"]) for run in runs]
        for policy, runs in comparison.runs.items()
    }
    charts.append(
        scatter_chart(
            "interdiction against referral rate (one dot a replication)",
            points,
            "referral rate",
            "interdiction rate",
        )
    )
    return "\n".join(f"<figure>{chart}</figure>" for chart in charts)


def write_html(comparison: Comparison, path: Path) -> None:
    """A self-contained page: the table of figures and the charts, no external assets."""
    model = comparison.model
    replications = len(next(iter(comparison.runs.values())))
    notes = "".join(f"<li>{escape(note)}</li>" for note in model.notes)
    policies = " vs ".join(escape(p.name) for p in comparison.policies)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>BorderFlow simulation: {escape(model.port_name)} {escape(model.month)}</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:70em}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:2px 6px;text-align:right}}
td:first-child{{text-align:left}}figure{{display:inline-block;margin:0.5em}}</style>
</head><body>
<h1>{escape(model.port_name)} ({escape(model.port_code)}), representative day of
{escape(model.month)}</h1>
<p>Policies: {policies}. {replications} replications, seed {escape(comparison.seed)}.
Waits are minutes to reach the primary booth.</p>
<ul>{notes}</ul>
{_table(comparison)}
<h2>Charts</h2>
{_charts(comparison)}
</body></html>
"""
    path.write_text(page, encoding="utf-8")
