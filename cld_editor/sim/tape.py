"""Stage 1 of the flat array program: a model's equations read into a tape of registers.

:func:`build_tape` reads our own trees - a generated equation's
:class:`~cld_editor.sim.model.Term` list, the sympy nodes our parser built for
the rest - into numbered registers, each a number, a parameter, a state,
``time`` or one operation on earlier registers (see :mod:`cld_editor.sim.program`
for the stages after it).  Nothing is ever turned into text.

Examples
--------
>>> from cld_editor.core import Diagram
>>> from cld_editor.sim.model import build_model
>>> d = Diagram()
>>> savings = d.new_variable("Savings", kind="stock", initial=100)
>>> _ = d.new_link(savings.id, savings.id, "+", strength=0.05)
>>> model = build_model(d)
>>> tape = build_tape(model, parameter_layout(model)[0])
>>> tape.ops  # Savings' rate: the sum of strength * sign * Savings
[('time', ()), ('state', (0,)), ('param', (0,)), ('const', (1.0,)), ('mul', (2, 3, 1)), ('add', (4,)), ('const', (100.0,))]
>>> tape.rates, tape.initials
([5], [6])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import networkx as nx
import sympy

from .functions import TIME, Smooth
from .model import Model, floored_stocks, strength_symbol

ParamKey = tuple[str, str]  # ("value", variable id) | ("initial", stock id) | ("strength", link id)


class Unsupported(Exception):
    """A model this program cannot run (the general solver runs it instead)."""


def parameter_layout(model: Model) -> tuple[list[ParamKey], list[float], list[str]]:
    """What a what-if may change, with the diagram's values, and the stocks in order.

    Constants' and inputs' values first (diagram order), then the strengths of
    the links that generated equations use.
    """
    eqs = model.equations
    keys: list[ParamKey] = [("value", vid) for vid, eq in eqs.items() if eq.kind in ("constant", "input")]
    keys += [("strength", lid) for lid in model.strengths]
    defaults = [float(eqs[k[1]].value) if k[0] == "value" else float(model.strengths[k[1]]) for k in keys]
    stocks = [vid for vid, eq in eqs.items() if eq.kind == "stock"]
    return keys, defaults, stocks


# ------------------------------------------------------------------ stage 1: the tape
_RELATIONS = {sympy.StrictLessThan: "lt", sympy.LessThan: "le", sympy.StrictGreaterThan: "gt",
              sympy.GreaterThan: "ge", sympy.Eq: "eq", sympy.Ne: "ne"}
_FUNCTIONS = {sympy.Min: "min", sympy.Max: "max", sympy.Abs: "abs", sympy.exp: "exp", sympy.log: "log",
              sympy.And: "and", sympy.Or: "or", sympy.Not: "not"}


@dataclass
class Tape:
    """A model's equations as registers; see the module's description."""

    ops: list[tuple[str, tuple]]  # register -> (operation, arguments: registers or a number)
    n_params: int
    n_stocks: int
    n_states: int  # stocks, then one internal state per smooth()
    rates: list[int]  # register of each state's rate of change
    outputs: list[int]  # register of each variable's value, diagram order
    initials: list[int]  # register of each stock's starting value (parameters only)
    smooth_inputs: list[int]  # register of each smooth()'s input
    floored: list[int]  # the stocks that never go below zero (see model.floored_stocks)


class _TapeBuilder:
    def __init__(self, model: Model, param_keys: list[ParamKey]) -> None:
        self.model = model
        self.ops: list[tuple[str, tuple]] = []
        self.known: dict[tuple, int] = {}
        self.param = {key: i for i, key in enumerate(param_keys)}
        self.env: dict[sympy.Symbol, int] = {TIME: self.op("time", ())}
        self.memo: dict[sympy.Basic, int] = {}
        self.of_variable: dict[str, int] = {}  # variable id -> the register of its value
        self.stock_ids = [vid for vid, eq in model.equations.items() if eq.kind == "stock"]
        self.smooth_states: dict[Any, int] = {}  # smooth() -> its state's register
        self.smooth_pending: list[tuple[Callable[[], int], Callable[[], int]]] = []  # (input, delay time)

    def op(self, name: str, args: tuple) -> int:
        key = (name, args)
        if key not in self.known:  # the same operation on the same registers is done once
            self.known[key] = len(self.ops)
            self.ops.append(key)
        return self.known[key]

    def const(self, value: float) -> int:
        return self.op("const", (float(value),))

    def state(self, index: int) -> int:
        return self.op("state", (index,))

    def smooth(self, key: Any, source: Callable[[], int], delay: Callable[[], int]) -> int:
        if key not in self.smooth_states:
            self.smooth_states[key] = self.state(len(self.stock_ids) + len(self.smooth_states))
            self.smooth_pending.append((source, delay))
        return self.smooth_states[key]

    def emit(self, expr: sympy.Basic) -> int:
        found = self.memo.get(expr)
        if found is None:
            found = self.memo[expr] = self._emit(expr)
        return found

    def _emit(self, expr: sympy.Basic) -> int:
        if isinstance(expr, sympy.Symbol):
            if expr not in self.env:
                raise Unsupported(f"unknown name {expr}")
            return self.env[expr]
        if expr is sympy.true:
            return self.const(1.0)
        if expr is sympy.false:
            return self.const(0.0)
        if isinstance(expr, Smooth):
            source, delay = expr.args
            return self.smooth(expr, lambda: self.emit(source), lambda: self.emit(delay))
        if isinstance(expr, sympy.Expr) and expr.is_number:
            value = complex(expr)
            if value.imag:
                raise Unsupported("a complex number")
            return self.const(value.real)
        if isinstance(expr, sympy.Add):
            return self.op("add", tuple(self.emit(a) for a in expr.args))
        if isinstance(expr, sympy.Mul):
            return self.op("mul", tuple(self.emit(a) for a in expr.args))
        if isinstance(expr, sympy.Pow):
            return self.op("pow", (self.emit(expr.base), self.emit(expr.exp)))
        if isinstance(expr, sympy.Piecewise):
            args: list[int] = []
            for value, condition in expr.args:
                args += [self.emit(condition), self.emit(value)]
            return self.op("piecewise", tuple(args))
        name = _RELATIONS.get(type(expr)) or _FUNCTIONS.get(type(expr))
        if name is None:
            raise Unsupported(f"no array form for {type(expr).__name__}")
        return self.op(name, tuple(self.emit(a) for a in expr.args))

    def generated(self, terms: list) -> int:
        parts = []
        for term in terms:
            if term.delay_time is None:
                cause = self.of_variable[term.cause]
            else:  # the cause's value is needed only for the delay's rate: it may come later in the order
                cause = self.smooth(("link", term.cause, term.delay_time),
                                    lambda c=term.cause: self.of_variable[c], lambda d=term.delay_time: self.const(d))
            strength = self.op("param", (self.param[("strength", term.link)],))
            parts.append(self.op("mul", (strength, self.const(term.sign), cause)))
        return self.op("add", tuple(parts)) if parts else self.const(0.0)

    def build(self) -> Tape:
        eqs = self.model.equations
        of_variable = self.of_variable
        for i, vid in enumerate(self.stock_ids):
            of_variable[vid] = self.env[eqs[vid].symbol] = self.state(i)
        for key, index in self.param.items():
            if key[0] == "value":
                of_variable[key[1]] = self.env[eqs[key[1]].symbol] = self.op("param", (index,))
            else:
                self.env[strength_symbol(key[1])] = self.op("param", (index,))
        by_symbol = {eq.symbol: vid for vid, eq in eqs.items()}
        graph = nx.DiGraph()
        aux_ids = [vid for vid, eq in eqs.items() if eq.kind == "auxiliary"]
        graph.add_nodes_from(aux_ids)
        for vid in aux_ids:
            graph.add_edges_from((c, vid) for c in eqs[vid].instant_causes(by_symbol) if eqs[c].kind == "auxiliary")
        for vid in nx.topological_sort(graph):
            of_variable[vid] = self.env[eqs[vid].symbol] = self.equation(vid)
        rates = [self.equation(vid) for vid in self.stock_ids]
        smooth_inputs: list[int] = []
        done = 0
        while done < len(self.smooth_pending):  # a smooth() inside a smooth()'s input adds one more
            source, delay = self.smooth_pending[done]
            state = self.state(len(self.stock_ids) + done)
            value = source()
            smooth_inputs.append(value)
            difference = self.op("add", (value, self.op("mul", (self.const(-1.0), state))))
            rates.append(self.op("mul", (difference, self.op("pow", (delay(), self.const(-1.0))))))
            done += 1
        outputs = [of_variable[vid] for vid in eqs]
        initials = [self.emit(eqs[vid].initial) for vid in self.stock_ids]
        return Tape(self.ops, len(self.param), len(self.stock_ids), len(self.stock_ids) + done,
                    rates, outputs, initials, smooth_inputs, floored_stocks(self.model))

    def equation(self, vid: str) -> int:
        eq = self.model.equations[vid]
        return self.generated(eq.terms) if eq.terms is not None else self.emit(eq.expr)


def build_tape(model: Model, param_keys: list[ParamKey]) -> Tape:
    """Read the model's equations into a tape (raises :class:`Unsupported` for what it cannot hold)."""
    return _TapeBuilder(model, param_keys).build()
