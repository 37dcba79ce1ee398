"""Which loop drives the behaviour when: loop dominance in the manner of Loops That Matter.

After Schoenberg, Davidsen & Eberlein (2020), "Understanding model behavior
using the Loops that Matter method", System Dynamics Review 36(2).

* The **link score** of ``x -> y`` at a step is the part of ``y``'s change
  that ``x`` alone caused, relative to ``y``'s whole change, signed by the
  direction of the effect::

      LS(x -> y) = |Δx y / Δy| * sign(Δx y / Δx)

  where ``Δx y`` is the change of ``y``'s equation when only ``x`` moves (the
  equation evaluated with ``x`` at its new value and every other input at its
  old one).  For a stock ``y`` the same is taken of its rate of change, which
  for a stock with inflows and outflows is the paper's flow-to-stock score
  ``±|Δflow / Δnet flow|``.  No change in ``y`` (or in ``x``) gives 0.
* A delayed link runs through its ``smooth()`` delay stock ``d``:
  ``LS(x -> y) = LS(x -> d) * LS(d -> y)``.
* The **loop score** is the product of its link scores (positive for R
  loops, negative for B loops); a loop's **share** is its score divided by
  the sum of the absolute scores of all loops, so the shares' sizes add up
  to 1 at each step -- the stacked plot shows which loop dominates.

Big models have vast numbers of loops; :func:`loop_dominance` scores the
shortest ``max_loops`` (default :data:`MAX_LOOPS`) and says when that is not
all of them (``complete``), so shares are then relative to those loops.

Examples
--------
>>> from cld_editor.core import Diagram
>>> from cld_editor.core.elements import SimulationSettings
>>> d = Diagram()
>>> pop = d.new_variable("Population", kind="stock", initial=10,
...                      equation="births - deaths")
>>> births = d.new_variable("Births"); deaths = d.new_variable("Deaths")
>>> _ = d.new_link(pop.id, births.id, "+", strength=0.1); _ = d.new_link(births.id, pop.id, "+")
>>> cap = d.new_variable("Crowding", equation="population^2 / 1000")
>>> _ = d.new_link(pop.id, cap.id, "+"); _ = d.new_link(cap.id, deaths.id, "+")
>>> _ = d.new_link(deaths.id, pop.id, "-")
>>> dom = loop_dominance(d, SimulationSettings(0, 60, 0.25, "euler"))
>>> [lp.name for lp in dom.loops]
['R1', 'B1']
>>> dom.dominant(5).name, dom.dominant(len(dom.times) - 1).name  # growth first, then the limit
('R1', 'B1')
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import sympy

from ..analysis.loops import Loop, find_loops
from ..core.diagram import Diagram
from ..core.elements import SimulationSettings
from .functions import TIME, Smooth
from .run import Run, Simulator
from .translate import numeric_expr

MAX_LOOPS = 200


@dataclass
class Dominance:
    """Loop scores over a run.

    ``scores`` and ``shares`` have shape (rows, loops); row 0 has no change
    yet and holds NaN.  ``link_scores`` maps link id to its score series.
    """

    times: np.ndarray
    loops: list[Loop]
    scores: np.ndarray
    shares: np.ndarray
    link_scores: dict[str, np.ndarray]
    complete: bool
    run: Run

    def dominant(self, row: int) -> Loop | None:
        """The loop with the largest share at a row (``None`` when nothing changes)."""
        if not self.loops:
            return None
        share = np.nan_to_num(np.abs(self.shares[row]))
        if not share.any():
            return None
        return self.loops[int(np.argmax(share))]


class _Scorer:
    """Evaluates each equation with one input moved, over the whole run at once."""

    def __init__(self, simulator: Simulator, run: Run, strengths: dict[str, float]) -> None:
        self.sim = simulator
        self.run = run
        self.strengths = strengths
        # Compiled score functions live with the simulator: a rerun after a slider move reuses them.
        self.functions: dict = simulator.__dict__.setdefault("_score_functions", {})
        if len(self.functions) > 5000:  # strengths moved many times: start afresh
            self.functions.clear()
        model = simulator.model
        self.model = model
        self.series: dict[sympy.Symbol, np.ndarray] = {}
        for i, vid in enumerate(run.ids):
            self.series[model.equations[vid].symbol] = run.values[:, i, 0]
        self.series[TIME] = run.times
        compiled = simulator.compiled
        self.smooth_symbols: dict[Smooth, sympy.Symbol] = {}
        for k, node in enumerate(compiled.smooth_nodes):
            sym = sympy.Symbol(f"__smooth{k}", real=True)
            self.smooth_symbols[node] = sym
            self.series[sym] = run.states[:, compiled.n_stocks + k, 0]
        self.cache: dict[tuple[str, ...], np.ndarray] = {}

    def equation(self, variable_id: str) -> sympy.Expr:
        eq = self.model.equations[variable_id]
        expr = numeric_expr(self.model, eq, self.strengths)
        return expr.replace(lambda e: isinstance(e, Smooth), lambda e: self.smooth_symbols.get(e, e))

    def score(self, expr: sympy.Expr, cause: sympy.Symbol) -> np.ndarray:
        """Link score series of ``cause -> (value of expr)``."""
        symbols = sorted(expr.free_symbols, key=lambda s: s.name)
        if cause not in symbols:
            return np.zeros(len(self.run.times))
        f = self.functions.get((expr, tuple(symbols)))
        if f is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                f = sympy.lambdify(symbols, expr, modules="numpy")
            self.functions[(expr, tuple(symbols))] = f
        now = [self.series[s][1:] for s in symbols]
        before = [self.series[s][:-1] for s in symbols]
        moved = [now[i] if s == cause else before[i] for i, s in enumerate(symbols)]
        with np.errstate(all="ignore"):
            total = np.broadcast_to(f(*now) - f(*before), now[0].shape).astype(float)
            partial = np.broadcast_to(f(*moved) - f(*before), now[0].shape).astype(float)
            dx = now[symbols.index(cause)] - before[symbols.index(cause)]
            value = np.where((total == 0) | (dx == 0), 0.0, np.abs(partial / total) * np.sign(partial / dx))
        return np.concatenate([[np.nan], np.nan_to_num(value, nan=0.0, posinf=0.0, neginf=0.0)])

    def link_score(self, source_id: str, target_id: str) -> np.ndarray:
        key = (source_id, target_id)
        if key in self.cache:
            return self.cache[key]
        expr = self.equation(target_id)
        source = self.model.equations[source_id].symbol
        if expr.has(source):
            result = self.score(expr, source)
        else:
            # through a smooth(): cause -> delay stock -> target
            result = np.zeros(len(self.run.times))
            for node, sym in self.smooth_symbols.items():
                if expr.has(sym) and node.args[0].has(source):
                    rate = (node.args[0] - sym) / node.args[1]
                    result = self.score(rate, source) * self.score(expr, sym)
                    break
        self.cache[key] = result
        return result


def loop_dominance(diagram: Diagram, settings: SimulationSettings | None = None,
                   simulator: Simulator | None = None, max_loops: int = MAX_LOOPS,
                   changes: dict | None = None) -> Dominance:
    """Run the diagram (saving every step, with what-if ``changes``) and score its loops over the run."""
    simulator = simulator or Simulator(diagram)
    base = settings or diagram.simulation
    from dataclasses import replace

    run = simulator.run(replace(base, save_every=None), changes, keep_states=True)
    found = find_loops(diagram, limit=max_loops)
    strengths = {key[1]: value for key, value in (changes or {}).items() if key[0] == "strength"}
    scorer = _Scorer(simulator, run, strengths)
    rows = len(run.times)
    link_scores: dict[str, np.ndarray] = {}
    scores = np.ones((rows, len(found.loops)))
    for j, loop in enumerate(found.loops):
        for link_id in loop.links:
            link = diagram.links[link_id]
            if link_id not in link_scores:
                link_scores[link_id] = scorer.link_score(link.source, link.target)
            scores[:, j] *= link_scores[link_id]
    scores[0] = np.nan
    with np.errstate(all="ignore"):
        total = np.abs(scores).sum(axis=1, keepdims=True)
        shares = np.where(total > 0, scores / total, 0.0)
    shares[0] = np.nan
    return Dominance(run.times, found.loops, scores, shares, link_scores, found.complete, run)
