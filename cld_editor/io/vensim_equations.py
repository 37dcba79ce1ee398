"""The equation section of a Vensim ``.mdl`` file, read as text (never evaluated).

Each entry is ``name = expression ~ units ~ comment |``.  A backslash at the
end of a line continues it; names may be quoted (``"a, b"``); ``{...}`` is a
comment; macros (``:MACRO:`` ... ``:END OF MACRO:``) and subscript ranges are
recognised and left out.  Names compare as Vensim compares them: ignoring
case, with every run of spaces and underscores as one space (:func:`vensim_key`).

Examples
--------
>>> eqs = parse_equations('''{UTF-8}
... Stock= INTEG (
... \\tinflow - outflow,
... \\t\\t100)
... \\t~\\tPeople [0,?]
... \\t~\\tHow many. \\\\
... \\t\\tStill the comment.
... \\t|
... ''')
>>> e = eqs.entries[0]
>>> e.name, e.expression, e.units, e.comment
('Stock', 'INTEG ( inflow - outflow, 100)', 'People', 'How many. Still the comment.')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_RUNS = re.compile(r"[\s_]+")
_CONTINUATION = re.compile(r"\\\s*\n\s*")
_MACRO = re.compile(r":MACRO:.*?:END OF MACRO:", re.IGNORECASE | re.DOTALL)


def vensim_key(name: str) -> str:
    """How Vensim compares names: case-insensitive, runs of spaces/underscores as one space.

    Examples
    --------
    >>> vensim_key('"Teacup_Temperature"') == vensim_key("teacup   temperature")
    True
    """
    name = name.strip()
    if len(name) >= 2 and name[0] == '"' and name[-1] == '"':
        name = name[1:-1]
    return _RUNS.sub(" ", name).strip().casefold()


@dataclass
class Entry:
    """One equation: the name, what follows its ``=`` (as written) and the documentation."""

    name: str
    operator: str
    expression: str
    units: str = ""
    comment: str = ""
    subscripts: str = ""


@dataclass
class Equations:
    """All entries, plus what was left out (counted for the import's warnings)."""

    entries: list[Entry] = field(default_factory=list)
    macros: int = 0
    subscript_ranges: int = 0
    subscripted: set[str] = field(default_factory=set)

    def by_key(self) -> dict[str, Entry]:
        """The first entry of every name, by :func:`vensim_key`."""
        out: dict[str, Entry] = {}
        for entry in self.entries:
            out.setdefault(vensim_key(entry.name), entry)
        return out


def _split_outside(text: str, sep: str) -> list[str]:
    """Split at ``sep`` outside double quotes and ``{}`` comments."""
    parts, current, quoted, depth = [], [], False, 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and quoted and i + 1 < len(text):
            current.append(text[i:i + 2])
            i += 2
            continue
        if ch == '"' and depth == 0:
            quoted = not quoted
        elif not quoted and ch == "{":
            depth += 1
        elif not quoted and ch == "}" and depth:
            depth -= 1
        if ch == sep and not quoted and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def _one_line(text: str) -> str:
    return " ".join(text.split())


_LHS = re.compile(r'^\s*("(?:[^"\\]|\\.)*"|[^=(\[:<"]+?)\s*(\[[^\]]*\])?\s*'
                  r'(?::(?:EXCEPT|INTERPOLATE|RAW|HOLD BACKWARD|LOOK FORWARD):\s*(?:\[[^\]]*\]\s*,?\s*)*)?'
                  r'(:=|==|=|\(|:|<->|$)', re.DOTALL | re.IGNORECASE)


def parse_entry(block: str) -> Entry | None:
    """Parse one ``|``-terminated block; ``None`` for group headers and blanks."""
    pieces = _split_outside(block, "~")
    head = _CONTINUATION.sub(" ", pieces[0]).strip()
    if not head or head.startswith("*"):
        return None
    match = _LHS.match(head)
    if not match:
        return None
    name, subs, op = match.group(1).strip(), match.group(2) or "", match.group(3)
    if not op and len(pieces) < 2:
        return None  # neither an equation nor a declared (data) variable: stray text
    rest = head[match.end():]
    if op == "(":  # a lookup written without "=": name( (x,y)... )
        rest = "(" + rest
    units = _one_line(_CONTINUATION.sub(" ", pieces[1])) if len(pieces) > 1 else ""
    units = units.split("[", 1)[0].strip()
    comment = _one_line(_CONTINUATION.sub(" ", "~".join(pieces[2:]))) if len(pieces) > 2 else ""
    if name.startswith('"') and name.endswith('"') and len(name) >= 2:
        name = name[1:-1].replace('\\"', '"')
    return Entry(name, op, _one_line(rest), units, comment, subs)


def parse_equations(text: str) -> Equations:
    """Parse the equation section (the text before the sketch)."""
    out = Equations()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("{UTF-8}"):
        text = text[len("{UTF-8}"):]
    out.macros = len(_MACRO.findall(text))
    text = _MACRO.sub("", text)
    for block in _split_outside(text, "|"):
        entry = parse_entry(block)
        if entry is None:
            continue
        if entry.operator == ":" or entry.operator == "<->":
            out.subscript_ranges += 1
            continue
        if entry.subscripts:
            out.subscripted.add(vensim_key(entry.name))
        out.entries.append(entry)
    return out
