"""Copy and paste of diagram pieces, between windows and programs.

The clipboard holds a small ``.cld`` document under the MIME type
:data:`MIME_TYPE` (plus the names as plain text).  Pasting reads it with the
same validating reader as a file, gives every element a fresh id and renames
variables whose names are taken ("Jobs" becomes "Jobs 2").

Examples
--------
>>> from cld_editor.core.diagram import Diagram
>>> from cld_editor.core.elements import Variable
>>> diagram = Diagram()
>>> _ = diagram.insert("variable", Variable(id="v1", name="Jobs"))
>>> data, text = copy_payload(diagram, [("variable", "v1")])
>>> text
'Jobs'
>>> [(kind, element.name) for kind, element in paste_elements(diagram, data)]
[('variable', 'Jobs 2')]
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any, Iterable

from ..core.diagram import Diagram
from ..core.naming import name_key
from .native import diagram_to_dict, read_cld

MIME_TYPE = "application/x-cld-editor+json"


def copy_payload(diagram: Diagram, targets: Iterable[tuple[str, str]]) -> tuple[bytes, str]:
    """The clipboard document and plain text for the chosen ``(kind, id)`` elements.

    Links come along when both their ends are copied.
    """
    chosen = set(targets)
    part = Diagram()
    variable_ids = [vid for vid in diagram.variables if ("variable", vid) in chosen]
    for vid in variable_ids:
        part.insert("variable", diagram.variables[vid])
    kept = set(variable_ids)
    for link in diagram.links.values():
        if link.source in kept and link.target in kept:
            part.insert("link", link)
    for kind in ("note", "loop_label"):
        for eid, element in diagram.elements(kind).items():
            if (kind, eid) in chosen:
                part.insert(kind, element)
    text = "\n".join(diagram.variables[vid].name for vid in variable_ids)
    return json.dumps(diagram_to_dict(part), ensure_ascii=False).encode("utf-8"), text


def _unique_name(name: str, taken: set[str]) -> str:
    if name_key(name) not in taken:
        return name
    n = 2
    while name_key(f"{name} {n}") in taken:
        n += 1
    return f"{name} {n}"


def paste_elements(diagram: Diagram, data: bytes, offset: tuple[float, float] = (30.0, 30.0)) -> list[tuple[str, Any]]:
    """Elements to add for a pasted document: fresh ids, free names, moved by ``offset``.

    Raises
    ------
    CldError
        When the data is not a valid clipboard document.
    """
    source = read_cld(data, "clipboard").diagram
    dx, dy = offset
    taken = {name_key(v.name) for v in diagram.variables.values()}
    new_ids: dict[str, dict[str, str]] = {kind: {} for kind in ("variable", "link", "note", "loop_label")}
    used: dict[str, set[str]] = {kind: set(diagram.elements(kind)) for kind in new_ids}

    def fresh(kind: str, old: str) -> str:
        while True:
            candidate = diagram.new_id(kind)
            if candidate not in used[kind]:
                used[kind].add(candidate)
                new_ids[kind][old] = candidate
                return candidate

    out: list[tuple[str, Any]] = []
    for v in source.variables.values():
        name = _unique_name(v.name, taken)
        taken.add(name_key(name))
        out.append(("variable", replace(v, id=fresh("variable", v.id), name=name, x=v.x + dx, y=v.y + dy)))
    for link in source.links.values():
        out.append(("link", replace(link, id=fresh("link", link.id), source=new_ids["variable"][link.source],
                                    target=new_ids["variable"][link.target])))
    for note in source.notes.values():
        out.append(("note", replace(note, id=fresh("note", note.id), x=note.x + dx, y=note.y + dy)))
    for label in source.loop_labels.values():
        members = tuple(new_ids["variable"].get(m, m) for m in label.members)
        out.append(("loop_label", replace(label, id=fresh("loop_label", label.id), x=label.x + dx, y=label.y + dy,
                                          members=members)))
    return out
