"""The equation parser never runs text and never blows up: a property-based fuzz of sim/expr.py.

Equations come from files, so random token soups and random unicode go through
``parse``: only a parsed equation or our own error may come out, and while it
runs eval, exec and sympy's string parser are tripwired (a call carrying any
piece of the equation text fails the test).
"""

from __future__ import annotations

import builtins
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cld_editor.core.errors import CldError

expr = pytest.importorskip("cld_editor.sim.expr")
sympy_parser = pytest.importorskip("sympy.parsing.sympy_parser")

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), database=None)
TOKENS = ["1", "0", "2.5", "1e3", "1e999", "9", "x", "births", "time", "__import__", "os", "system", "lambda",
          "(", ")", "+", "-", "*", "/", "^", "**", ",", "<", "<=", ">", ">=", "=", "<>", "==", "min", "max", "abs",
          "exp", "ln", "sqrt", "if_then_else", "step", "pulse", "ramp", "smooth", '"Jobs (UK)"', "'", ";", "[", "]",
          ".", "__class__", "eval", "exec", "\\", "\n", " ", "\x00", "é"]


class Tripwire:
    """Replace eval/exec/parse_expr by wrappers that fail when handed a piece of ``text``."""

    def __init__(self, text: str) -> None:
        self.pieces = [p for p in re.findall(r"[A-Za-z_][A-Za-z_0-9]{5,}", text)] + ([text] if len(text) > 3 else [])
        self.saved = builtins.eval, builtins.exec, sympy_parser.parse_expr

    def _guard(self, name: str, real):
        def guarded(source=None, *args, **kwargs):
            shown = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
            if isinstance(shown, str) and any(p in shown for p in self.pieces):
                raise AssertionError(f"{name} was handed equation text: {shown[:80]!r}")
            return real(source, *args, **kwargs)
        return guarded

    def __enter__(self) -> "Tripwire":
        builtins.eval = self._guard("eval", self.saved[0])
        builtins.exec = self._guard("exec", self.saved[1])
        sympy_parser.parse_expr = self._guard("parse_expr", self.saved[2])
        return self

    def __exit__(self, *exc) -> None:
        builtins.eval, builtins.exec, sympy_parser.parse_expr = self.saved


@pytest.fixture(scope="module", autouse=True)
def _warm_sympy():
    # sympy loads parts of itself lazily and those run its own string parser once.
    import sympy.physics.units  # noqa: F401

    for text in ("a < b", "if_then_else(a > 1, 2, 3)", "smooth(a, 2) + ramp(1, 2, 3) + pulse(1, 2)"):
        try:
            expr.parse(text, "warm")
        except CldError:
            pass


def check(text: str) -> None:
    with Tripwire(text):
        try:
            parsed = expr.parse(text, "fuzz")
        except CldError as exc:
            assert str(exc)
            return
    assert parsed.expr is not None


@FUZZ
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_token_soup(text):
    check(text)


@FUZZ
@given(st.text(max_size=300))
def test_random_text(text):
    check(text)


@pytest.mark.parametrize("text", [
    "__import__('os').system('touch pwned')",
    "().__class__.__bases__[0].__subclasses__()",
    "lambda: 1",
    "exec('print(1)')",
    "9^9^9^9^9",
    "(" * 10_000 + "1" + ")" * 10_000,
    "1" * 5000,
    "x" * 100_000,
])
def test_hostile_equations_are_refused_without_running(text, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with Tripwire(text):
        with pytest.raises(CldError):
            expr.parse(text, "hostile")
    assert list(tmp_path.iterdir()) == []
