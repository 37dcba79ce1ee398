"""``cld-editor simulate``: run a diagram and print a table or write CSV.

Without ``--csv`` the saved rows are printed as an aligned table (time first,
then every variable in diagram order); with ``--csv OUT`` the file holds
``time,<variable names...>`` with one row per saved step, numbers written with
full precision (``repr``) so that another program reads back the same values.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from dataclasses import replace
from typing import TextIO

from ..core.diagram import Diagram
from ..core.elements import SimulationSettings
from ..core.errors import InvalidValueError
from ..core.naming import equation_name, name_key
from .expr import parse_number
from .run import ParamKey, Run, SimulationError, Simulator


def settings_from(args: argparse.Namespace, diagram: Diagram) -> SimulationSettings:
    """The file's run settings with the command line's options on top."""
    changes = {key: getattr(args, key) for key in ("start", "stop", "dt", "method")
               if getattr(args, key, None) is not None}
    try:
        return replace(diagram.simulation, **changes)
    except InvalidValueError as exc:
        raise SimulationError(exc.what, "command line", "check --start, --stop and --dt") from None


def parse_set(items: list[str], simulator: Simulator) -> dict[ParamKey, float]:
    """Turn ``NAME=VALUE`` items into what-if changes (a constant's value or a stock's start).

    NAME is the variable's name as written in the diagram or its equation form.
    """
    diagram = simulator.diagram
    by_name = {}
    for var in diagram.variables.values():
        by_name[name_key(var.name)] = var
        by_name.setdefault(equation_name(var.name), var)
    changes: dict[ParamKey, float] = {}
    for item in items:
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise SimulationError(f"--set {item!r} is not NAME=VALUE", "command line", "e.g. --set \"Goal=10\"")
        var = by_name.get(name_key(name)) or by_name.get(equation_name(name))
        if var is None:
            raise SimulationError(f"--set names {name.strip()!r}, which is no variable of the diagram",
                                  "command line")
        value = parse_number(text.strip(), f"--set {var.name}")
        kind = simulator.model.equation(var.id).kind
        if kind in ("constant", "input"):
            changes[("value", var.id)] = value
        elif kind == "stock":
            changes[("initial", var.id)] = value
        else:
            raise SimulationError(
                f"{var.name} is computed from its causes, so --set cannot change it", "command line",
                "--set changes a constant's value or a stock's starting value")
    return changes


def write_csv(run: Run, out: TextIO) -> None:
    """``time,<variable names...>``, one row per saved step.

    Numbers are Python's shortest round-trip form (``repr``); they never need quoting.
    """
    csv.writer(out, lineterminator="\n").writerow(["time", *run.names])
    for t, row in zip(run.times.tolist(), run.values[:, :, 0].tolist()):
        out.write(repr(t) + ("," + ",".join(map(repr, row)) if row else "") + "\n")


def format_table(run: Run) -> str:
    """The run as an aligned table for a terminal."""
    columns = [["time", *map("{:g}".format, run.times.tolist())]]
    for i, name in enumerate(run.names):  # (+ 0.0 shows -0.0 as 0)
        columns.append([name, *map("{:.6g}".format, (run.values[:, i, 0] + 0.0).tolist())])
    columns = [[cell.rjust(width) for cell in column]
               for column in columns for width in (max(map(len, column)),)]
    return "\n".join(map("  ".join, zip(*columns))) + "\n"


def simulate_command(args: argparse.Namespace, diagram: Diagram) -> int:
    """Run ``cld-editor simulate``; bad input raises :class:`CldError` (exit 2)."""
    if not diagram.variables:
        raise SimulationError("the diagram has no variables to simulate")
    settings = settings_from(args, diagram)
    simulator = Simulator(diagram)
    changes = parse_set(list(getattr(args, "set", None) or []), simulator)
    run = simulator.run(settings, changes)
    trouble = run.first_non_finite()
    if trouble is not None:
        name, when = trouble
        print(f"warning: {name} ran off to infinity or became undefined at time {when:g}", file=sys.stderr)
    if getattr(args, "csv", None):
        from ..io.atomic import write_atomic

        buffer = io.StringIO()
        write_csv(run, buffer)
        write_atomic(args.csv, buffer.getvalue().encode("utf-8"))
        print(f"{len(run.times)} rows of {len(run.names) + 1} columns written to {args.csv}", file=sys.stderr)
    else:
        sys.stdout.write(format_table(run))
    return 0
