"""The equation parser: the language, its bounds, hostile text and random text."""

from __future__ import annotations

import pytest
import sympy
from hypothesis import given, settings, strategies as st

from cld_editor.core.errors import CldError
from cld_editor.sim.expr import MAX_LENGTH, EquationError, parse, parse_number, tokenize
from cld_editor.sim.functions import Smooth
from cld_editor.sim.printer import to_text

a, b, c = (sympy.Symbol(n, real=True) for n in "abc")
T = sympy.Symbol("time", real=True)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1 + 2 * 3", 7),
        ("2 ^ 3 ^ 2", 512),  # right-associative
        ("-2 ^ 2", -4),  # unary minus binds looser than ^
        ("(1 + 2) * 3", 9),
        ("10 / 4", sympy.Rational(5, 2)),
        ("2.5e1", 25),
        ("a - b - c", a - b - c),
        ("a / b / c", a / (b * c)),
        ("min(a, b, 3)", sympy.Min(a, b, 3)),
        ("max(a, 0)", sympy.Max(a, 0)),
        ("abs(a) + exp(b) + ln(c) + sqrt(a)", sympy.Abs(a) + sympy.exp(b) + sympy.log(c) + sympy.sqrt(a)),
        ("if_then_else(a > 1, b, c)", sympy.Piecewise((b, a > 1), (c, True))),
        ("(a >= b) * 3", 3 * sympy.Piecewise((1, a >= b), (0, True))),
        ("step(5, 2)", sympy.Piecewise((5, T >= 2), (0, True))),
        ("smooth(a, 3)", Smooth(a, 3)),
        ("A_B + a_b", 2 * sympy.Symbol("a_b", real=True)),  # names are case-insensitive
        ('"Adjustment  Time" * 2', 2 * sympy.Symbol("adjustment_time", real=True)),
    ],
)
def test_language(text, expected):
    assert sympy.simplify(parse(text).expr - expected) == 0


def test_names_and_time_are_recorded_with_columns():
    parsed = parse("births - deaths * time")
    assert parsed.names == {"births": 1, "deaths": 10}
    assert parsed.uses_time


@pytest.mark.parametrize("t, value", [(0.5, 0), (1, 1), (2.9, 1), (3, 0)])
def test_pulse_is_one_for_its_width(t, value):
    assert parse("pulse(1, 2)").expr.subs(T, t) == value


@pytest.mark.parametrize("t, value", [(0, 0), (2, 0), (4, 4), (10, 6)])
def test_ramp(t, value):
    assert parse("ramp(2, 2, 5)").expr.subs(T, t) == value


@pytest.mark.parametrize(
    "text, column, words",
    [
        ("a +", 4, "ends too soon"),
        ("a b", 3, "unexpected"),
        ("(a + b", 7, "expected ')'"),
        ("a $ b", 3, "unexpected character"),
        ("min(a)", 1, "min takes 2 to 20"),
        ("foo(a)", 1, "unknown function"),
        ("min", 1, "is a function"),
        ("1/0", 2, "division by zero"),
        ("", 1, "empty"),
    ],
)
def test_errors_name_the_variable_and_column(text, column, words):
    with pytest.raises(EquationError) as info:
        parse(text, "Waiting list")
    err = info.value
    assert err.column == column and err.variable == "Waiting list"
    assert words in str(err) and str(err).startswith("Waiting list, column")


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('echo hacked')",
        "a.__class__",
        "lambda: 1",
        "(lambda x: x)(1)",
        "open('/etc/passwd')",
        "[1, 2]",
        "{'a': 1}",
        "a if b else c",
        "exec('1')",
        "eval('1')",
        "9^9^9^9",
        "10^1000",
        "(2^100)^100",
        "2^(2^(2^(2^9)))",
        "1e999",
        "x^1e10",
        "sqrt(-1)",
        "ln(0)",
        "a;b",
        "a[0]",
        "a @ b",
        "`a`",
    ],
)
def test_hostile_equations_are_refused(text):
    with pytest.raises(EquationError):
        parse(text, "Jobs")


def test_length_and_depth_are_bounded():
    with pytest.raises(EquationError, match="too long"):
        parse("1+" * MAX_LENGTH + "1")
    with pytest.raises(EquationError, match="nested too deeply"):
        parse("(" * 200 + "1" + ")" * 200)
    with pytest.raises(EquationError, match="nested too deeply"):
        parse("-" * 500 + "1")


def test_parse_number():
    assert parse_number("2 * 50") == 100.0
    with pytest.raises(EquationError, match="must be a number"):
        parse_number("a + 1", "Goal")


def test_tokenizer_reads_quoted_names():
    assert [t.text for t in tokenize('"Jobs (UK)" + 1')] == ["jobs_(uk)", "+", "1", ""]


@pytest.mark.parametrize(
    "text",
    ["a + b*c^2", "-a^2", "if_then_else(a > b, 1, c)", "min(a, b, c) / max(a, 1)", "smooth(a, 4) - b",
     "pulse(1, 2) + step(3, 4) + ramp(1, 0, 5)", "(a - b)^-2", "0.02*a", "a <> b", "exp(-a/3)"],
)
def test_printed_text_parses_back_to_the_same_expression(text):
    expr = parse(text).expr
    assert sympy.simplify(parse(to_text(expr)).expr - expr) == 0


ALPHABET = "abct0123456789.+-*/^()<>=, _e\"'x$[]" + "minaxbsqrtlnpifhelsmooth"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_random_text_gives_an_expression_or_a_clean_error(text):
    try:
        parsed = parse(text, "V")
    except EquationError as err:
        assert isinstance(err, CldError) and err.variable == "V"
        return
    assert isinstance(parsed.expr, sympy.Basic)


TOKENS = st.sampled_from(["a", "b", "time", "1", "2.5", "9", "+", "-", "*", "/", "^", "(", ")", ",", "<", ">=",
                          "min(", "max(", "exp(", "ln(", "sqrt(", "if_then_else(", "step(", "smooth(", "abs("])


@settings(max_examples=400, deadline=None)
@given(st.lists(TOKENS, max_size=40))
def test_random_token_soup_gives_an_expression_or_a_clean_error(tokens):
    try:
        parsed = parse(" ".join(tokens), "V")
    except EquationError:
        return
    assert isinstance(parsed.expr, sympy.Basic)
