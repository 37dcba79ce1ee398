"""Write the sympy expressions we built back as text: ours, XMILE's or Vensim's.

One small printer covers the few node types our parser makes (numbers,
symbols, + * ^, min/max/abs/exp/ln/sqrt, comparisons, ``Piecewise`` from
``if_then_else``/``step``/``pulse``/``ramp`` and :class:`Smooth`), so the text
it writes parses back to the same expression.

Examples
--------
>>> from cld_editor.sim.expr import parse
>>> to_text(parse("2*a - b/c + max(a, 0)^2").expr)
'2*a + max(0, a)^2 - b/c'
>>> to_text(parse("if_then_else(time >= 3, 1, 0)").expr, style="vensim", name=str.upper)
'IF THEN ELSE(Time >= 3, 1, 0)'
"""

from __future__ import annotations

from fractions import Fraction
from typing import Callable

import sympy

from .functions import TIME, Smooth

NameOf = Callable[[str], str]

_FUNCS = {
    "cld": {"min": "min", "max": "max", "abs": "abs", "exp": "exp", "ln": "ln", "sqrt": "sqrt", "smooth": "smooth"},
    "xmile": {"min": "MIN", "max": "MAX", "abs": "ABS", "exp": "EXP", "ln": "LN", "sqrt": "SQRT", "smooth": "SMTH1"},
    "vensim": {"min": "MIN", "max": "MAX", "abs": "ABS", "exp": "EXP", "ln": "LN", "sqrt": "SQRT", "smooth": "SMOOTH"},
}
_TIME = {"cld": "time", "xmile": "TIME", "vensim": "Time"}
_REL = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "=", "!=": "<>"}

# Precedence of what an expression prints as, to decide on parentheses.
_ATOM, _POW, _MUL, _ADD, _REL_P = 5, 4, 3, 2, 1


def number_text(value: sympy.Basic) -> str:
    """A number as short exact-enough text (an integer, or the float's repr).

    Examples
    --------
    >>> number_text(sympy.Rational(1, 4)), number_text(sympy.Integer(-3))
    ('0.25', '-3')
    """
    if value.is_Integer:
        return str(int(value))
    if value.is_Rational:
        frac = Fraction(int(value.p), int(value.q))
        text = repr(float(frac))
    else:
        text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _is_decimal(value: sympy.Rational) -> bool:
    q = int(value.q)
    for prime in (2, 5):
        while q % prime == 0:
            q //= prime
    return q == 1 and len(number_text(value)) <= 12


class _Printer:
    def __init__(self, style: str, name: NameOf) -> None:
        self.style = style
        self.name = name
        self.funcs = _FUNCS[style]

    def call(self, func: str, *args: str) -> str:
        return f"{self.funcs.get(func, func)}({', '.join(args)})"

    def text(self, expr: sympy.Basic) -> str:
        return self.prec(expr)[0]

    def wrapped(self, expr: sympy.Basic, least: int) -> str:
        text, prec = self.prec(expr)
        return f"({text})" if prec < least else text

    def prec(self, expr: sympy.Basic) -> tuple[str, int]:
        if expr == TIME:
            return _TIME[self.style], _ATOM
        if expr.is_Symbol:
            return self.name(expr.name), _ATOM
        if expr.is_Number:
            text = number_text(expr)
            return text, (_ADD if text.startswith("-") else _ATOM)
        if expr is sympy.true or expr is sympy.false:
            return ("1" if expr is sympy.true else "0"), _ATOM
        if expr.is_Add:
            return self.add(expr), _ADD
        if expr.is_Mul:
            return self.mul(expr)
        if expr.is_Pow:
            return self.power(expr)
        if isinstance(expr, (sympy.Min, sympy.Max)):
            return self.minmax(expr), _ATOM
        if isinstance(expr, sympy.Abs):
            return self.call("abs", self.text(expr.args[0])), _ATOM
        if isinstance(expr, sympy.exp):
            return self.call("exp", self.text(expr.args[0])), _ATOM
        if isinstance(expr, sympy.log):
            return self.call("ln", self.text(expr.args[0])), _ATOM
        if isinstance(expr, Smooth):
            return self.call("smooth", self.text(expr.args[0]), self.text(expr.args[1])), _ATOM
        if isinstance(expr, sympy.Piecewise):
            # XMILE's IF ... THEN ... ELSE runs to the end: bracket it inside anything else.
            return self.piecewise(list(expr.args)), (0 if self.style == "xmile" else _ATOM)
        if isinstance(expr, sympy.core.relational.Relational):
            op = _REL[expr.rel_op]
            return f"{self.wrapped(expr.lhs, _ADD)} {op} {self.wrapped(expr.rhs, _ADD)}", _REL_P
        raise ValueError(f"cannot write {type(expr).__name__} as an equation")

    def add(self, expr: sympy.Add) -> str:
        # Added terms first (numbers last among them), then the subtracted ones: "1 - x/c", "a + 2 - b".
        def negative(term: sympy.Basic) -> bool:
            coeff = term.as_coeff_Mul()[0]
            return bool(coeff.is_Number and coeff < 0)

        terms = sorted(expr.args, key=lambda a: (negative(a), a.is_Number, sympy.default_sort_key(a)))
        out = ""
        for i, term in enumerate(terms):
            is_negative = negative(term)
            body = self.wrapped(-term if is_negative else term, _MUL if is_negative else _ADD)
            if i == 0:
                out = f"-{self.wrapped(-term, _MUL)}" if is_negative else body
            else:
                out += f" - {body}" if is_negative else f" + {body}"
        return out

    def mul(self, expr: sympy.Mul) -> tuple[str, int]:
        coeff, rest = expr.as_coeff_Mul()
        if coeff.is_Number and coeff < 0:
            inner = self.wrapped(-expr, _MUL)
            return f"-{inner}", _ADD
        num: list[str] = []
        den: list[str] = []
        factors = list(sympy.Mul.make_args(expr))
        if coeff.is_Rational and not coeff.is_Integer and _is_decimal(coeff):
            num.append(number_text(coeff))  # 0.02*x reads better than x/50
            factors.remove(coeff)
        for factor in factors:
            if factor.is_Rational and not factor.is_Integer:
                if factor.p != 1:
                    num.append(str(int(factor.p)))
                den.append(str(int(factor.q)))
            elif factor.is_Pow and factor.exp.is_Number and factor.exp < 0:
                den.append(self.wrapped(sympy.Pow(factor.base, -factor.exp), _POW))
            else:
                num.append(self.wrapped(factor, _MUL))
        text = "*".join(num) if num else "1"
        if den:
            text += "/" + ("/".join(den) if len(den) == 1 else "(" + "*".join(den) + ")")
        return text, _MUL

    def power(self, expr: sympy.Pow) -> tuple[str, int]:
        base, exp = expr.args
        if exp == sympy.Rational(1, 2):
            return self.call("sqrt", self.text(base)), _ATOM
        if exp.is_Number and exp < 0:
            return f"1/{self.wrapped(sympy.Pow(base, -exp), _POW)}", _MUL
        return f"{self.wrapped(base, _ATOM)}^{self.wrapped(exp, _ATOM)}", _POW

    def minmax(self, expr: sympy.Basic) -> str:
        func = "min" if isinstance(expr, sympy.Min) else "max"
        args = [self.text(a) for a in expr.args]
        if self.style == "cld":
            return self.call(func, *args)
        # Vensim and XMILE take two arguments: nest them.
        out = args[-1]
        for arg in reversed(args[:-1]):
            out = self.call(func, arg, out)
        return out

    def condition(self, cond: sympy.Basic, yes: str, no: str) -> str:
        if isinstance(cond, sympy.And):
            first, *rest = cond.args
            return self.condition(first, self.condition(sympy.And(*rest), yes, no), no)
        if isinstance(cond, sympy.Or):
            first, *rest = cond.args
            return self.condition(first, yes, self.condition(sympy.Or(*rest), yes, no))
        if isinstance(cond, sympy.Not):
            return self.condition(cond.args[0], no, yes)
        if cond is sympy.true:
            return yes
        if cond is sympy.false:
            return no
        test = self.text(cond)
        if self.style == "xmile":
            yes, no = (f"({part})" if part.startswith("IF ") else part for part in (yes, no))
            return f"IF {test} THEN {yes} ELSE {no}"
        if self.style == "vensim":
            return f"IF THEN ELSE({test}, {yes}, {no})"
        return f"if_then_else({test}, {yes}, {no})"

    def piecewise(self, pairs: list) -> str:
        value, cond = pairs[0]
        if len(pairs) == 1:
            return self.text(value) if cond is sympy.true else self.condition(cond, self.text(value), "0")
        return self.condition(cond, self.text(value), self.piecewise(pairs[1:]))


def to_text(expr: sympy.Basic, style: str = "cld", name: NameOf | None = None) -> str:
    """Write ``expr`` in our equation language (``style="cld"``), XMILE's or Vensim's.

    ``name`` turns a symbol's name into the text to write (default: as is).
    """
    return _Printer(style, name or _cld_name).text(expr)


def _cld_name(name: str) -> str:
    """A name in our language: as it is, or in double quotes if it has punctuation."""
    import re

    return name if re.fullmatch(r"[^\W\d]\w*", name) else f'"{name}"'
