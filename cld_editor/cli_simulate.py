"""``cld-editor simulate``: run a diagram and print a table or write CSV.

Without ``--csv`` the saved rows are printed as an aligned table (time first,
then every variable in diagram order); with ``--csv OUT`` the file holds
``time,<variable names...>`` with one row per saved step, each number the
shortest text that reads back as the same double (io/run_text.py).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import TYPE_CHECKING

from .core.diagram import Diagram
from .core.elements import SimulationSettings
from .core.errors import CldError, InvalidValueError
from .core.naming import equation_name, name_key
from .core.words import plural

if TYPE_CHECKING:  # the solver (numpy, sympy) loads only when a run is asked for
    from .sim.run import ParamKey, Simulator


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``cld-editor simulate``."""
    parser.add_argument("file")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a constant's value or a stock's initial value (repeatable)")
    parser.add_argument("--start", type=float)
    parser.add_argument("--stop", type=float)
    parser.add_argument("--dt", type=float)
    parser.add_argument("--method", choices=("euler", "rk4"))
    parser.add_argument("--csv", metavar="OUT", help="write time and every variable to a CSV file")


def settings_from(args: argparse.Namespace, diagram: Diagram) -> SimulationSettings:
    """The file's run settings with the command line's options on top."""
    from .sim.run import SimulationError

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
    from .sim.expr import parse_number
    from .sim.run import SimulationError

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


def simulate_command(args: argparse.Namespace, diagram: Diagram, source: str = "") -> int:
    """Run ``cld-editor simulate``; bad input raises :class:`CldError` (exit 2).

    ``source`` (the file's name) is put before the place of an equation error.
    """
    from .io.atomic import write_atomic
    from .cli_common import printable
    from .io.run_text import run_csv, run_table
    from .sim.run import SimulationError, Simulator

    if not diagram.variables:
        raise SimulationError("the diagram has no variables to simulate")
    settings = settings_from(args, diagram)
    try:
        simulator = Simulator(diagram)
    except CldError as exc:  # an equation of the file: say which file
        raise exc.located(source) if source else exc from None
    changes = parse_set(list(getattr(args, "set", None) or []), simulator)
    run = simulator.run(settings, changes)
    trouble = run.first_non_finite()
    if trouble is not None:
        name, when = trouble
        print(f"warning: {name} ran off to infinity or became undefined at time {when:g}", file=sys.stderr)
    if getattr(args, "csv", None):
        write_atomic(args.csv, run_csv(run.times, run.names, run.values[:, :, 0]))
        print(f"{plural(len(run.times), 'row')} of {plural(len(run.names) + 1, 'column')} written to {args.csv}",
              file=sys.stderr)
    else:
        names = [printable(name, one_line=True) for name in run.names]  # no terminal escapes from a file
        table = run_table(run.times, names, run.values[:, :, 0])
        out = getattr(sys.stdout, "buffer", None)
        if out is None:
            sys.stdout.write(table.decode("utf-8"))
        else:
            sys.stdout.flush()
            out.write(table)
    return 0
