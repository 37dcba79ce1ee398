"""An equation in plain words: which causes raise a value, which lower it, which act after a delay.

The Equations panel shows these sentences under each equation, so that a
reader who does not read algebra still sees what the model says.

Examples
--------
>>> import sympy
>>> from cld_editor.core.elements import Variable
>>> jobs, tax = sympy.symbols("jobs tax", real=True)
>>> rising, falling, other = cause_signs(2 * jobs - tax, {jobs: "Jobs", tax: "Tax"})
>>> explain(Variable("v1", "Spending"), "auxiliary", rising, falling, other)
'Spending rises with Jobs and falls with Tax.'
"""

from __future__ import annotations

import sympy

from ..core.elements import Variable
from .functions import TIME, Smooth


def _phrase(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def explain(variable: Variable, kind: str, rising: list[str], falling: list[str], other: list[str],
            delayed: list[str] = (), unknown: list[str] = ()) -> str:
    """The equation in plain words.

    Examples
    --------
    >>> v = Variable("v1", "Waiting list", kind="stock")
    >>> explain(v, "stock", ["Referrals"], ["Treatments"], [])
    'Waiting list grows with Referrals and falls with Treatments.'
    """
    name = variable.name
    if kind == "constant":
        return f"{name} is a constant: a number you set."
    if kind == "input":
        return f"{name} has no causes: it is an input you set."
    up, down = ("grows with", "falls with") if kind == "stock" else ("rises with", "falls with")
    parts = []
    if rising:
        parts.append(f"{up} {_phrase(rising)}")
    if falling:
        parts.append(f"{down} {_phrase(falling)}")
    if other:
        parts.append(f"depends on {_phrase(other)}")
    if not parts:
        sentence = f"{name} does not change." if kind == "stock" else f"{name} is a fixed value."
    else:
        sentence = f"{name} " + ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1] + "."
    if delayed:
        sentence += f" The effect of {_phrase(list(delayed))} arrives after a delay."
    if unknown:
        sentence += f" The link{'s' if len(unknown) > 1 else ''} from {_phrase(list(unknown))} " \
                    "has no sign yet: read as +."
    return sentence


def cause_signs(expr: sympy.Expr, causes: dict[sympy.Symbol, str]) -> tuple[list[str], list[str], list[str]]:
    """Which causes raise, lower or otherwise move the value (sign of the partial derivative)."""
    rising, falling, other = [], [], []
    positive = {s: sympy.Symbol(s.name, positive=True) for s in expr.free_symbols if s != TIME}
    plain = without_smooth(expr)
    for sym, name in causes.items():
        if not expr.has(sym):
            continue
        try:
            slope = sympy.diff(plain, sym).xreplace(positive)
        except (TypeError, ValueError):
            other.append(name)
            continue
        if slope.is_positive:
            rising.append(name)
        elif slope.is_negative:
            falling.append(name)
        else:
            other.append(name)
    return rising, falling, other


def without_smooth(expr: sympy.Expr) -> sympy.Expr:
    """Replace smooth(x, T) by x: the long-run effect, for signs and explanations."""
    return expr.replace(lambda e: isinstance(e, Smooth), lambda e: e.args[0])

