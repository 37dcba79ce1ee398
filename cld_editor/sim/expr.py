"""The equation language: our own tokenizer and Pratt parser, building sympy directly.

Nothing here ever hands text to ``eval``, ``exec``, ``sympify``, ``parse_expr``
or ``lambdify``: each token is matched by a regular expression, the grammar is
ours, and the sympy objects are made node by node (``sympy.Symbol``,
``sympy.Add`` ...).  Bounds keep hostile text cheap: the length of the text,
the nesting depth, the size of numbers and of constant exponents are limited,
so ``9^9^9^9`` is refused before anything is computed.

The language (see docs/solver.md for the full list)::

    numbers      3  0.25  1e-3
    names        adjustment_time  "Jobs (UK)"  time
    operators    + - * / ^ (power, right-associative), unary -, ( )
    comparisons  < <= > >= = <>   (1 when true, 0 when false)
    functions    min max abs exp ln sqrt if_then_else step pulse ramp smooth

Examples
--------
>>> parse("births - deaths").expr
births - deaths
>>> sorted(parse("2 * population / lifetime").names)
['lifetime', 'population']
>>> parse("if_then_else(time > 5, 1, 0)").expr
Piecewise((1, time > 5), (0, True))
>>> parse("9^9^9^9", variable="X")
Traceback (most recent call last):
...
cld_editor.sim.expr.EquationError: X, column 4: the exponent 387420489 is too large (at most 100)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable, Iterable

import sympy

from ..core.errors import CldError
from ..core.naming import equation_name

MAX_LENGTH = 2000
MAX_DEPTH = 40
MAX_NUMBER = 1e15
MAX_EXPONENT = 100
MAX_RESULT = 1e300

TIME = sympy.Symbol("time", real=True)


class EquationError(CldError):
    """An equation that cannot be read: its variable, the column and what is wrong.

    ``column`` is 1-based (``None`` when the whole equation is at fault), so a
    panel can put a caret under the place.
    """

    def __init__(self, what: str, variable: str = "", column: int | None = None, hint: str = "") -> None:
        self.variable = variable
        self.column = column
        where = variable
        if column is not None:
            where = f"{variable}, column {column}" if variable else f"column {column}"
        super().__init__(what, where, hint)

    def located(self, prefix: str) -> "CldError":  # keep the subclass fields
        err = EquationError(self.what, self.variable, self.column, self.hint)
        err.where = f"{prefix}: {self.where}" if self.where else prefix
        CldError.__init__(err, err.what, err.where, err.hint)
        return err


def symbol(name: str) -> sympy.Symbol:
    """The sympy symbol of a variable written ``name`` in an equation.

    Examples
    --------
    >>> symbol("Adjustment Time")
    adjustment_time
    """
    return sympy.Symbol(equation_name(name), real=True)


# ------------------------------------------------------------------ tokens
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[^\W\d]\w*)
  | (?P<quoted>"[^"\n]*")
  | (?P<op><=|>=|<>|[-+*/^(),<>=])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    kind: str  # number, name, op, end
    text: str
    column: int  # 1-based


_PLAIN_NAME = re.compile(r"[^\W\d]\w*\Z")


def tokenize(text: str, variable: str = "", names: Iterable[str] = ()) -> list[Token]:
    """Split an equation into tokens; anything outside the language is an error.

    ``names`` are the equation names of the diagram's variables: a name with
    other characters than letters, digits and ``_`` (``jobs_(uk)``,
    ``a&e_waits``) is then read as one name where it appears whole.

    Examples
    --------
    >>> [t.text for t in tokenize("a_b*(2.5 - \\"Jobs (UK)\\")")]
    ['a_b', '*', '(', '2.5', '-', 'jobs_(uk)', ')', '']
    """
    if len(text) > MAX_LENGTH:
        raise EquationError(f"the equation is too long ({len(text)} characters, at most {MAX_LENGTH})", variable)
    tokens: list[Token] = []
    special = sorted((n for n in names if n and not _PLAIN_NAME.match(n)), key=len, reverse=True)
    lowered = text.lower()
    pos = 0
    while pos < len(text):
        whole = next((n for n in special if lowered.startswith(n, pos)
                      and not (pos + len(n) < len(text) and (text[pos + len(n)].isalnum()
                                                            or text[pos + len(n)] == "_"))
                      and not (pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] == "_"))), None)
        if whole is not None:
            tokens.append(Token("name", whole, pos + 1))
            pos += len(whole)
            continue
        match = _TOKEN.match(text, pos)
        if match is None:
            char = text[pos]
            hint = ""
            if char == ".":
                hint = "equations have no attribute access"
            elif char in "[]{}:;'`\\@!#$%&|~?":
                hint = "only numbers, names, + - * / ^, comparisons and the listed functions are allowed"
            raise EquationError(f"unexpected character {char!r}", variable, pos + 1, hint)
        kind = match.lastgroup or ""
        token_text = match.group()
        if kind == "name":
            tokens.append(Token("name", token_text.lower(), pos + 1))
        elif kind == "quoted":
            inner = token_text[1:-1]
            if not inner.strip():
                raise EquationError("an empty quoted name", variable, pos + 1)
            tokens.append(Token("name", equation_name(inner), pos + 1))
        elif kind != "space":
            tokens.append(Token(kind, token_text, pos + 1))
        pos = match.end()
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


# ------------------------------------------------------------------ result
@dataclass
class Parsed:
    """A parsed equation: the sympy expression and the names it uses.

    ``names`` maps each variable name (equation form, ``time`` excluded) to the
    column of its first use, so a check can point at it.
    """

    expr: sympy.Expr
    names: dict[str, int] = field(default_factory=dict)
    uses_time: bool = False


# --------------------------------------------------------------- functions
def _min_max(kind: type, args: tuple[sympy.Expr, ...]) -> sympy.Expr:
    # sympy's own simplification of min/max compares every pair of arguments (seconds for a few
    # hundred equations); it only pays off for numbers, so only numbers are simplified.
    if all(a.is_Number for a in args):
        return kind(*args)
    return kind(*args, evaluate=False)


def _if_then_else(cond: sympy.Basic, a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
    return sympy.Piecewise((a, _as_condition(cond)), (b, True))


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

_COMPARISONS = {
    "<": sympy.StrictLessThan,
    "<=": sympy.LessThan,
    ">": sympy.StrictGreaterThan,
    ">=": sympy.GreaterThan,
    "=": sympy.Eq,
    "<>": sympy.Ne,
}
# Binding powers: comparisons bind loosest, then + -, then * /, unary -, then ^.
_INFIX = {"<": 10, "<=": 10, ">": 10, ">=": 10, "=": 10, "<>": 10, "+": 20, "-": 20, "*": 30, "/": 30, "^": 50}
_UNARY = 40


def _is_condition(node: sympy.Basic) -> bool:
    # (a Symbol is a sympy Boolean too, so name the logical classes exactly)
    return isinstance(
        node,
        (sympy.core.relational.Relational, sympy.logic.boolalg.BooleanFunction, sympy.logic.boolalg.BooleanAtom),
    )


def _as_condition(node: sympy.Basic) -> sympy.Basic:
    if _is_condition(node):
        return node
    return sympy.Ne(node, 0)  # a number as a condition: true when not zero


def _as_value(node: sympy.Basic) -> sympy.Expr:
    """A comparison used as a number is 1 when true and 0 when false."""
    if node is sympy.true:
        return sympy.Integer(1)
    if node is sympy.false:
        return sympy.Integer(0)
    if _is_condition(node):
        return sympy.Piecewise((1, node), (0, True))
    return node


# ------------------------------------------------------------------ parser
class _Parser:
    def __init__(self, text: str, variable: str, names: Iterable[str] = ()) -> None:
        self.variable = variable
        self.tokens = tokenize(text, variable, names)
        self.pos = 0
        self.depth = 0
        self.names: dict[str, int] = {}
        self.uses_time = False

    # -- helpers
    def error(self, what: str, token: Token | None = None, hint: str = "") -> EquationError:
        token = token or self.peek()
        return EquationError(what, self.variable, token.column, hint)

    def peek(self) -> Token:
        return self.tokens[self.pos]

    def take(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expect(self, text: str) -> Token:
        token = self.peek()
        if token.kind != "op" or token.text != text:
            found = "the end of the equation" if token.kind == "end" else f"{token.text!r}"
            raise self.error(f"expected {text!r} but found {found}", token)
        return self.take()

    # -- grammar
    def parse(self) -> Parsed:
        if self.peek().kind == "end":
            raise EquationError("the equation is empty", self.variable, 1, "write a number or a formula")
        node = self.expression(0)
        token = self.peek()
        if token.kind != "end":
            raise self.error(f"unexpected {token.text!r}", token, "is an operator missing?")
        expr = _as_value(node)
        _check_result(expr, self.variable)
        return Parsed(expr, dict(self.names), self.uses_time)

    def expression(self, min_power: int) -> sympy.Basic:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"the equation is nested too deeply (at most {MAX_DEPTH} levels)")
        left = self.prefix()
        while True:
            token = self.peek()
            power = _INFIX.get(token.text) if token.kind == "op" else None
            if power is None or power <= min_power:
                break
            self.take()
            if token.text == "^":
                right = self.expression(power - 1)  # right-associative
            else:
                right = self.expression(power)
            left = self.infix(token, left, right)
        self.depth -= 1
        return left

    def prefix(self) -> sympy.Basic:
        token = self.take()
        if token.kind == "number":
            return self.number(token)
        if token.kind == "name":
            if self.peek().kind == "op" and self.peek().text == "(":
                return self.call(token)
            if token.text in FUNCTIONS:
                raise self.error(f"{token.text} is a function: write {FUNCTIONS[token.text].signature}", token)
            if token.text == "time":
                self.uses_time = True
                return TIME
            self.names.setdefault(token.text, token.column)
            return sympy.Symbol(token.text, real=True)
        if token.kind == "op" and token.text == "(":
            node = self.expression(0)
            self.expect(")")
            return node
        if token.kind == "op" and token.text in "-+":
            operand = _as_value(self.expression(_UNARY))
            return -operand if token.text == "-" else operand
        if token.kind == "end":
            raise self.error("the equation ends too soon", token, "a value is missing at the end")
        raise self.error(f"unexpected {token.text!r}", token, "a number, a name or '(' should come here")

    def number(self, token: Token) -> sympy.Expr:
        value = float(token.text)
        if not math.isfinite(value) or abs(value) > MAX_NUMBER:
            raise self.error(f"the number {token.text} is too large (at most {MAX_NUMBER:g})", token)
        if value == 0 and any(c in "123456789" for c in token.text.lower().split("e")[0]):
            raise self.error(f"the number {token.text} is too small to represent", token)
        frac = Fraction(token.text)
        return sympy.Rational(frac.numerator, frac.denominator)

    def call(self, token: Token) -> sympy.Basic:
        func = FUNCTIONS.get(token.text)
        if func is None:
            known = ", ".join(FUNCTIONS)
            raise self.error(f"unknown function {token.text!r}", token, f"the functions are {known}")
        self.expect("(")
        args: list[sympy.Basic] = []
        if not (self.peek().kind == "op" and self.peek().text == ")"):
            while True:
                args.append(self.expression(0))
                if self.peek().kind == "op" and self.peek().text == ",":
                    self.take()
                    continue
                break
        self.expect(")")
        least, most = func.arity
        if not least <= len(args) <= most:
            count = f"{least}" if least == most else f"{least} to {most}"
            raise self.error(
                f"{func.name} takes {count} argument{'s' if most > 1 else ''}, got {len(args)}",
                token, f"write {func.signature}",
            )
        if func.uses_time:
            self.uses_time = True
        if func.name == "smooth":
            delay_time = _as_value(args[1])
            if delay_time.free_symbols - set(self.names_in(args[1])) or delay_time.has(TIME):
                raise self.error("smooth's delay time cannot depend on time", token)
            if delay_time.is_Number and delay_time <= 0:
                raise self.error("smooth's delay time must be positive", token)
        if func.name == "if_then_else":
            built = func.build(args[0], _as_value(args[1]), _as_value(args[2]))
        else:
            built = func.build(*(_as_value(a) for a in args))
        return _checked(built, self, token)

    @staticmethod
    def names_in(node: sympy.Basic) -> list[sympy.Symbol]:
        return [s for s in node.free_symbols if s != TIME]

    def infix(self, token: Token, left: sympy.Basic, right: sympy.Basic) -> sympy.Basic:
        op = token.text
        if op in _COMPARISONS:
            return _COMPARISONS[op](_as_value(left), _as_value(right))
        a, b = _as_value(left), _as_value(right)
        if op == "+":
            built = sympy.Add(a, b)
        elif op == "-":
            built = sympy.Add(a, sympy.Mul(-1, b))
        elif op == "*":
            built = sympy.Mul(a, b)
        elif op == "/":
            if b.is_zero:
                raise self.error("division by zero", token)
            built = sympy.Mul(a, sympy.Pow(b, -1))
        else:
            built = self.power(token, a, b)
        return _checked(built, self, token)

    def power(self, token: Token, base: sympy.Expr, exponent: sympy.Expr) -> sympy.Expr:
        if exponent.is_Number:
            if abs(exponent) > MAX_EXPONENT:
                raise self.error(f"the exponent {exponent} is too large (at most {MAX_EXPONENT})", token)
            if base.is_Number:
                if base == 0 and exponent < 0:
                    raise self.error("division by zero (0 to a negative power)", token)
                if base != 0 and float(abs(exponent)) * math.log10(abs(float(base))) > 300:
                    raise self.error("the result is too large", token)
        elif base.is_Number and abs(base) > 1 and exponent.is_number:
            raise self.error("the exponent is too large", token)
        return sympy.Pow(base, exponent)


def _checked(built: sympy.Basic, parser: _Parser, token: Token) -> sympy.Basic:
    if built.is_Number:
        if built.has(sympy.zoo, sympy.nan, sympy.oo, sympy.S.NegativeInfinity):
            raise parser.error("the result is undefined (division by zero?)", token)
        if built.is_real is False:
            raise parser.error("the result is not a real number", token)
        if abs(built) > MAX_RESULT:
            raise parser.error("the result is too large", token)
    return built


def _check_result(expr: sympy.Basic, variable: str) -> None:
    if expr.has(sympy.zoo, sympy.nan, sympy.oo, sympy.S.NegativeInfinity):
        raise EquationError("the result is undefined (a division by zero or the log of 0?)", variable)
    if expr.has(sympy.I):
        raise EquationError("the result is not a real number (square root or log of a negative number?)", variable)


def parse(text: str, variable: str = "", names: Iterable[str] = ()) -> Parsed:
    """Parse an equation; raise :class:`EquationError` naming ``variable`` and the column.

    ``names`` (the diagram's equation names) lets names with punctuation be written
    as they are (see :func:`tokenize`).

    Examples
    --------
    >>> parse("max(0, stock) / 2").expr
    Max(0, stock)/2
    >>> parse("__import__('os')", variable="Jobs")
    Traceback (most recent call last):
    ...
    cld_editor.sim.expr.EquationError: Jobs, column 12: unexpected character "'" (only numbers, names, + - * / ^, comparisons and the listed functions are allowed)
    """
    if not isinstance(text, str):
        raise EquationError("an equation must be text", variable)
    try:
        return _Parser(text, variable, names).parse()
    except RecursionError:  # sympy's own recursion on a pathological tree
        raise EquationError("the equation is too complex", variable) from None


def parse_number(text: str, variable: str = "") -> float:
    """Parse an equation that must be a plain constant (no names, no time).

    Examples
    --------
    >>> parse_number("2 * 50")
    100.0
    """
    parsed = parse(text, variable)
    if parsed.names or parsed.uses_time:
        raise EquationError("a constant's value must be a number", variable, None, "write e.g. 100")
    return float(parsed.expr)
