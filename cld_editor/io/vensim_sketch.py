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


def _float(value: str) -> float:
    try:
        return float(value)
    except (ValueError, TypeError):
        return 0.0


_POINT = re.compile(r"\((-?\d+(?:\.\d*)?),(-?\d+(?:\.\d*)?)\)")


def _point(tail: list[str]) -> tuple[float, float] | None:
    """The first point of an arrow's point list (``1|(x,y)|``), split by the commas."""
    match = _POINT.search(",".join(tail))
    return (float(match.group(1)), float(match.group(2))) if match else None


def parse_view(text: str, index: int) -> View:
    """Parse one view: the text after a ``\\\\\\---///`` marker up to the next marker."""
    version = 300
    name = f"View {index + 1}"
    view = View(name, version)
    pos, n, line = 0, len(text), 0
    while pos < n:
        if text[pos] in "\r\n":
            pos += 1
            continue
        start = pos
        end = text.find("\n", pos)
        end = n if end < 0 else end
        head = text[start:end]
        line += 1
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
        pos = end + 1  # a line we do not know (fonts, pictures): skipped
    return view


def _v300(view: View, f: list[str], text: str, pos: int, line: int) -> int:
    kind = _int(f[0], -1)
    if kind == 1 and len(f) >= 10:
        view.arrows.append(Arrow(f[2], f[3], _int(f[4]), _int(f[6]), _int(f[7]), _int(f[9]), _point(f[10:])))
        return pos
    if kind in (10, 11, 12) and len(f) >= 9:
        oid, name, shape, bits = f[1], f[2], _int(f[7]), _int(f[8])
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
        view.objects[oid] = SketchObject(oid, what, name, _float(f[3]), _float(f[4]), shape, bits, line)
        return pos
    if kind not in (1, 10, 11, 12):
        view.others += 1
    return pos


def _v160(view: View, marker: str, f: list[str], line: int) -> None:
    if marker == ">":
        if len(f) >= 7:
            view.arrows.append(Arrow(f[0], f[1], _int(f[2]), _int(f[4]), _int(f[5]), _int(f[6]), _point(f[7:])))
        return
    if len(f) < 8:
        return
    oid, name, shape, bits = f[0], f[1], _int(f[6]), _int(f[7])
    if bits & 128:  # icons: valves (drawn on a pipe) and clouds
        what = VALVE if shape & ATTACHED else CLOUD
    elif bits & 3 or "\n" in name:
        what = COMMENT
    else:
        what = VARIABLE
    view.objects[oid] = SketchObject(oid, what, name.strip("\n"), _float(f[2]), _float(f[3]), shape, bits, line)


def parse_sketch(text: str) -> list[View]:
    """Split the sketch section into views and parse each.

    ``text`` starts at the first ``\\\\\\---///`` marker.
    """
    views: list[View] = []
    parts = text.split("\\\\\\---///")
    for part in parts[1:]:
        body = part.split("\n", 1)[1] if "\n" in part else ""
        stop = body.find("///---\\\\\\")
        if stop >= 0:
            body = body[:stop]
        views.append(parse_view(body, len(views)))
    return views
