"""Atheris harness for the equation parser, cld_editor/sim/expr.py (a run by hand).

    pip install atheris
    python tests/fuzz/fuzz_expr.py -max_total_time=600

Every text must parse or raise our CldError (an EquationError), and parsing
must never hand text to eval/exec or to sympy's string parser: both are
replaced by tripwires for the run.
"""

from __future__ import annotations

import builtins
import re
import sys
from pathlib import Path

from _common import corpus_arguments, limit_memory

CORPUS = Path(__file__).resolve().parent / ".corpus" / "expr"
SEEDS = {
    "arith": b"births - deaths * (1 + growth_rate) ^ 2",
    "funcs": b"if_then_else(time > 5, min(a, b), max(abs(c), sqrt(d)))",
    "delay": b"smooth(input, 3) + step(10, 2) + pulse(1, 2) + ramp(1, 2, 3) + exp(ln(x))",
    "quoted": b'"Jobs (UK)" / 1e3 <> 2',
    "bomb": b"9^9^9^9",
}


def _tripwire(name: str, real, text: str):
    """Refuse eval/exec of anything that carries a piece of the equation text.

    sympy itself builds and execs small helper functions (its polynomial code
    does); those carry none of our text and still run.  The import system
    execs code objects, which also pass.
    """
    pieces = [p for p in re.findall(r"[A-Za-z_][A-Za-z_0-9]{5,}", text) if p not in _SYMPY_WORDS]

    def guarded(source=None, *args, **kwargs):
        if isinstance(source, bytes):
            source = source.decode("utf-8", "replace")
        if isinstance(source, str) and (text.strip() and text.strip() in source or any(p in source for p in pieces)):
            raise AssertionError(f"{name} was called on the equation text: {source[:80]!r}")
        return real(source, *args, **kwargs)
    return guarded


# Words sympy's own generated code uses; an equation naming them proves nothing.
_SYMPY_WORDS = {"monomial", "return", "lambda", "import", "numpy", "sympy", "mpmath", "global", "_lambdifygenerated"}


def main() -> None:
    import atheris

    with atheris.instrument_imports(include=["cld_editor"]):
        import sympy.parsing.sympy_parser as sympy_parser

        from cld_editor.core.errors import CldError
        from cld_editor.sim.expr import parse

    def test_one_input(data: bytes) -> None:
        text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(4000)
        saved = builtins.eval, builtins.exec, sympy_parser.parse_expr
        builtins.eval, builtins.exec = _tripwire("eval", saved[0], text), _tripwire("exec", saved[1], text)
        sympy_parser.parse_expr = _tripwire("sympy's parse_expr", saved[2], text)
        try:
            parse(text, "fuzz")
        except CldError:
            pass
        finally:
            builtins.eval, builtins.exec, sympy_parser.parse_expr = saved

    # sympy imports parts of itself lazily, and those run its own string parser once:
    # load them before the tripwires are set.
    import sympy.physics.units  # noqa: F401

    for seed in SEEDS.values():
        try:
            parse(seed.decode(), "seed")
        except CldError:
            pass
    limit_memory()
    atheris.Setup(corpus_arguments(sys.argv, CORPUS, SEEDS), test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
