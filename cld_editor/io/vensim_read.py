"""Read Vensim ``.mdl`` models (sketch formats V300+ and V160) as causal-loop diagrams.

The import rules are those of docs/architecture.md, "Import rules", so that every reader
of a file sees the same loops:

* variables are the sketch's variable objects; the same name in several views
  (a shadow) is one variable, names compared as :func:`vensim_key` does;
* every arrow between two variables is a link; its polarity field is the
  ASCII code of the sign: 43 ``+``, 45 ``-``, 0 ``?``; ``S`` (same) counts as
  ``+`` and ``O`` (opposite) as ``-``; any other mark (digits, letters) is kept
  as the link's label and read as ``?``; the delay mark (the low bits of the
  arrow's delay field) is kept;
* a valve stands for the flow variable drawn on it; a valve with none is a
  flow variable of its own; a pipe from a valve to a stock is a link
  flow -> stock, ``+`` where its arrowhead fills the stock (shape 4) and ``-``
  where it drains it (shape 100); clouds, comments and pipes to clouds are
  not variables; comments reading R1, B2... become loop labels;
* positions come from the sketch (later views are placed below earlier ones);
  equations are kept as written in ``Variable.extra["vensim_equation"]`` and,
  where the program's language can say them, also as ``Variable.equation``.

A file with no sketch gets its links from the names each equation uses.

Examples
--------
>>> mdl = b'''{UTF-8}
... Population = INTEG(births, 100) ~ people ~ |
... births = Population * 0.1 ~ people/year ~ |
... \\\\\\\\\\\\---/// Sketch information - do not modify anything except names
... V300  Do not put anything below this section - it will be ignored
... *View 1
... $192-192-192,0,Times New Roman|12||0-0-0|0-0-0|0-0-255|-1--1--1|-1--1--1|96,96,100,0
... 10,1,Population,275,69,40,20,3,3,0,0,0,0,0,0
... 12,2,48,91,71,8,8,0,3,0,0,-1,0,0,0
... 1,3,5,1,4,0,0,22,0,0,0,-1--1--1,,1|(204,71)|
... 1,4,5,2,100,0,0,22,0,0,0,-1--1--1,,1|(130,71)|
... 11,5,48,167,71,6,8,34,3,0,0,1,0,0,0
... 10,6,births,167,90,19,11,40,3,0,0,-1,0,0,0
... 1,7,1,5,1,0,43,0,2,64,0,-1--1--1,,1|(203,31)|
... ///---\\\\\\\\\\\\
... '''
>>> result = read(mdl)
>>> d = result.diagram
>>> sorted((d.variables[l.source].name, d.variables[l.target].name, l.polarity) for l in d.links.values())
[('Population', 'births', '+'), ('births', 'Population', '+')]
>>> d.variable_by_name("Population").kind, d.variable_by_name("births").equation
('stock', 'population * 0.1')
"""

from __future__ import annotations

import math
import re

from ..core.elements import LoopLabel, Note, SimulationSettings
from ..core.errors import CldError, FileFormatError
from ..core.naming import name_key
from ..core.words import plural, verb
from .build import DiagramBuilder
from .evidence_notes import read_evidence_notes
from .result import ImportResult
from .vensim_equations import Entry, Equations, parse_equations, vensim_key
from .vensim_sketch import ATTACHED, COMMENT, VALVE, VARIABLE, View, parse_sketch
from .vensim_translate import split_arguments, translate

SKETCH_MARKER = "\\\\\\---///"
# R, B, R1, "B2\nTitle", "R3 Title" (a title on the same line needs the number).
_LOOP_LABEL = re.compile(r"^\s*([RB])(?:(\d*)[ \t]*(?:\n\s*(.*))?|(\d+)[ \t]+(.+))$", re.DOTALL)
_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
_CONTROL = {"initial time", "final time", "time step", "saveper"}
VIEW_GAP = 150.0


def polarity_of(code: int) -> tuple[str, str]:
    """Return ``(polarity, label)`` for an arrow's polarity field.

    Examples
    --------
    >>> polarity_of(43), polarity_of(45), polarity_of(0), polarity_of(ord("S")), polarity_of(ord("1"))
    (('+', ''), ('-', ''), ('?', ''), ('+', 'S'), ('?', '1'))
    """
    if code == 43:
        return "+", ""
    if code == 45:
        return "-", ""
    if code <= 32 or code > 126:
        return "?", ""
    mark = chr(code)
    if mark in "Ss":
        return "+", mark
    if mark in "Oo":
        return "-", mark
    return "?", mark


def decode_mdl(data: bytes, source: str = "") -> str:
    """Decode an ``.mdl`` file: UTF-8 after a ``{UTF-8}`` marker, else the Windows code page."""
    if b"\x00" in data[:65536]:
        raise FileFormatError("this is a binary file, not a Vensim text model", source,
                              "save the model as a .mdl text file in Vensim")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.lstrip().startswith(b"{UTF-8}"):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FileFormatError(f"the file says it is UTF-8 but byte {exc.start} is not",
                                  source, "re-save it from Vensim") from None
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read(data: bytes, source: str = "") -> ImportResult:
    """Read a Vensim ``.mdl`` model.

    Raises
    ------
    FileFormatError
        When the file is not a Vensim text model.
    """
    text = decode_mdl(data, source)
    cut = text.find(SKETCH_MARKER)
    equations = parse_equations(text if cut < 0 else text[:cut])
    views = parse_sketch(text[cut:], text.count("\n", 0, cut) + 1) if cut >= 0 else []
    problems = [p for view in views for p in view.problems]
    drawn = any(v.objects for v in views)
    if not equations.entries and not drawn:
        if problems:
            _refuse_unreadable_sketch(problems, source)
        raise FileFormatError("no equations and no sketch found: this is not a Vensim model", source,
                              "open a .mdl file saved by Vensim")
    title = source.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0] if source else ""
    builder = DiagramBuilder(title, source)
    builder.fields_for = _kinds(equations)
    try:
        if drawn:
            _from_sketch(builder, views)
            if problems:
                builder.warn(f"{plural(len(problems), 'sketch line')} could not be read and "
                             f"{verb(len(problems), 'was')} left out: {_lines(problems)}")
        else:
            _from_equations(builder, equations)
            if problems and not builder.diagram.links:
                _refuse_unreadable_sketch(problems, source)
            builder.warn(f"the sketch could not be read ({_lines(problems)}), so the links come from the "
                         "names each equation uses" if problems else
                         "the file has no sketch, so the links come from the names each equation uses")
        _equations(builder, equations)
    except CldError as exc:
        raise FileFormatError(exc.what, exc.where or source, exc.hint) from None
    read_evidence_notes(builder.diagram)
    return builder.finish()


def _lines(problems: list[tuple[int, str]], most: int = 3) -> str:
    """``line 12: what is wrong; line 14: ...`` for the first few unreadable sketch lines."""
    shown = "; ".join(f"line {line}: {what}" for line, what in problems[:most])
    return shown + (f"; and {len(problems) - most} more" if len(problems) > most else "")


def _refuse_unreadable_sketch(problems: list[tuple[int, str]], source: str) -> None:
    """Nothing usable remains: no sketch object could be read and the equations give no links."""
    line, what = problems[0]
    others = f" ({plural(len(problems) - 1, 'other line')} too)" if len(problems) > 1 else ""
    raise FileFormatError(
        f"the sketch cannot be read ({what}){others} and the equations give no links, so nothing usable remains",
        f"{source}: line {line}" if source else f"line {line}",
        "re-save the model from Vensim, or correct that line")


# --------------------------------------------------------------- sketch
def _from_sketch(b: DiagramBuilder, views: list[View]) -> None:
    offset = 0.0
    placed: set[str] = set()
    stats = {"others": 0, "orphans": 0}
    for view in views:
        if not view.objects:
            continue
        top = min(o.y for o in view.objects.values())
        bottom = max(o.y for o in view.objects.values())
        shift = offset - top if offset else 0.0
        nodes = _nodes(b, view, shift, placed)
        _arrows(b, view, nodes, stats)
        for obj in view.objects.values():
            if obj.kind == COMMENT:
                if not _loop_label(b, obj.name, obj.x, obj.y + shift) and obj.name.strip():
                    d = b.diagram
                    d.insert("note", Note(d.new_id("note"), obj.name.strip(), obj.x, obj.y + shift))
        stats["others"] += view.others
        offset = bottom + shift + VIEW_GAP
    b.positioned = True
    shown = [v for v in views if v.objects]
    if len(shown) > 1:
        b.warn(f"the {len(shown)} views were placed one below the other on one canvas")
    if stats["others"]:
        n = stats["others"]
        b.warn(f"{plural(n, 'picture or other sketch object', 'pictures or other sketch objects')} "
               f"{verb(n, 'was')} not carried over")
    if stats["orphans"]:
        n = stats["orphans"]
        b.warn(f"{plural(n, 'arrow')} pointing at objects missing from the sketch {verb(n, 'was')} left out")


def _nodes(b: DiagramBuilder, view: View, shift: float, placed: set[str]) -> dict[str, str]:
    """Map each object id of the view that stands for a variable to the variable's id."""
    nodes: dict[str, str] = {}
    ordered = sorted(view.objects.values(), key=lambda o: o.line)
    valves = [o for o in ordered if o.kind == VALVE]
    attached: dict[str, str] = {}  # valve id -> variable object id
    previous = None
    if view.version < 300:
        # V160 sketches mark no valve-variable attachment: a valve is a variable of its own,
        # named by its name field (as the loop counts of the shared test corpus read them).
        for obj in ordered:
            if obj.kind in (VARIABLE, VALVE):
                vid = b.variable(vensim_key(obj.name), obj.name, obj.x, obj.y + shift)
                nodes[obj.id] = vid
        if valves:
            b.warn(f"{plural(len(valves), 'valve')} of this old (V160) sketch became "
                   f"{'a variable' if len(valves) == 1 else 'variables'} named after their "
                   "name field; flows are not attached to them in that format")
        return nodes
    for obj in ordered:
        if obj.kind == VARIABLE and obj.shape & ATTACHED:
            valve = previous if previous is not None and previous.kind == VALVE and previous.id not in attached \
                else _nearest_free_valve(obj, valves, attached)
            if valve is not None:
                attached[valve.id] = obj.id
        previous = obj
    for obj in ordered:
        if obj.kind == VARIABLE:
            # A shadow (bit 1 clear in V300) gives way to the variable's own position.
            primary = view.version < 300 or bool(obj.bits & 1)
            vid = b.variable(vensim_key(obj.name), obj.name, obj.x, obj.y + shift)
            if primary and vid not in placed:
                placed.add(vid)
                b.diagram.update_variable(vid, x=obj.x, y=obj.y + shift)
            nodes[obj.id] = vid
    for valve in valves:
        if valve.id in attached and attached[valve.id] in nodes:
            nodes[valve.id] = nodes[attached[valve.id]]
        else:
            name = _flow_name(view, valve)
            nodes[valve.id] = b.variable(f"\x00valve {id(view)} {valve.id}", name, valve.x, valve.y + shift)
            b.warn(f'a valve without a flow variable became the variable "{b.diagram.variables[nodes[valve.id]].name}"')
    return nodes


def _nearest_free_valve(obj, valves, attached):
    free = [v for v in valves if v.id not in attached]
    if not free:
        return None
    return min(free, key=lambda v: math.hypot(v.x - obj.x, v.y - obj.y))


def _flow_name(view: View, valve) -> str:
    """A readable name for a valve drawn without a variable: "Flow into Stock"."""
    into = [a.target for a in view.arrows if a.source == valve.id and a.is_pipe and a.shape == 4]
    out = [a.target for a in view.arrows if a.source == valve.id and a.is_pipe and a.shape == 100]
    def named(ids):
        return [view.objects[i].name for i in ids if i in view.objects and view.objects[i].kind == VARIABLE]
    into_names, out_names = named(into), named(out)
    if into_names and out_names:
        return f"Flow from {out_names[0]} to {into_names[0]}"
    if into_names:
        return f"Flow into {into_names[0]}"
    if out_names:
        return f"Flow out of {out_names[0]}"
    return "Flow"


def _arrows(b: DiagramBuilder, view: View, nodes: dict[str, str], stats: dict[str, int]) -> None:
    for arrow in view.arrows:
        src_obj, dst_obj = view.objects.get(arrow.source), view.objects.get(arrow.target)
        if src_obj is None or dst_obj is None:
            stats["orphans"] += 1
            continue
        src, dst = nodes.get(arrow.source), nodes.get(arrow.target)
        if src is None or dst is None:
            continue  # to or from a cloud or a comment
        if src_obj.kind == VALVE and arrow.is_pipe and view.version >= 300:
            polarity = "+" if arrow.shape == 4 else "-" if arrow.shape == 100 else "?"
            label = ""
        else:
            polarity, label = polarity_of(arrow.polarity_code)
        if src == dst and arrow.source != arrow.target and VALVE in (src_obj.kind, dst_obj.kind):
            continue  # a valve and the flow drawn on it are one variable
        b.link(src, dst, polarity, delay=bool(arrow.delay_type & 0x3F), label=label,
               curvature=_curvature(arrow, src_obj, dst_obj))


def _curvature(arrow, src, dst) -> float:
    """How far an arc arrow bends: its drawn middle point's offset, left of travel, per chord length."""
    if arrow.shape != 1 or arrow.point is None or arrow.point == (0.0, 0.0) or src is dst:
        return 0.0
    dx, dy = dst.x - src.x, dst.y - src.y
    chord = dx * dx + dy * dy
    if chord < 1.0:
        return 0.0
    px, py = arrow.point[0] - (src.x + dst.x) / 2, arrow.point[1] - (src.y + dst.y) / 2
    value = (px * dy - py * dx) / chord
    return round(max(-1.0, min(1.0, value)), 3)


def _loop_label(b: DiagramBuilder, text: str, x: float, y: float) -> bool:
    match = _LOOP_LABEL.match(text.strip("\n"))
    if not match:
        return False
    code = match.group(1) + (match.group(2) or match.group(4) or "")
    title = " ".join((match.group(3) or match.group(5) or "").split())
    d = b.diagram
    d.insert("loop_label", LoopLabel(d.new_id("loop_label"), x, y, code=code, name=title))
    return True


# ------------------------------------------------------------ equations
def _from_equations(b: DiagramBuilder, eqs: Equations) -> None:
    entries = [e for e in eqs.entries if vensim_key(e.name) not in _CONTROL]
    for entry in entries:
        b.variable(vensim_key(entry.name), entry.name)
    names = {key: b.diagram.variables[vid].name for key, vid in b.keys.items()}
    for entry in entries:
        target = b.keys[vensim_key(entry.name)]
        for key, sign in _references(entry, names):
            b.link(b.keys[key], target, sign)


def _references(entry: Entry, names: dict[str, str]) -> list[tuple[str, str]]:
    """Names an equation uses (with the sign A FUNCTION OF gives, else ``?``)."""
    expr = entry.expression
    found: list[tuple[str, str]] = []
    if expr.upper().startswith("A FUNCTION OF"):
        inner = expr[expr.find("(") + 1: expr.rfind(")")]
        for arg in split_arguments(inner):
            sign = "-" if arg.startswith("-") else "?"
            key = vensim_key(arg.lstrip("-+ "))
            if key in names:
                found.append((key, sign))
        return found
    for token in re.findall(r'"(?:[^"\\]|\\.)*"|[^\W\d][\w $\'&%]*', expr):
        key = vensim_key(token.rstrip())
        if key in names and (key, "?") not in found:
            found.append((key, "?"))
    return found


def _kinds(eqs: Equations) -> dict[str, dict[str, str]]:
    """The kind of each variable, known before the variables are made."""
    kinds: dict[str, dict[str, str]] = {}
    for key, entry in eqs.by_key().items():
        if re.match(r"^INTEG\s*\(", entry.expression, re.IGNORECASE):
            kinds[key] = {"kind": "stock"}
        elif _NUMBER.match(entry.expression) and entry.operator == "=" and key not in eqs.subscripted:
            kinds[key] = {"kind": "constant"}
    return kinds


def _equations(b: DiagramBuilder, eqs: Equations) -> None:
    by_key = eqs.by_key()
    names = {key: b.diagram.variables[vid].name for key, vid in b.keys.items()}
    unused = 0
    for key, vid in b.keys.items():
        entry = by_key.get(key)
        if entry is None:
            continue
        var = b.diagram.variables[vid]
        changes = {"extra": {**var.extra, "vensim_equation": entry.expression}}
        if entry.units:
            changes["units"] = entry.units
        if entry.comment:
            changes["notes"] = entry.comment
        expr = entry.expression
        if expr.upper().startswith("A FUNCTION OF"):
            del changes["extra"]["vensim_equation"]
        elif re.match(r"^INTEG\s*\(", expr, re.IGNORECASE):
            args = split_arguments(expr[expr.find("(") + 1: expr.rfind(")")])
            if len(args) == 2:
                changes["initial"] = _initial(args[1], names, b, vid)
                if not _use(changes, "equation", args[0], names, b, vid, stock=True):
                    unused += 1
        elif _NUMBER.match(expr) and entry.operator == "=" and key not in eqs.subscripted:
            changes["equation"] = expr
        elif key in eqs.subscripted or not _use(changes, "equation", expr, names, b, vid):
            unused += 1
        b.diagram.update_variable(vid, **changes)
    _settings(b, by_key)
    if unused:
        b.warn(f"{plural(unused, 'equation')} {verb(unused, 'is')} not in the program's equation language; "
               f"{verb(unused, 'it')} {verb(unused, 'is')} kept as Vensim text in "
               f"{'its' if unused == 1 else 'each'} variable")
    if eqs.macros:
        b.warn(f"{plural(eqs.macros, 'macro')} {verb(eqs.macros, 'was')} kept out (their uses stay as Vensim text)")
    if eqs.subscript_ranges or eqs.subscripted:
        b.warn(f"{plural(eqs.subscript_ranges, 'subscript range')} and "
               f"{plural(len(eqs.subscripted), 'subscripted variable')} are kept as Vensim text only")


def _use(changes: dict, field: str, expr: str, names: dict[str, str], b: DiagramBuilder, vid: str,
         stock: bool = False) -> bool:
    done = translate(expr, names)
    if done is None:
        return False
    text, refs = done
    sources = {b.diagram.variables[lk.source].name for lk in b.diagram.links_into(vid)}
    allowed = {name_key(n) for n in sources}
    if stock:
        allowed.add(name_key(b.diagram.variables[vid].name))
    if any(name_key(names[r]) not in allowed for r in refs):
        return False
    changes[field] = text
    return True


def _initial(expr: str, names: dict[str, str], b: DiagramBuilder, vid: str) -> float | str:
    if _NUMBER.match(expr.strip()):
        return float(expr)
    done = translate(expr, names)
    return done[0] if done is not None else expr


def _settings(b: DiagramBuilder, by_key: dict[str, Entry]) -> None:
    def number(key: str) -> float | None:
        entry = by_key.get(key)
        if entry is not None and _NUMBER.match(entry.expression):
            return float(entry.expression)
        return None

    start, stop, dt = number("initial time"), number("final time"), number("time step")
    save = number("saveper")
    if start is None and stop is None and dt is None:
        return
    current = b.diagram.simulation
    try:
        settings = SimulationSettings(
            start if start is not None else current.start,
            stop if stop is not None else current.stop,
            dt if dt is not None else current.dt,
            current.method,
            save if save is not None and save > 0 else None,
        )
    except CldError as exc:
        b.warn(f"the simulation settings were not carried over ({exc.what})")
        return
    b.diagram.set_property("simulation", settings)
