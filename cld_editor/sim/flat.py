"""Why a line is flat, in one sentence a non-modeller can act on.

A flat line in a what-if run puzzles people who drew links into a variable and
expected it to move.  :func:`why_flat` names the reason: a number you set, a
stock with nothing flowing in or out, an empty stock that cannot go below
zero, causes that do not change, or causes whose effects cancel out.

Examples
--------
>>> from cld_editor.core import Diagram
>>> from cld_editor.core.elements import SimulationSettings
>>> from cld_editor.sim.run import Simulator
>>> d = Diagram()
>>> savings = d.new_variable("Savings", kind="stock", initial=100)
>>> sim = Simulator(d)
>>> run = sim.run(SimulationSettings(0, 10, 1, "euler"))
>>> why_flat(sim, run, savings.id)
'Savings stays at its starting value: nothing flows into or out of it (draw a link into it).'
"""

from __future__ import annotations

import numpy as np

from .run import Run, Simulator


def is_flat(values: np.ndarray) -> bool:
    """Whether a series keeps one value (to nine digits)."""
    values = np.asarray(values, dtype=float)
    if not len(values) or not np.all(np.isfinite(values)):
        return False
    return float(np.ptp(values)) <= 1e-9 * max(1.0, float(np.max(np.abs(values))))


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def why_flat(simulator: Simulator, run: Run, variable_id: str) -> str | None:
    """One sentence saying why ``variable_id``'s line in ``run`` is flat; None when it is not flat."""
    if not is_flat(run.series(variable_id, 0)):
        return None
    diagram = simulator.diagram
    eq = simulator.model.equation(variable_id)
    name = diagram.variables[variable_id].name
    if eq.kind == "constant":
        return f"{name} is a constant: it stays at the value you set."
    if eq.kind == "input":
        return f"{name} has no causes, so it stays at the value you set."
    causes = list(dict.fromkeys(eq.causes))
    if eq.kind == "stock":
        causes = [c for c in causes if c != variable_id]
        if not causes and eq.generated:
            return f"{name} stays at its starting value: nothing flows into or out of it (draw a link into it)."
        drained = any(t.sign < 0 for t in eq.terms or [])
        if eq.generated and drained and float(run.series(variable_id, 0)[0]) == 0.0:
            return f"{name} starts empty and what drains it keeps it at zero: a count cannot go below zero."
    moving = [c for c in causes if not is_flat(run.series(c, 0))]
    if not moving:
        listed = _names([diagram.variables[c].name for c in causes]) if causes else "its causes"
        if simulator.n_stocks == 0:
            return (f"{name} does not change because {listed} do{'es' if len(causes) == 1 else ''} not: "
                    "nothing in the diagram builds up over time (make a variable that accumulates a stock).")
        return f"{name} does not change because {listed} do{'es' if len(causes) == 1 else ''} not change either."
    return f"{name} does not change: the effects of {_names([diagram.variables[c].name for c in moving])} " \
           "cancel each other out."
