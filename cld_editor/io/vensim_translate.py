"""Turn a Vensim expression into the program's equation language, where it can be said there.

The program's language (docs/architecture.md, "Equations in the file") has numbers,
``+ - * / ^``, parentheses, comparisons, ``time`` and the functions ``min max
abs exp ln sqrt if_then_else step pulse``; a variable is written
:func:`~cld_editor.core.naming.equation_name`-style.  Anything else (lookups,
DELAY3, subscripts, :AND:...) makes :func:`translate` return ``None``: the
Vensim text is then kept only as a note for the user and the solver.

Examples
--------
>>> names = {"teacup temperature": "Teacup Temperature", "room temperature": "Room Temperature"}
>>> text, refs = translate("(Teacup_Temperature - Room Temperature) / 10", names)
>>> text, sorted(refs)
('(teacup_temperature - room_temperature) / 10', ['room temperature', 'teacup temperature'])
>>> translate("IF THEN ELSE(Time > 5, 1, 0)", names)
('if_then_else(time > 5, 1, 0)', set())
>>> translate("DELAY3(Room Temperature, 3)", names) is None
True
"""

from __future__ import annotations

import re
from typing import Mapping

from ..core.naming import equation_name
from .vensim_equations import vensim_key

FUNCTIONS = {
    "min": "min", "max": "max", "abs": "abs", "exp": "exp", "ln": "ln", "sqrt": "sqrt",
    "if then else": "if_then_else", "step": "step", "pulse": "pulse",
    "smooth": "smooth",  # SMOOTH(input, delay time): the solver's first-order delay
}

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
    | (?P<quoted>"(?:[^"\\]|\\.)*")
    | (?P<name>[^\W\d][\w $'&%]*)
    | (?P<op><=|>=|<>|[-+*/^(),<>=])
    )""",
    re.VERBOSE,
)


def translate(expression: str, names: Mapping[str, str]) -> tuple[str, set[str]] | None:
    """Return ``(equation, referenced variable keys)`` or ``None`` if it cannot be said.

    ``names`` maps :func:`vensim_key` of each known variable to its name in the diagram.
    """
    out: list[str] = []
    refs: set[str] = set()
    pos, n = 0, len(expression)
    while pos < n:
        match = _TOKEN.match(expression, pos)
        if not match or match.end() == pos:
            if expression[pos:].strip() == "":
                break
            return None
        pos = match.end()
        kind = match.lastgroup
        text = match.group(kind)
        if kind == "num":
            out.append(text)
        elif kind == "op":
            if text in ("=", "<>"):
                return None  # equality tests differ between the languages
            out.append(text)
        else:
            raw = text[1:-1] if kind == "quoted" else text.rstrip()
            key = vensim_key(raw)
            following = expression[pos:].lstrip()
            if following.startswith("(") and kind == "name":
                func = FUNCTIONS.get(key)
                if func is None:
                    return None
                out.append(func)
            elif key == "time":
                out.append("time")
            elif key in names:
                refs.add(key)
                out.append(equation_name(names[key]))
            else:
                return None
    if not out:
        return None
    return _spaced(out), refs


def _spaced(tokens: list[str]) -> str:
    """Join tokens the way a person writes them: ``a * (b - 1)``, ``max(a, -b)``."""
    text = ""
    prev = ""
    for tok in tokens:
        if not text or tok in "),":
            text += tok
        elif prev == "(" or (prev in "+-" and _unary_at(text)):
            text += tok
        elif tok == "(" and (prev[:1].isalpha() or prev == "_"):
            text += tok  # a function call
        else:
            text += " " + tok
        if tok == ",":
            text += " "
            tok = ","
        prev = tok
    return re.sub(r"\s+", " ", text).strip()


def _unary_at(text: str) -> bool:
    """Is the sign that ends ``text`` a unary one (after an operator or at the start)?"""
    before = text[:-1].rstrip()
    return not before or before[-1] in "(,*/^<>=+-"


def split_arguments(text: str) -> list[str]:
    """Split ``"a, (b, c), d"`` at top-level commas.

    Examples
    --------
    >>> split_arguments("x + MAX(a, b), 100")
    ['x + MAX(a, b)', '100']
    """
    parts, depth, current, quoted = [], 0, [], False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "([":
            depth += 1
        elif not quoted and ch in ")]":
            depth -= 1
        if ch == "," and depth == 0 and not quoted:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return parts
