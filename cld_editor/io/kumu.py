"""Kumu maps: the JSON blueprint (``.json``), read and written.

A blueprint holds ``elements`` (each with an ``_id`` and ``attributes`` such as
``label``, ``element type``, ``description``, ``tags``), ``connections``
(``from``, ``to`` and ``attributes``) and ``maps`` whose entries place
elements (``position: {x, y}``).  A connection's sign is read from the first
of these that it has: a top-level ``sign``, ``polarity`` or ``type``, or the
attributes ``connection type``, ``type``, ``sign``, ``polarity``, ``effect``;
``+``/``positive``/``same``/``s`` is ``+``, ``-``/``negative``/``opposite``/
``o`` is ``-``, anything else ``?``.  A ``delay`` attribute that is true (or a
connection type containing "delay") marks a delay.

Examples
--------
>>> blueprint = b'''{"elements": [
...   {"_id": "e1", "attributes": {"label": "Jobs"}},
...   {"_id": "e2", "attributes": {"label": "Worklessness"}}],
...  "connections": [{"_id": "c1", "from": "e1", "to": "e2", "attributes": {"connection type": "-"}}]}'''
>>> d = read(blueprint).diagram
>>> [(d.variables[l.source].name, l.polarity) for l in d.links.values()]
[('Jobs', '-')]
>>> read(write(d)).diagram.links["l1"].polarity
'-'
"""

from __future__ import annotations

import json
from typing import Any

from ..core.diagram import Diagram
from ..core.errors import FileFormatError
from ..core.naming import name_key
from ..core.words import plural, verb
from .build import DiagramBuilder, decode_text
from .evidence_notes import evidence_fields, evidence_from_fields
from .jsonread import parse_json
from .limits import MAX_DEPTH
from .result import ImportResult

PLUS = {"+", "positive", "same", "s", "plus", "increase", "+ve", "pos"}
MINUS = {"-", "−", "negative", "opposite", "o", "minus", "decrease", "-ve", "neg"}
SIGN_KEYS = ("connection type", "type", "sign", "polarity", "effect")


def sign_of(value: Any) -> str:
    """Read a sign written in words or symbols.

    Examples
    --------
    >>> sign_of("Positive"), sign_of(" - "), sign_of("influences"), sign_of(-1), sign_of("+1")
    ('+', '-', '?', '-', '+')
    """
    if isinstance(value, bool):
        return "?"
    if isinstance(value, (int, float)):
        return "+" if value > 0 else "-" if value < 0 else "?"
    text = str(value or "").strip().casefold()
    try:
        number = float(text)
    except ValueError:
        number = None
    if number is not None and number == number:  # a signed number in a sheet: -1, +1
        return "+" if number > 0 else "-" if number < 0 else "?"
    if text in PLUS:
        return "+"
    if text in MINUS:
        return "-"
    return "?"


def truthy(value: Any) -> bool:
    """Is a spreadsheet or JSON value a yes?"""
    if isinstance(value, bool):
        return value
    return str(value or "").strip().casefold() in ("true", "yes", "y", "1", "x", "delay", "delayed")


def link_sign(conn: dict[str, Any]) -> str:
    """The sign of a connection: the first sign-like field that says + or -."""
    attrs = conn.get("attributes") if isinstance(conn.get("attributes"), dict) else {}
    candidates = [conn.get(k) for k in ("sign", "polarity", "type")]
    candidates += [attrs.get(k) for k in SIGN_KEYS]
    for value in candidates:
        sign = sign_of(value)
        if sign != "?":
            return sign
    return "?"


def link_delay(conn: dict[str, Any]) -> bool:
    """Is the connection marked as delayed?"""
    attrs = conn.get("attributes") if isinstance(conn.get("attributes"), dict) else {}
    if truthy(attrs.get("delay")) or truthy(conn.get("delay")):
        return True
    return any("delay" in str(attrs.get(k, "")).casefold() for k in SIGN_KEYS)


def _depth(value: Any, depth: int = 0) -> int:
    if depth > MAX_DEPTH:
        raise FileFormatError("nested too deeply to read")
    if isinstance(value, dict):
        return max([_depth(v, depth + 1) for v in value.values()] or [depth])
    if isinstance(value, list):
        return max([_depth(v, depth + 1) for v in value] or [depth])
    return depth


def read(data: bytes, source: str = "") -> ImportResult:
    """Read a Kumu JSON blueprint.

    Raises
    ------
    FileFormatError
        Not JSON, or JSON that is not a Kumu blueprint.
    """
    # The shared strict parser: depth, NaN/Infinity, 5000-digit numbers and half surrogate pairs refused.
    doc = parse_json(decode_text(data, source).encode("utf-8"), source)
    if not isinstance(doc, dict) or not isinstance(doc.get("elements"), list):
        raise FileFormatError('not a Kumu blueprint: no "elements" list', source,
                              "export the map from Kumu as JSON (a .cld file is opened by its own extension)")
    _depth(doc)
    b = DiagramBuilder(str(doc.get("name") or doc.get("title") or ""), source)
    positions = _positions(doc)
    for index, elem in enumerate(doc["elements"]):
        if not isinstance(elem, dict):
            raise FileFormatError("an element is not an object", f"{source}: elements[{index}]")
        eid = str(elem.get("_id", elem.get("id", index)))
        attrs = elem.get("attributes") if isinstance(elem.get("attributes"), dict) else elem
        label = str(attrs.get("label") or attrs.get("name") or eid)
        x, y = positions.get(eid, (None, None))
        fields: dict[str, Any] = {}
        if isinstance(attrs.get("description"), str):
            fields["notes"] = attrs["description"]
        tags = attrs.get("tags")
        if isinstance(tags, list):
            fields["tags"] = tuple(str(t) for t in tags)
        b.variable(eid, label, x, y, **fields)
    # Kumu's simple JSON import names the ends of a connection by their labels.
    by_label = {name_key(v.name): vid for vid, v in b.diagram.variables.items()}
    unknown = 0
    connections = doc.get("connections") or []
    if not isinstance(connections, list):
        raise FileFormatError('"connections" is not a list', source)
    for index, conn in enumerate(connections):
        if not isinstance(conn, dict):
            raise FileFormatError("a connection is not an object", f"{source}: connections[{index}]")
        ends = [str(conn.get(end, "")) for end in ("from", "to")]
        found = [b.keys.get(e) or by_label.get(name_key(e)) for e in ends]
        if None in found:
            unknown += 1
            continue
        src_id, dst_id = found
        attrs = conn.get("attributes") if isinstance(conn.get("attributes"), dict) else {}
        label = str(attrs.get("label") or "")
        direction = str(conn.get("direction") or attrs.get("direction") or "directed").casefold()
        evidence = evidence_from_fields(attrs)
        b.link(src_id, dst_id, link_sign(conn), delay=link_delay(conn), label=label, evidence=evidence)
        if direction in ("mutual", "undirected"):
            b.link(dst_id, src_id, link_sign(conn), delay=link_delay(conn), label=label)
            b.warn("mutual or undirected connections became two links, one each way")
    if unknown:
        b.warn(f"{plural(unknown, 'connection')} to elements missing from the file {verb(unknown, 'was')} left out")
    if isinstance(doc.get("loops"), list) and doc["loops"]:
        n = len(doc["loops"])
        b.warn(f"{plural(n, 'Kumu loop')} {verb(n, 'was')} not carried over; the program finds the loops itself")
    return b.finish()


def _positions(doc: dict[str, Any]) -> dict[str, tuple[float, float]]:
    out: dict[str, tuple[float, float]] = {}
    maps = doc.get("maps") if isinstance(doc.get("maps"), list) else []
    for kmap in maps[:1]:
        entries = (kmap.get("elements") or []) if isinstance(kmap, dict) else []
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict):
                continue
            pos = entry.get("position")
            if isinstance(pos, dict) and all(isinstance(pos.get(k), (int, float)) for k in ("x", "y")):
                out[str(entry.get("element", entry.get("_id")))] = (float(pos["x"]), float(pos["y"]))
    return out


def write(diagram: Diagram) -> bytes:
    """Return ``diagram`` as a Kumu JSON blueprint (one map holding the positions)."""
    elements, placed, connections = [], [], []
    for var in diagram.variables.values():
        attrs: dict[str, Any] = {"label": var.name, "element type": var.kind.capitalize()}
        if var.notes:
            attrs["description"] = var.notes
        if var.tags:
            attrs["tags"] = list(var.tags)
        elements.append({"_id": f"elem-{var.id}", "attributes": attrs})
        placed.append({"_id": f"mapelem-{var.id}", "element": f"elem-{var.id}",
                       "position": {"x": var.x, "y": var.y}})
    for link in diagram.links.values():
        attrs = {"connection type": link.polarity}
        if link.delay:
            attrs["delay"] = True
        if link.label:
            attrs["label"] = link.label
        if link.notes:
            attrs["description"] = link.notes
        attrs.update(evidence_fields(link.evidence))
        connections.append({"_id": f"conn-{link.id}", "from": f"elem-{link.source}", "to": f"elem-{link.target}",
                            "direction": "directed", "attributes": attrs})
    doc = {"name": diagram.title or "diagram", "elements": elements, "connections": connections,
           "maps": [{"_id": "map-1", "name": diagram.title or "Map", "elements": placed,
                     "connections": [{"_id": f"mapconn-{c['_id']}", "connection": c["_id"]} for c in connections]}]}
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
