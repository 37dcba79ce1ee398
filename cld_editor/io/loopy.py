"""LOOPY models (ncase.me/loopy): import from a shared link or its saved data.

LOOPY shares a model as a link ``...loopy/v1.1/?data=<model>`` where the model
is URL-encoded JSON: ``[nodes, edges, labels, next id]`` with nodes
``[id, x, y, initial amount, label, hue]``, edges ``[from, to, arc, strength,
...]`` (strength ``1`` is ``+``, ``-1`` is ``-``) and labels ``[x, y, text]``.
A ``.loopy`` file holds that link (or the bare data), as copied from LOOPY's
"save as link".  Nodes become variables at their positions, edges links,
labels notes; LOOPY's initial amounts and colours are not carried over.

Examples
--------
>>> link = (b"https://ncase.me/loopy/v1.1/?data=[[[1,400,200,0.5,%22Rabbits%22,0],"
...         b"[2,600,200,0.5,%22Foxes%22,1]],[[1,2,40,1,0],[2,1,40,-1,0]],[],3%5D")
>>> d = read(link).diagram
>>> sorted((d.variables[l.source].name, l.polarity) for l in d.links.values())
[('Foxes', '-'), ('Rabbits', '+')]
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from ..core.elements import Note
from ..core.errors import FileFormatError
from ..core.words import plural, verb
from .build import DiagramBuilder, decode_text
from .jsonread import parse_json
from .limits import check_number
from .result import ImportResult


def _data(text: str, source: str) -> Any:
    text = text.strip()
    if "data=" in text:
        # Cut the value by hand: LOOPY leaves "+" unescaped, which query parsers read as a space.
        text = unquote(text.split("data=", 1)[1].split("&", 1)[0].split("#", 1)[0])
    elif text.startswith("%5B") or text.startswith("%5b"):
        text = unquote(text)
    # The shared strict parser: depth, NaN/Infinity, 5000-digit numbers and half surrogate pairs refused.
    try:
        return parse_json(text.encode("utf-8"), source)
    except FileFormatError:
        try:
            return parse_json(unquote(text).encode("utf-8"), source)
        except FileFormatError:
            raise FileFormatError("not a LOOPY link or model data", source,
                                  "paste the link from LOOPY's 'save as link' into a .loopy file") from None


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FileFormatError(f"expected a number, got {value!r}", where)
    return check_number(value, where)  # a 400-digit integer does not fit a float


def read(data: bytes, source: str = "") -> ImportResult:
    """Read a LOOPY link or model data."""
    doc = _data(decode_text(data, source), source)
    if not isinstance(doc, list) or len(doc) < 2 or not all(isinstance(part, list) for part in doc[:2]):
        raise FileFormatError("not LOOPY model data: expected [nodes, edges, labels, ...]", source)
    b = DiagramBuilder("", source)
    for index, node in enumerate(doc[0]):
        where = f"{source}: node {index + 1}"
        if not isinstance(node, list) or len(node) < 5:
            raise FileFormatError("a node needs [id, x, y, amount, label]", where)
        label = str(node[4]).strip() or f"Node {node[0]}"
        b.variable(str(node[0]), label, _number(node[1], where), _number(node[2], where))
    missing = 0
    for index, edge in enumerate(doc[1]):
        where = f"{source}: edge {index + 1}"
        if not isinstance(edge, list) or len(edge) < 4:
            raise FileFormatError("an edge needs [from, to, arc, strength]", where)
        src, dst = str(edge[0]), str(edge[1])
        if src not in b.keys or dst not in b.keys:
            missing += 1
            continue
        strength = _number(edge[3], where)
        polarity = "+" if strength > 0 else "-" if strength < 0 else "?"
        b.link(b.keys[src], b.keys[dst], polarity)
    if missing:
        b.warn(f"{plural(missing, 'edge')} to nodes missing from the data {verb(missing, 'was')} left out")
    labels = doc[2] if len(doc) > 2 and isinstance(doc[2], list) else []
    d = b.diagram
    for index, label in enumerate(labels):
        if isinstance(label, list) and len(label) >= 3 and str(label[2]).strip():
            where = f"{source}: label {index + 1}"
            d.insert("note", Note(d.new_id("note"), str(label[2]), _number(label[0], where),
                                  _number(label[1], where)))
    if doc[0]:
        b.warn("LOOPY's starting amounts and node colours were not carried over")
    return b.finish()
