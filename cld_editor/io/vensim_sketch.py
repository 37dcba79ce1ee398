"""The sketch section of a Vensim ``.mdl`` file: views, objects and arrows.

Two layouts exist.  Vensim 3 and later (``V300``) write one object a line,
``10,id,name,x,y,...`` for a variable, ``11`` a valve, ``12`` a comment or
cloud and ``1,id,from,to,shape,hid,pol,thick,hasf,dtype,...`` an arrow.  The
older ``V160`` layout writes objects as ``|id,name,x,y,w,h,shape,bits,...``
and arrows as ``>from,to,shape,hid,pol,thick,dtype,...`` without arrow ids.

Fields are separated by commas; a field in double quotes may hold commas,
escaped quotes (``\\"``) and even line breaks, so the section is read as a
stream of characters, not of lines.

Examples
--------
>>> text = '''V300  Do not put anything below this section
... *View 1
... $192-192-192,0,Times New Roman|12||0-0-0
... 10,1,"Births, total",100,50,40,20,3,3,0,0,0,0,0,0
... 10,2,Population,300,50,40,20,3,3,0,0,0,0,0,0
... 1,3,1,2,0,0,43,0,2,64,0,-1--1--1,,1|(200,40)|
... '''
>>> view = parse_view(text, 0)
>>> [o.name for o in view.objects.values()], view.arrows[0].polarity_code
(['Births, total', 'Population'], 43)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

VARIABLE, VALVE, COMMENT, CLOUD, OTHER = "variable", "valve", "comment", "cloud", "other"

#: Shape bit of a variable drawn on a valve (the flow it stands for).
ATTACHED = 32


@dataclass
class SketchObject:
    """One object of a view: a variable, valve, comment, cloud or other picture."""

    id: str
    kind: str
    name: str
    x: float
    y: float
    shape: int = 0
    bits: int = 0
    line: int = 0


@dataclass
class Arrow:
    """One arrow of a view, between two object ids."""

    source: str
    target: str
    shape: int
    polarity_code: int
    thickness: int
    delay_type: int
    point: tuple[float, float] | None = None

    @property
    def is_pipe(self) -> bool:
        """A flow pipe is drawn with double lines (thickness over 20)."""
        return self.thickness > 20 or self.shape in (4, 100)


@dataclass
class View:
    """One view (page) of the sketch; ids are only unique within it."""

    name: str
    version: int
    objects: dict[str, SketchObject] = field(default_factory=dict)
    arrows: list[Arrow] = field(default_factory=list)
    others: int = 0
    #: Lines that could not be read: ``(line number in the file, what is wrong)``.
    problems: list[tuple[int, str]] = field(default_factory=list)


def split_fields(text: str, pos: int) -> tuple[list[str], int]:
    """Read comma-separated fields from ``pos`` to the end of the line; quotes may span lines.

    Returns the fields (quotes removed) and the position after the line.

    Examples
    --------
    >>> split_fields('10,1,"a, \\\\"b\\\\"",3\\nnext', 0)
    (['10', '1', 'a, "b"', '3'], 18)
    """
    fields: list[str] = []
    current: list[str] = []
    n = len(text)
    i = pos
    quoted_field = False
    while i < n:
        ch = text[i]
        if ch == '"' and not "".join(current).strip():
            quoted_field = True
            current = []
            i += 1
            while i < n and text[i] != '"':
                if text[i] == "\\" and i + 1 < n and text[i + 1] in '"\\':
                    i += 1
                current.append(text[i])
                i += 1
            i += 1  # the closing quote
            continue
        if ch == ",":
            fields.append("".join(current) if quoted_field else "".join(current).strip())
            current, quoted_field = [], False
        elif ch == "\n":
            i += 1
            break
        else:
            current.append(ch)
        i += 1
    fields.append("".join(current) if quoted_field else "".join(current).strip())
    return fields, i


def _int(value: str, default: int = 0) -> int:
    try:
        return int(value.strip())
    except (ValueError, AttributeError):
        try:
            return int(float(value))
        except (ValueError, TypeError, OverflowError):  # "1e999" is a float but no int
            return default


_POINT = re.compile(r"\((-?\d+(?:\.\d*)?),(-?\d+(?:\.\d*)?)\)")


def _point(tail: list[str]) -> tuple[float, float] | None:
    """The first point of an arrow's point list (``1|(x,y)|``), split by the commas."""
    match = _POINT.search(",".join(tail))
    return (float(match.group(1)), float(match.group(2))) if match else None


def parse_view(text: str, index: int, first_line: int = 1) -> View:
    """Parse one view: the text after a ``\\\\\\---///`` marker up to the next marker.

    ``first_line`` is the line number of the text's first line in the file, so
    that a line that cannot be read is reported where an editor shows it.

    Examples
    --------
    >>> view = parse_view('*View 1\\n10,1,Jobs,100\\n1,2,1,1,0\\n', 0, first_line=40)
    >>> view.objects, view.problems[0]
    ({}, (41, 'a variable needs 9 or more fields, this line has 4'))
    """
    version = 300
    name = f"View {index + 1}"
    view = View(name, version)
    pos, n = 0, len(text)
    line, counted = first_line, 0  # the line number of ``counted``, a position in ``text``
    while pos < n:
        if text[pos] in "\r\n":
            pos += 1
            continue
        start = pos
        end = text.find("\n", pos)
        end = n if end < 0 else end
        head = text[start:end]
        line += text.count("\n", counted, start)
        counted = start
        if head.startswith("V") and head[1:4].isdigit() and not view.objects:
            view.version = version = _int(head[1:].split()[0], 300)
            pos = end + 1
            continue
        if head.startswith("*"):
            view.name = head[1:].strip() or name
            pos = end + 1
            continue
        if head.startswith("$") or head.startswith("///---"):
            pos = end + 1
            continue
        if head.startswith("|") and head.rstrip("\r").endswith(',"') and head.count('"') == 1:
            # V160 multi-line text: |id," then the text lines, then ,x,y,... on a line of its own
            body_end = text.find("\n,", end)
            body_end = n if body_end < 0 else body_end
            words = text[end + 1:body_end].strip("\n")
            fields, pos = split_fields(text, body_end + 2 if body_end < n else n)
            _v160(view, "|", [head[1:].split(",", 1)[0], words] + fields, line)
            continue
        if head.startswith("|") or head.startswith(">"):
            fields, pos = split_fields(text, start + 1)
            _v160(view, head[0], fields, line)
            continue
        if head[:1].isdigit() or head[:1] == "-":
            fields, pos = split_fields(text, start)
            pos = _v300(view, fields, text, pos, line)
            continue
        view.problems.append((line, "it is not a line of a Vensim sketch"))
        pos = end + 1
    return view


_WHAT = {1: "an arrow", 10: "a variable", 11: "a valve", 12: "a comment"}
_FIELDS = {1: 10, 10: 9, 11: 9, 12: 9}


def _short(view: View, line: int, what: str, need: int, have: int) -> None:
    view.problems.append((line, f"{what} needs {need} or more fields, this line has {have}"))


def _position(view: View, line: int, what: str, x: str, y: str) -> tuple[float, float] | None:
    try:
        return float(x), float(y)
    except ValueError:
        view.problems.append((line, f"{what}'s position ({x}, {y}) is not two numbers"))
        return None


def _v300(view: View, f: list[str], text: str, pos: int, line: int) -> int:
    kind = _int(f[0], -1)
    if kind in _FIELDS and len(f) < _FIELDS[kind]:
        _short(view, line, _WHAT[kind], _FIELDS[kind], len(f))
        return pos
    if kind == 1:
        view.arrows.append(Arrow(f[2], f[3], _int(f[4]), _int(f[6]), _int(f[7]), _int(f[9]), _point(f[10:])))
        return pos
    if kind in (10, 11, 12):
        oid, name, shape, bits = f[1], f[2], _int(f[7]), _int(f[8])
        at = _position(view, line, _WHAT[kind], f[3], f[4])
        if kind == 12 and bits & 4:  # the comment's text is the next line
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            name = text[pos:end].rstrip("\r")
            pos = end + 1
        if kind == 10:
            what = VARIABLE
        elif kind == 11:
            what = VALVE
        elif shape == 0 and name.strip() == "48":
            what = CLOUD
        else:
            what = COMMENT
        if at is not None:
            view.objects[oid] = SketchObject(oid, what, name, at[0], at[1], shape, bits, line)
        return pos
    if kind < 0 or not f[0].strip().lstrip("-").isdigit():
        view.problems.append((line, f"its first field {f[0][:20]!r} is not the number of a kind of sketch object"))
    else:
        view.others += 1  # pictures and other objects a causal-loop diagram does not need
    return pos


def _v160(view: View, marker: str, f: list[str], line: int) -> None:
    if marker == ">":
        if len(f) >= 7:
            view.arrows.append(Arrow(f[0], f[1], _int(f[2]), _int(f[4]), _int(f[5]), _int(f[6]), _point(f[7:])))
        else:
            _short(view, line, "an arrow", 7, len(f))
        return
    if len(f) < 8:
        _short(view, line, "an object", 8, len(f))
        return
    at = _position(view, line, "an object", f[2], f[3])
    if at is None:
        return
    oid, name, shape, bits = f[0], f[1], _int(f[6]), _int(f[7])
    if bits & 128:  # icons: valves (drawn on a pipe) and clouds
        what = VALVE if shape & ATTACHED else CLOUD
    elif bits & 3 or "\n" in name:
        what = COMMENT
    else:
        what = VARIABLE
    view.objects[oid] = SketchObject(oid, what, name.strip("\n"), at[0], at[1], shape, bits, line)


def parse_sketch(text: str, first_line: int = 1) -> list[View]:
    """Split the sketch section into views and parse each.

    ``text`` starts at the first ``\\\\\\---///`` marker, on line ``first_line`` of the file.
    """
    views: list[View] = []
    marker = "\\\\\\---///"
    at = text.find(marker)
    while at >= 0:
        following = text.find(marker, at + len(marker))
        part_end = len(text) if following < 0 else following
        newline = text.find("\n", at, part_end)
        body_start = part_end if newline < 0 else newline + 1
        body = text[body_start:part_end]
        stop = body.find("///---\\\\\\")
        if stop >= 0:
            body = body[:stop]
        views.append(parse_view(body, len(views), first_line + text.count("\n", 0, body_start)))
        at = following
    return views
