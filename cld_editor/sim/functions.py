"""The functions an equation may call, and what each becomes in sympy.

Each :class:`Function` names its signature and a sentence for the user (the
Equations panel lists them), its least and most arguments, and the builder
that makes the sympy expression from parsed arguments.  ``time`` is the one
symbol every equation may use without a link.

Examples
--------
>>> FUNCTIONS["step"].signature
'step(height, start_time)'
>>> FUNCTIONS["step"].build(sympy.Integer(2), sympy.Integer(5))
Piecewise((2, time >= 5), (0, True))
>>> is_condition(sympy.Symbol("x") > 1), is_condition(sympy.Symbol("x"))
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sympy

#: The current time of a run (``time`` in an equation).
TIME = sympy.Symbol("time", real=True)


def is_condition(node: sympy.Basic) -> bool:
    # (a Symbol is a sympy Boolean too, so name the logical classes exactly)
    return isinstance(
        node,
        (sympy.core.relational.Relational, sympy.logic.boolalg.BooleanFunction, sympy.logic.boolalg.BooleanAtom),
    )


def as_condition(node: sympy.Basic) -> sympy.Basic:
    if is_condition(node):
        return node
    return sympy.Ne(node, 0)  # a number as a condition: true when not zero


def _min_max(kind: type, args: tuple[sympy.Expr, ...]) -> sympy.Expr:
    # sympy's own simplification of min/max compares every pair of arguments (seconds for a few
    # hundred equations); it only pays off for numbers, so only numbers are simplified.
    if all(a.is_Number for a in args):
        return kind(*args)
    return kind(*args, evaluate=False)


def _if_then_else(cond: sympy.Basic, a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
    return sympy.Piecewise((a, as_condition(cond)), (b, True))


def _step(height: sympy.Expr, start: sympy.Expr) -> sympy.Expr:
    return sympy.Piecewise((height, sympy.GreaterThan(TIME, start)), (0, True))


def _pulse(start: sympy.Expr, width: sympy.Expr) -> sympy.Expr:
    inside = sympy.And(sympy.GreaterThan(TIME, start), sympy.StrictLessThan(TIME, start + width))
    return sympy.Piecewise((1, inside), (0, True))


class Smooth(sympy.Function):
    """``smooth(input, delay_time)``: a first-order delay of ``input``.

    The solver gives each one an internal stock ``s`` with
    ``ds/dt = (input - s) / delay_time`` that starts at the input's starting
    value; in a derivative it counts as a separate state, hence ``fdiff`` 0.
    """

    nargs = 2

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return sympy.Integer(0)


def _smooth(value: sympy.Expr, delay_time: sympy.Expr) -> sympy.Expr:
    return Smooth(value, delay_time)


def _ramp(slope: sympy.Expr, start: sympy.Expr, end: sympy.Expr) -> sympy.Expr:
    return sympy.Piecewise(
        (0, sympy.StrictLessThan(TIME, start)),
        (slope * (TIME - start), sympy.StrictLessThan(TIME, end)),
        (slope * (end - start), True),
    )


@dataclass(frozen=True)
class Function:
    name: str
    signature: str
    doc: str
    arity: tuple[int, int]  # least and most arguments
    build: Callable[..., sympy.Basic]
    uses_time: bool = False


FUNCTIONS: dict[str, Function] = {
    f.name: f
    for f in (
        Function("min", "min(a, b, ...)", "the smallest of two or more values", (2, 20), lambda *a: _min_max(sympy.Min, a)),
        Function("max", "max(a, b, ...)", "the largest of two or more values", (2, 20), lambda *a: _min_max(sympy.Max, a)),
        Function("abs", "abs(x)", "the size of x without its sign", (1, 1), sympy.Abs),
        Function("exp", "exp(x)", "e to the power x", (1, 1), sympy.exp),
        Function("ln", "ln(x)", "the natural logarithm of x (x > 0)", (1, 1), sympy.log),
        Function("sqrt", "sqrt(x)", "the square root of x (x >= 0)", (1, 1), sympy.sqrt),
        Function(
            "if_then_else", "if_then_else(condition, a, b)", "a while the condition holds, otherwise b",
            (3, 3), _if_then_else,
        ),
        Function(
            "step", "step(height, start_time)", "0 before start_time, height from then on", (2, 2), _step, True,
        ),
        Function(
            "pulse", "pulse(start_time, width)", "1 from start_time for width time units, otherwise 0",
            (2, 2), _pulse, True,
        ),
        Function(
            "ramp", "ramp(slope, start_time, end_time)",
            "0 before start_time, then rising by slope per time unit until end_time, then level",
            (3, 3), _ramp, True,
        ),
        Function(
            "smooth", "smooth(input, delay_time)",
            "a first-order delay: follows input, closing 1/delay_time of the gap per time unit",
            (2, 2), _smooth,
        ),
    )
}

