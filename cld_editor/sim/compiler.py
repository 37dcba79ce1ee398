"""Compile a model once to one numpy function (and one plain-math function for single runs).

The whole right-hand side (every stock's rate, every smooth()'s internal
stock, every variable's value) becomes ONE function made by
``sympy.lambdify`` from the expressions our parser and generator built (never
from text).  The auxiliaries, in dependency order, are handed to lambdify as
its common subexpressions (its ``cse`` argument), so each is computed once per
evaluation however many equations use it.

Examples
--------
>>> from cld_editor.core import Diagram
>>> from cld_editor.sim.model import build_model
>>> d = Diagram()
>>> level = d.new_variable("Level", kind="stock", initial=0)
>>> goal = d.new_variable("Goal", kind="constant", equation="10")
>>> _ = d.new_link(goal.id, level.id, "+")
>>> compiled = compile_model(build_model(d))
>>> compiled.state_labels == [level.id]
True
>>> [kind for kind, _ in compiled.param_keys]  # Goal's value, then the generated link's strength
['value', 'strength']
>>> [float(r) for r in compiled.rates_scalar(0.0, 3.0, *compiled.param_defaults)]  # t, Level, params
[10.0]
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, Callable

import networkx as nx
import numpy as np
import sympy

from .functions import TIME, Smooth
from .model import Model, strength_symbol
from .tape import ParamKey

@dataclass
class Compiled:
    """A model compiled to numpy: the layout of states, parameters and outputs."""

    model: Model
    state_labels: list[str]  # stock ids, then "smooth:<n>" for internal delay stocks
    n_stocks: int
    param_keys: list[ParamKey]
    param_defaults: np.ndarray
    output_ids: list[str]  # variable ids in diagram order
    rhs_vector: LazyFunction  # numpy, for batches: every output
    rhs_scalar: LazyFunction  # plain math, for a single run
    rates_vector: LazyFunction  # only the states' rates: RK4's inner stages need no more
    rates_scalar: LazyFunction
    initial: LazyFunction  # params -> stocks' starting values
    smooth_sources: list[sympy.Expr]
    smooth_nodes: list[Smooth]  # each internal delay stock's smooth(), in the equations' own symbols

    @property
    def n_states(self) -> int:
        return len(self.state_labels)


class LazyFunction:
    """A function compiled the first time it is needed (a single run never needs the batch version)."""

    def __init__(self, make: Callable[[], Callable]) -> None:
        self._make = make
        self._function: Callable | None = None

    def resolve(self) -> Callable:
        if self._function is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._function = self._make()
        return self._function

    def __call__(self, *args: Any) -> Any:
        return self.resolve()(*args)


def _ordered_definitions(definitions: list[tuple[sympy.Symbol, sympy.Expr]]) -> Callable:
    def cse(exprs: Any) -> tuple[list, Any]:
        return definitions, exprs

    return cse


def compile_model(model: Model) -> Compiled:
    """Compile ``model`` to numpy (and plain-math for single runs)."""
    eqs = model.equations
    t = sympy.Symbol("t", real=True)
    stock_ids = [vid for vid, eq in eqs.items() if eq.kind == "stock"]
    param_keys: list[ParamKey] = [("value", vid) for vid, eq in eqs.items() if eq.kind in ("constant", "input")]
    param_keys += [("strength", lid) for lid in model.strengths]
    defaults = [eqs[k[1]].value if k[0] == "value" else model.strengths[k[1]] for k in param_keys]
    p_syms = [sympy.Symbol(f"p{i}", real=True) for i in range(len(param_keys))]
    aux_ids = [vid for vid, eq in eqs.items() if eq.kind == "auxiliary"]
    a_syms = {vid: sympy.Symbol(f"a{i}", real=True) for i, vid in enumerate(aux_ids)}
    x_syms = [sympy.Symbol(f"x{i}", real=True) for i in range(len(stock_ids))]

    sub: dict[sympy.Symbol, sympy.Symbol] = {TIME: t}
    for i, vid in enumerate(stock_ids):
        sub[eqs[vid].symbol] = x_syms[i]
    for i, key in enumerate(param_keys):
        sub[eqs[key[1]].symbol if key[0] == "value" else strength_symbol(key[1])] = p_syms[i]
    for vid in aux_ids:
        sub[eqs[vid].symbol] = a_syms[vid]

    smooths: dict[Smooth, sympy.Symbol] = {}  # smooth() in the equations' own symbols -> its state
    smooth_rates: list[sympy.Expr] = []
    smooth_inputs: list[sympy.Expr] = []

    def lift(expr: sympy.Expr) -> sympy.Expr:
        def state_of(node: Smooth) -> sympy.Symbol:
            # bottom-up: a smooth() inside this one's input is already a state symbol
            if node not in smooths:
                sym = sympy.Symbol(f"x{len(stock_ids) + len(smooths)}", real=True)
                smooths[node] = sym
                value, delay = node.args[0].xreplace(sub), node.args[1].xreplace(sub)
                smooth_inputs.append(value)
                smooth_rates.append((value - sym) / delay)
            return smooths[node]

        return expr.replace(lambda e: isinstance(e, Smooth), state_of).xreplace(sub)

    aux_exprs = {vid: lift(eqs[vid].expr) for vid in aux_ids}
    stock_rates = [lift(eqs[vid].expr) for vid in stock_ids]
    x_syms += list(smooths.values())

    graph = nx.DiGraph()
    graph.add_nodes_from(aux_ids)
    by_sym = {a_syms[vid]: vid for vid in aux_ids}
    for vid, expr in aux_exprs.items():
        for sym in expr.free_symbols:
            if sym in by_sym:
                graph.add_edge(by_sym[sym], vid)
    order = list(nx.lexicographical_topological_sort(graph, key=aux_ids.index))
    definitions = [(a_syms[vid], aux_exprs[vid]) for vid in order]

    outputs: list[sympy.Expr] = []
    param_index = {key: i for i, key in enumerate(param_keys)}
    for vid, eq in eqs.items():
        if eq.kind == "stock":
            outputs.append(x_syms[stock_ids.index(vid)])
        elif eq.kind == "auxiliary":
            outputs.append(a_syms[vid])
        else:
            outputs.append(p_syms[param_index[("value", vid)]])
    everything = stock_rates + smooth_rates + outputs + smooth_inputs

    z = sympy.Symbol("z", real=True)
    args = [t, *x_syms, *p_syms]
    # Outputs that depend on no state and no parameter would come out as plain numbers: add a zero
    # array (z) to those only, so that every output is an array with one value per run.
    varying = set(x_syms) | set(p_syms)
    for sym, expr in definitions:
        if expr.free_symbols & varying:
            varying.add(sym)
    rates = stock_rates + smooth_rates
    needed: set[sympy.Symbol] = set().union(*(e.free_symbols for e in rates)) if rates else set()
    rate_definitions = []
    for sym, expr in reversed(definitions):
        if sym in needed:
            needed |= expr.free_symbols
            rate_definitions.append((sym, expr))
    rate_definitions.reverse()

    def numpy_version(exprs: list[sympy.Expr], defs: list) -> LazyFunction:
        padded = [e if e.free_symbols & varying else e + z for e in exprs]
        return LazyFunction(lambda: sympy.lambdify(args + [z], padded, modules="numpy",
                                            cse=_ordered_definitions(defs), docstring_limit=0))

    def math_version(exprs: list[sympy.Expr], defs: list) -> LazyFunction:
        return LazyFunction(lambda: sympy.lambdify(args, exprs, modules="math", cse=_ordered_definitions(defs),
                                            docstring_limit=0))

    initials = [eqs[vid].initial.xreplace(sub) for vid in stock_ids]
    initial = LazyFunction(lambda: sympy.lambdify(p_syms + [z], [e + z for e in initials], modules="numpy",
                                           docstring_limit=0))
    vector, scalar = numpy_version(everything, definitions), math_version(everything, definitions)
    rates_vector, rates_scalar = numpy_version(rates, rate_definitions), math_version(rates, rate_definitions)
    return Compiled(
        model=model,
        state_labels=stock_ids + [f"smooth:{i}" for i in range(len(smooths))],
        n_stocks=len(stock_ids),
        param_keys=param_keys,
        param_defaults=np.array(defaults, dtype=float),
        output_ids=list(eqs),
        rhs_vector=vector,
        rhs_scalar=scalar,
        rates_vector=rates_vector,
        rates_scalar=rates_scalar,
        initial=initial,
        smooth_sources=smooth_inputs,
        smooth_nodes=list(smooths),
    )
