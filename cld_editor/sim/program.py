"""A model as a flat array program: built once per edit, specialised per run, run with a few numpy calls.

Evaluating 500 equations one by one costs 500 steps of Python work per
evaluation, and RK4 evaluates four times a step.  This module does the work
once instead, in three stages, without ever turning an equation into text:

1. :func:`~cld_editor.sim.tape.build_tape` reads our own trees - a generated equation's
   :class:`~cld_editor.sim.model.Term` list, the sympy nodes our parser built
   for the rest - into a *tape*: numbered registers, each a number, a
   parameter, a state, ``time`` or one operation on earlier registers.
2. :func:`specialise` fixes one run's parameters.  Every register then
   becomes a number, or an **affine** combination of the *basis* - 1, time,
   the states, and the results of the non-linear operations (``max``,
   a product of two varying values, a comparison...).  Generated equations are
   sums of ``strength * sign * cause``, so a whole chain of them collapses into
   one row of coefficients.
3. :class:`Program` evaluates: the non-linear operations level by level (one
   matrix product for all the arguments of a level, one numpy call per kind of
   operation), then every rate with one matrix product.  The values of all
   variables are one matrix product over the saved rows at the end.

A run whose values leave the finite numbers is left to the general solver in
:mod:`cld_editor.sim.run`, which says where that happened.

Examples
--------
>>> from cld_editor.core import Diagram
>>> from cld_editor.sim.model import build_model
>>> d = Diagram()
>>> level = d.new_variable("Level", kind="stock", initial=0)
>>> goal = d.new_variable("Goal", kind="constant", equation="10")
>>> gap = d.new_variable("Gap")
>>> _ = d.new_link(goal.id, gap.id, "+"); _ = d.new_link(level.id, gap.id, "-")
>>> _ = d.new_link(gap.id, level.id, "+")
>>> model = build_model(d)
>>> tape = build_tape(model, parameter_layout(model)[0])
>>> program = specialise(tape, np.array([10.0, 1.0, 1.0, 1.0]))
>>> times, values, _ = program.run(0.0, 0.5, 4, 1, "euler", program.initial_stocks)
>>> float(values[-1, 0])  # Level after 4 Euler steps of 0.5: 10 * (1 - 0.5^4)
9.375
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from .tape import Tape, Unsupported, build_tape, parameter_layout

__all__ = ["Program", "Tape", "Unsupported", "build_tape", "initial_values", "parameter_layout", "specialise"]

MAX_DENSE = 40_000_000  # coefficients in the program's matrices; bigger models use the general solver

Affine = dict[int, float]  # basis column -> coefficient (column 0 is the constant 1)
Value = float | Affine

# ------------------------------------------------------------------ stage 2: one run's program
def _constant(value: Value) -> float:
    if isinstance(value, dict):
        raise Unsupported("a starting value that changes over time")
    return value


def _scaled(value: Value, factor: float) -> Value:
    if not isinstance(value, dict):
        return value * factor
    return {col: coef * factor for col, coef in value.items()}


def _as_affine(value: Value) -> Affine:
    return value if isinstance(value, dict) else {0: value}


_FOLD: dict[str, Callable[..., Any]] = {
    "mul": np.multiply, "pow": np.power, "min": np.minimum, "max": np.maximum, "abs": np.absolute,
    "exp": np.exp, "log": np.log, "lt": np.less, "le": np.less_equal, "gt": np.greater,
    "ge": np.greater_equal, "eq": np.equal, "ne": np.not_equal, "and": np.logical_and, "or": np.logical_or,
    "not": np.logical_not,
}


def _fold(name: str, args: list[float]) -> float:
    with np.errstate(all="ignore"):
        return float(_FOLD[name](*(np.float64(a) for a in args)))


@dataclass
class _Slot:
    """A non-linear operation of one run: a basis column of its own."""

    op: str
    args: list[Affine]
    level: int
    for_rates: bool = False
    column: int = -1


class _Specialiser:
    def __init__(self, tape: Tape, params: list[float]) -> None:
        self.tape = tape
        self.params = params
        self.first_slot = 2 + tape.n_states  # columns: 1, time, states, then the slots
        self.slots: list[_Slot] = []
        self.known: dict[tuple, int] = {}
        self.done: list[Value | None] = [None] * len(tape.ops)

    def values(self, registers: list[int]) -> list[Value]:
        out = self.done
        for reg, (name, args) in enumerate(self.tape.ops):
            if out[reg] is None:
                out[reg] = self.value(name, args)
        return [out[r] for r in registers]  # type: ignore[misc]

    def level(self, value: Affine) -> int:
        first = self.first_slot
        return max((self.slots[col - first].level for col in value if col >= first), default=0)

    def slot(self, name: str, args: list[Value]) -> Value:
        if not any(isinstance(a, dict) for a in args):
            return _fold(name, args)  # type: ignore[arg-type]
        if name == "min":  # min(a, b) = -max(-a, -b) exactly: one numpy call does a level's min and max
            return _scaled(self.slot("max", [_scaled(a, -1.0) for a in args]), -1.0)
        affine = [_as_affine(a) for a in args]
        key = (name, tuple(tuple(sorted(a.items())) for a in affine))
        if key not in self.known:
            self.known[key] = self.first_slot + len(self.slots)
            self.slots.append(_Slot(name, affine, 1 + max(self.level(a) for a in affine)))
        return {self.known[key]: 1.0}

    def chain(self, name: str, args: list[Value]) -> Value:
        result = args[0]
        for arg in args[1:]:
            result = self.slot(name, [result, arg])
        return result

    def value(self, name: str, args: tuple) -> Value:
        done = self.done
        if name == "const":
            return args[0]
        if name == "param":
            return self.params[args[0]]
        if name == "state":
            return {2 + args[0]: 1.0}
        if name == "time":
            return {1: 1.0}
        values = [done[a] for a in args]
        if name == "add":
            total: dict[int, float] = {}
            number = 0.0
            for v in values:
                if isinstance(v, dict):
                    for col, coef in v.items():
                        total[col] = total.get(col, 0.0) + coef
                else:
                    number += v  # type: ignore[operator]
            if not total:
                return number
            if number:
                total[0] = total.get(0, 0.0) + number
            return total
        if name == "mul":
            factor = 1.0
            varying = []
            for v in values:
                if isinstance(v, dict):
                    varying.append(v)
                else:
                    factor *= v  # type: ignore[operator]
            if not varying:
                return factor
            return _scaled(varying[0] if len(varying) == 1 else self.chain("mul", varying), factor)
        if name == "pow" and not isinstance(values[1], dict) and values[1] == 1.0:
            return values[0]  # type: ignore[return-value]
        if name in ("min", "max", "and", "or"):
            return self.chain(name, values)  # type: ignore[arg-type]
        if name == "piecewise":
            result: Value = float("nan")  # no condition holds (the parser always ends with one that does)
            for i in range(len(values) - 2, -1, -2):
                condition, choice = values[i], values[i + 1]
                if isinstance(condition, dict):
                    result = self.slot("where", [condition, choice, result])  # type: ignore[list-item]
                elif condition != 0:
                    result = choice  # type: ignore[assignment]
            return result
        return self.slot(name, values)  # type: ignore[arg-type]

    def program(self) -> "Program":
        tape = self.tape
        rates, outputs, inputs, initials = (
            self.values(regs) for regs in (tape.rates, tape.outputs, tape.smooth_inputs, tape.initials))
        first = self.first_slot
        # the slots the rates need (RK4's inner stages compute only those)
        stack = [col for v in rates if isinstance(v, dict) for col in v if col >= first]
        while stack:
            slot = self.slots[stack.pop() - first]
            if not slot.for_rates:
                slot.for_rates = True
                stack += [col for a in slot.args for col in a if col >= first]
        # columns: slots of a level and operation side by side, those the rates need first
        order = sorted(range(len(self.slots)), key=lambda i: (self.slots[i].level, self.slots[i].op,
                                                               not self.slots[i].for_rates, i))
        for position, i in enumerate(order):
            self.slots[i].column = first + position
        columns = first + len(order)
        if columns * (len(outputs) + len(rates) + 2 * len(order)) > MAX_DENSE:
            raise Unsupported("too large for dense matrices")

        def move(value: Value) -> Affine:
            return {self.slots[c - first].column if c >= first else c: k for c, k in _as_affine(value).items()}

        for slot in self.slots:
            slot.args = [move(a) for a in slot.args]
        ordered = [self.slots[i] for i in order]
        return Program(
            columns=columns,
            n_stocks=tape.n_stocks,
            n_states=tape.n_states,
            full=_levels(ordered, columns, rates_only=False),
            for_rates=_levels(ordered, columns, rates_only=True),
            rates=_matrix([move(v) for v in rates], columns),
            outputs=_matrix([move(v) for v in outputs], columns),
            smooth_inputs=_matrix([move(v) for v in inputs], columns),
            initial_stocks=np.array([_constant(v) for v in initials], dtype=float),
            floored=np.array(tape.floored, dtype=int),
        )


def specialise(tape: Tape, params: np.ndarray) -> "Program":
    """The program of one run of ``tape``, with these parameter values."""
    return _Specialiser(tape, [float(p) for p in params]).program()


def initial_values(tape: Tape, params: np.ndarray) -> np.ndarray:
    """The stocks' starting values for these parameters."""
    values = _Specialiser(tape, [float(p) for p in params]).values(tape.initials)
    return np.array([_constant(v) for v in values], dtype=float)


def _matrix(rows: list[Affine], columns: int) -> np.ndarray:
    out = np.zeros((len(rows), columns))
    for i, row in enumerate(rows):
        for col, coef in row.items():
            out[i, col] += coef
    return out


_ARITY = {"abs": 1, "exp": 1, "log": 1, "not": 1, "where": 3}


@dataclass
class _Group:
    op: str
    count: int
    row: int  # its first argument's row in the level's matrix
    column: int  # its first result's basis column


def _levels(slots: list[_Slot], columns: int, rates_only: bool) -> list[tuple[np.ndarray, list[_Group]]]:
    """Per level: one matrix giving every argument, and the groups of operations of one kind."""
    levels: list[tuple[np.ndarray, list[_Group]]] = []
    i = 0
    while i < len(slots):
        level = slots[i].level
        rows: list[Affine] = []
        groups: list[_Group] = []
        while i < len(slots) and slots[i].level == level:
            op = slots[i].op
            same = []
            while i < len(slots) and slots[i].level == level and slots[i].op == op:
                same.append(slots[i])
                i += 1
            if rates_only:
                same = [s for s in same if s.for_rates]  # (they come first in their group)
            if not same:
                continue
            groups.append(_Group(op, len(same), len(rows), same[0].column))
            for j in range(_ARITY.get(op, 2)):
                rows += [s.args[j] for s in same]
        if groups:
            before = min(g.column for g in groups)  # a level's arguments use only earlier columns
            levels.append((_matrix(rows, columns)[:, :before].copy(), groups))
    return levels


def _where(condition: np.ndarray, a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    out[:] = np.where(condition != 0, a, b)


_UFUNC: dict[str, Callable[..., Any]] = {**_FOLD, "where": _where}


# ------------------------------------------------------------------ stage 3: running
@dataclass
class Program:
    """One run's equations as matrices over the basis (1, time, states, non-linear results)."""

    columns: int
    n_stocks: int
    n_states: int
    full: list[tuple[np.ndarray, list[_Group]]]
    for_rates: list[tuple[np.ndarray, list[_Group]]]
    rates: np.ndarray
    outputs: np.ndarray
    smooth_inputs: np.ndarray
    initial_stocks: np.ndarray
    floored: np.ndarray  # indices of the states floored at zero after each step
    basis: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.basis = np.zeros(self.columns)
        self.basis[0] = 1.0
        self._full = self._steps(self.full)
        self._for_rates = self._steps(self.for_rates)

    def _own(self) -> "Program":
        """A twin with working arrays of its own: runs of one program on several threads never share them."""
        twin = copy.copy(self)
        twin.__post_init__()
        return twin

    def _steps(self, levels: list[tuple[np.ndarray, list[_Group]]]) -> list[tuple]:
        """Each level as (matrix, the basis it reads, its argument buffer, calls on views made once)."""
        u = self.basis
        steps = []
        for matrix, groups in levels:
            v = np.empty(matrix.shape[0])
            calls = []
            for g in groups:
                k, r, c = g.count, g.row, g.column
                arity = _ARITY.get(g.op, 2)
                calls.append((_UFUNC[g.op], tuple(v[r + j * k: r + (j + 1) * k] for j in range(arity)), u[c: c + k]))
            steps.append((matrix, u[: matrix.shape[1]], v, calls))
        return steps

    def evaluate(self, t: float, x: np.ndarray, rates_only: bool = False) -> np.ndarray:
        """Fill the basis for time ``t`` and states ``x``; returns the basis (a view, reused)."""
        u = self.basis
        u[1] = t
        u[2: 2 + self.n_states] = x
        dot = np.dot
        for matrix, known, v, calls in self._for_rates if rates_only else self._full:
            dot(matrix, known, out=v)
            for function, args, out in calls:
                function(*args, out=out)
        return u

    def _floor(self, x: np.ndarray) -> Callable[[], None]:
        """What keeps the floored states of ``x`` at zero or above, in place, after each step."""
        floored = self.floored
        if not floored.size:
            return lambda: None
        first = int(floored[0])
        if np.array_equal(floored, np.arange(first, first + floored.size)):  # (the usual case: one slice)
            part = x[first: first + floored.size]
            return lambda: np.maximum(part, 0.0, out=part)

        def floor() -> None:
            x[floored] = np.maximum(x[floored], 0.0)

        return floor

    def start_smooths(self, t0: float, x: np.ndarray) -> None:
        """A smooth() starts at its input's starting value, worked out in dependency order."""
        n_smooth = self.n_states - self.n_stocks
        for _ in range(n_smooth + 1 if n_smooth else 0):
            x[self.n_stocks:] = self.smooth_inputs @ self.evaluate(t0, x)

    def run(self, t0: float, dt: float, n: int, every: int, method: str, stocks: np.ndarray,
            stop: Callable[[], bool] | None = None,
            cancelled: type[Exception] = RuntimeError) -> tuple[np.ndarray, np.ndarray, bool]:
        """Integrate ``n`` steps; returns the saved times, values (rows, variables) and whether all are finite.

        ``stop`` is asked every 32 steps whether to go on; when it says True, ``cancelled`` is raised.
        """
        x = np.zeros(self.n_states)
        x[: self.n_stocks] = stocks
        saved_rows = n // every + 1 + (1 if n % every else 0)
        times = np.empty(saved_rows)
        history = np.empty((saved_rows, self.columns))
        work = self._own()  # (the panel's background run and a run on the window's thread may overlap)
        rates, evaluate, floor = self.rates, work.evaluate, self._floor(x)
        dot, add, multiply = np.dot, np.add, np.multiply
        r1 = np.empty(self.n_states)
        row = 0
        rk4 = method == "rk4"
        with np.errstate(all="ignore"):
            work.start_smooths(t0, x)
            for step in range(n + 1):
                if stop is not None and step % 32 == 0 and stop():
                    raise cancelled()
                t = t0 + step * dt
                save = step % every == 0 or step == n
                u = evaluate(t, x, rates_only=not save)
                if save:
                    times[row] = t
                    history[row] = u
                    row += 1
                if step == n:
                    break
                dot(rates, u, out=r1)
                if rk4:
                    r2 = rates @ evaluate(t + dt / 2, x + dt / 2 * r1, True)
                    r3 = rates @ evaluate(t + dt / 2, x + dt / 2 * r2, True)
                    r4 = rates @ evaluate(t + dt, x + dt * r3, True)
                    x[:] = x + dt / 6 * (r1 + 2 * (r2 + r3) + r4)
                else:  # x + dt * r1, in place (the same arithmetic, no new arrays)
                    add(x, multiply(r1, dt, out=r1), out=x)
                floor()
            finite = bool(np.isfinite(history[:row]).all())
            values = history[:row] @ self.outputs.T
        return times[:row], values, finite
