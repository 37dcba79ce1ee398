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
    """Every perspective named in the diagram, in the order they were merged.

    A merge appends each element's perspectives in file order, so every
    variable's and link's list is in that order; the lists are combined into
    one order (ties: first appearance).

    Examples
    --------
    >>> from cld_editor.core import Diagram
    >>> d = Diagram()
    >>> _ = d.new_variable("Attendance", perspectives=("tutor", "parent"))
    >>> _ = d.new_variable("Motivation", perspectives=("tutor", "adviser", "parent"))
    >>> perspective_names(d)
    ['tutor', 'adviser', 'parent']
    """
    lists = [tuple(var.perspectives) for var in diagram.variables.values()]
    lists += [tuple(link.perspectives) for link in diagram.links.values()]
    first: dict[str, int] = {}
    after: dict[str, set[str]] = {}
    for names in lists:
        for name in names:
            first.setdefault(name, len(first))
            after.setdefault(name, set())
        for earlier, later in zip(names, names[1:]):
            after[earlier].add(later)
    waiting = {name: 0 for name in first}
    for later_names in after.values():
        for name in later_names:
            waiting[name] += 1
    order: list[str] = []
    ready = sorted((name for name, count in waiting.items() if count == 0), key=first.__getitem__)
    while ready:
        name = ready.pop(0)
        order.append(name)
        for later in after[name]:
            waiting[later] -= 1
            if waiting[later] == 0:
                ready.append(later)
        ready.sort(key=first.__getitem__)
    # Lists that disagree (hand-edited files) leave a cycle: the rest follow in order of appearance.
    order += sorted((name for name in first if name not in order), key=first.__getitem__)
    return order


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
