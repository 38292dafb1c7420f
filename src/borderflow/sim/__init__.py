"""The port-of-entry simulator: real volumes, lanes and booths, the real decision per arrival.

Typical use (see docs/calibration.md for the parameters)::

    model = build_port_model(Settings().data_dir, "San Ysidro", "2019-08")
    comparison = replicate(model, [policy_named("cbm"), policy_named("legacy")], 30, seed="1")
    write_html(comparison, Path("report.html"))
"""

from borderflow.sim.calibration import DEFAULT_SERVICE, Assumptions, build_port_model
from borderflow.sim.engine import simulate_day
from borderflow.sim.report import write_csv, write_html
from borderflow.sim.results import DayTally, Estimate, LaneTally, estimate, percentile
from borderflow.sim.runner import Comparison, compare_policies, replicate
from borderflow.sim.scenario import Behaviour, LaneSetup, PortModel, ServiceTime
from borderflow.sim.staffing import fluid_waits, staff_for_utilisation, staff_for_waits
from borderflow.sim.volumes import MonthlyVolumes, load_volumes
from borderflow.sim.waits import hourly_waits

__all__ = [
    "DEFAULT_SERVICE",
    "Assumptions",
    "Behaviour",
    "Comparison",
    "DayTally",
    "Estimate",
    "LaneSetup",
    "LaneTally",
    "MonthlyVolumes",
    "PortModel",
    "ServiceTime",
    "build_port_model",
    "compare_policies",
    "estimate",
    "fluid_waits",
    "hourly_waits",
    "load_volumes",
    "percentile",
    "replicate",
    "simulate_day",
    "staff_for_utilisation",
    "staff_for_waits",
    "write_csv",
    "write_html",
]
