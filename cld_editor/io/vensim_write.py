"""Write a diagram as a Vensim ``.mdl`` model with a V300 sketch.

Each variable gets an equation: the solver's equation (its own, or the one
generated from its links) translated to Vensim by :mod:`cld_editor.sim.translate`
(``if_then_else`` -> ``IF THEN ELSE``, ``smooth`` -> ``SMOOTH``, a stock ->
``INTEG(rate, initial)``), unless it has no equation of its own and keeps
the Vensim text it was imported with.  When the diagram cannot be simulated
(an algebraic loop), equations are translated one by one, and a variable
without one gets ``A FUNCTION OF( causes)`` -- the form Vensim itself writes
for a causal-loop diagram.  The sketch has one view
with every variable at its position (shifted so that all are on the page),
every link as an arrow with its polarity code (43 ``+``, 45 ``-``) and delay
mark, loop labels and notes as comments.

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> a = d.new_variable("Births", 0, 0); b = d.new_variable("Population, total", 200, 0, kind="stock")
>>> _ = d.new_link(a.id, b.id, "+"); _ = d.new_link(b.id, a.id, "+", delay=True)
>>> text = write(d).decode("utf-8")
>>> 'INTEG(Births, 1)' in text
True
>>> from cld_editor.io.vensim_read import read
>>> back = read(write(d)).diagram
>>> sorted((l.polarity, l.delay) for l in back.links.values())
[('+', False), ('+', True)]
"""

from __future__ import annotations

import math
import re

from ..core.diagram import Diagram
from ..core.elements import Variable
from ..core.naming import equation_name
from .evidence_notes import notes_with_evidence

HEADER = "\\\\\\---/// Sketch information - do not modify anything except names\n" \
    "V300  Do not put anything below this section - it will be ignored\n"
FONT = "$192-192-192,0,Times New Roman|12||0-0-0|0-0-0|0-0-255|-1--1--1|-1--1--1|96,96,100,0\n"
MARGIN = 60.0
#: Delay type of an arrow: 64 is Vensim's ordinary arrow; a low bit set marks the delay.
PLAIN, DELAYED = 64, 65
FUNCTIONS = {"min": "MIN", "max": "MAX", "abs": "ABS", "exp": "EXP", "ln": "LN", "sqrt": "SQRT",
             "if_then_else": "IF THEN ELSE", "step": "STEP", "pulse": "PULSE", "time": "Time"}
_PLAIN_NAME = re.compile(r"^[^\W\d][\w $']*$")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def vensim_name(name: str) -> str:
    """Quote a name where Vensim needs quotes.

    Examples
    --------
    >>> vensim_name("Birth rate"), vensim_name('Jobs, "good" ones')
    ('Birth rate', '"Jobs, \\\\"good\\\\" ones"')
    """
    name = " ".join(name.split())
    if _PLAIN_NAME.match(name):
        return name
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_vensim(equation: str, names: dict[str, str]) -> str:
    """Translate an equation of the program's language to Vensim.

    Examples
    --------
    >>> to_vensim("if_then_else(time > 5, birth_rate * 2, 0)", {"birth_rate": "Birth rate"})
    'IF THEN ELSE(Time > 5, Birth rate * 2, 0)'
    """
    def swap(match: re.Match) -> str:
        word = match.group(0)
        if word in names:
            return vensim_name(names[word])
        return FUNCTIONS.get(word, word)

    out, pos = [], 0
    for match in re.finditer(r"\d+\.?\d*(?:[eE][-+]?\d+)?|" + _IDENT.pattern, equation):
        out.append(equation[pos:match.start()])
        token = match.group(0)
        out.append(swap(match) if not token[0].isdigit() else token)
        pos = match.end()
    out.append(equation[pos:])
    return "".join(out).replace("==", "=").replace("!=", "<>")


def _number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _equation(d: Diagram, var: Variable, names: dict[str, str], solved: dict[str, str] | None = None) -> str:
    causes = [vensim_name(d.variables[lk.source].name) for lk in d.links_into(var.id)]
    original = var.extra.get("vensim_equation") if isinstance(var.extra, dict) else None
    if solved is not None and (var.equation or not (isinstance(original, str) and original.strip())):
        # The solver's own equation (the user's or the generated one), as our runs use it.
        return f"\n\t{solved[var.id]}"
    if var.equation:
        rate = to_vensim(var.equation, names)
        if var.kind == "stock":
            initial = to_vensim(_number(var.initial), names) if var.initial is not None else "0"
            return f"INTEG (\n\t{rate},\n\t\t{initial})"
        return f"\n\t{rate}"
    if isinstance(original, str) and original.strip():
        return " " + original
    return " A FUNCTION OF( " + ",".join(causes) + ")"


def _one_line(text: str) -> str:
    return " ".join(str(text).replace("|", "/").replace("~", "-").split())


def write(diagram: Diagram) -> bytes:
    """Return the ``.mdl`` text of ``diagram`` (UTF-8, marked ``{UTF-8}``)."""
    d = diagram
    names = {equation_name(v.name): v.name for v in d.variables.values()}
    from ..sim.translate import vensim_equations  # None when the diagram cannot be simulated

    solved = vensim_equations(d)
    out = ["{UTF-8}\n"]
    for var in sorted(d.variables.values(), key=lambda v: v.name.casefold()):
        out.append(f"{vensim_name(var.name)}={_equation(d, var, names, solved)}\n")
        out.append(f"\t~\t{_one_line(var.units)}\n\t~\t{_one_line(notes_with_evidence(d, var))}\n\t|\n\n")
    sim = d.simulation
    out.append("********************************************************\n\t.Control\n"
               "********************************************************~\n\t\tSimulation Control Parameters\n\t|\n\n")
    for name, value, doc in (("FINAL TIME", sim.stop, "The final time for the simulation."),
                             ("INITIAL TIME", sim.start, "The initial time for the simulation."),
                             ("SAVEPER", sim.save_every if sim.save_every else sim.dt,
                              "The frequency with which output is stored."),
                             ("TIME STEP", sim.dt, "The time step for the simulation.")):
        out.append(f"{name}  = {_number(value)}\n\t~\t\n\t~\t{doc}\n\t|\n\n")
    out.append(HEADER + "*View 1\n" + FONT)
    out.extend(_sketch(d))
    out.append("///---\\\\\\\n:L<%^E!@\n9:Current\n15:0,0,0,0,0,0\n19:100,0\n")
    return "".join(out).replace("\n", "\r\n").encode("utf-8")


def _sketch(d: Diagram) -> list[str]:
    xs = [v.x for v in d.variables.values()] + [e.x for e in d.loop_labels.values()] + \
        [n.x for n in d.notes.values()]
    ys = [v.y for v in d.variables.values()] + [e.y for e in d.loop_labels.values()] + \
        [n.y for n in d.notes.values()]
    dx = MARGIN - min(xs, default=0.0)
    dy = MARGIN - min(ys, default=0.0)
    lines: list[str] = []
    ids: dict[str, int] = {}
    pos: dict[str, tuple[int, int]] = {}
    number = 0
    for var in d.variables.values():
        number += 1
        ids[var.id] = number
        x, y = round(var.x + dx), round(var.y + dy)
        pos[var.id] = (x, y)
        if var.kind == "stock":
            w, h, shape = 40, 20, 3
        else:
            w, h, shape = max(20, round(len(var.name) * 3.3)), 11, 8
        lines.append(f"10,{number},{_sketch_name(var.name)},{x},{y},{w},{h},{shape},3,0,0,-1,0,0,0\n")
    for link in d.links.values():
        number += 1
        (x1, y1), (x2, y2) = pos[link.source], pos[link.target]
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        length = math.hypot(x2 - x1, y2 - y1)
        if length:  # the arc's middle, on the left of travel as the canvas bends it
            mx += (y2 - y1) * link.curvature
            my -= (x2 - x1) * link.curvature
        code = _polarity_code(link.polarity, link.label)
        hasf = 2 if code else 0
        dtype = DELAYED if link.delay else PLAIN
        lines.append(f"1,{number},{ids[link.source]},{ids[link.target]},1,0,{code},0,{hasf},{dtype},0,"
                     f"-1--1--1,,1|({round(mx)},{round(my)})|\n")
    for label in d.loop_labels.values():
        number += 1
        lines.append(f"12,{number},0,{round(label.x + dx)},{round(label.y + dy)},15,15,4,7,0,0,-1,0,0,0\n"
                     f"{_loop_text(label.code, label.name)}\n")
    for note in d.notes.values():
        number += 1
        width = round(note.width / 2) if note.width else 60
        lines.append(f"12,{number},0,{round(note.x + dx)},{round(note.y + dy)},{width},20,8,4,0,0,-1,0,0,0\n"
                     f"{_one_line(note.text)}\n")
    return lines


def _loop_text(code: str, title: str) -> str:
    """A loop label's comment: ``R1 Engine of growth`` (a title needs a numbered code to be read back)."""
    code = _one_line(code) or "R"
    title = _one_line(title)
    if title and not code[1:].isdigit():
        return code
    return f"{code} {title}".strip()


def _sketch_name(name: str) -> str:
    name = " ".join(name.split())
    if any(ch in name for ch in ',"\\'):
        return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return name


def _polarity_code(polarity: str, label: str) -> int:
    if len(label) == 1 and 32 < ord(label) < 127:
        from .vensim_read import polarity_of

        if polarity_of(ord(label))[0] == polarity:
            return ord(label)
    return {"+": 43, "-": 45}.get(polarity, 0)
