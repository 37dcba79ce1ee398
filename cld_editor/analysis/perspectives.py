"""Perspectives kept apart in one diagram: who drew what, and the loops each one sees.

A workshop has each participant or group draw their own map; a merged
diagram records on every variable and link the perspectives it came from
(``Variable.perspectives``, and ``Link.perspectives`` mapping each
perspective to the sign it gave).  :func:`perspective_view` takes one
perspective's map back out, with its own signs, so :func:`loops_by_perspective`
can list the loops each participant sees.  Variable ids are kept, so a loop of
a view names variables of the whole diagram.

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> a, b = (d.new_variable(n, perspectives=("Tutor", "Parent")).id for n in ("Attendance", "Grades"))
>>> _ = d.new_link(a, b, "+", perspectives={"Tutor": "+", "Parent": "+"})
>>> _ = d.new_link(b, a, "?", perspectives={"Tutor": "+", "Parent": "-"})
>>> perspective_names(d)
['Tutor', 'Parent']
>>> {name: [lp.polarity for lp in loops] for name, loops in loops_by_perspective(d).items()}
{'Tutor': ['R'], 'Parent': ['B']}
"""

from __future__ import annotations

from dataclasses import replace

from ..core.diagram import Diagram
from .loops import Loop, find_loops


def perspective_names(diagram: Diagram) -> list[str]:
    """Every perspective named in the diagram, in order of first appearance (variables, then links)."""
    seen: dict[str, None] = {}
    for var in diagram.variables.values():
        seen.update(dict.fromkeys(var.perspectives))
    for link in diagram.links.values():
        seen.update(dict.fromkeys(link.perspectives))
    return list(seen)


def perspective_view(diagram: Diagram, names: str | list[str]) -> Diagram:
    """The part of the diagram one or several perspectives drew.

    Keeps the variables that carry one of ``names`` (or that a kept link
    touches) and the links that carry one of them, each with the sign the
    chosen perspectives gave it; when they gave different signs it is ``?``.
    """
    wanted = {names} if isinstance(names, str) else set(names)
    view = Diagram(title=diagram.title)
    links = []
    for link in diagram.links.values():
        signs = {sign for name, sign in link.perspectives.items() if name in wanted}
        if signs:
            links.append(replace(link, polarity=signs.pop() if len(signs) == 1 else "?"))
    touched = {link.source for link in links} | {link.target for link in links}
    for var in diagram.variables.values():
        if var.id in touched or wanted.intersection(var.perspectives):
            view.add_variable(var)
    for link in links:
        view.add_link(link)
    return view


def loops_by_perspective(diagram: Diagram) -> dict[str, list[Loop]]:
    """The loops each perspective sees in its own part of the diagram, with its own signs.

    Loop names (R1, B1, ...) are those of the perspective's own map.
    """
    return {name: find_loops(perspective_view(diagram, name)).loops for name in perspective_names(diagram)}
