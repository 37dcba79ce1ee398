"""Warnings a modeller expects: isolated variables, links in no loop, two-way
links, and loops with no delay and no stock (which the solver cannot run).

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> a, b, c = (d.new_variable(n) for n in ("Jobs", "Income", "Weather"))
>>> _ = d.new_link(a.id, b.id); _ = d.new_link(b.id, a.id)
>>> [w.code for w in diagnose(d)]
['isolated', 'two-way', 'no-delay-loop']
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.diagram import Diagram
from .graph import SignedGraph, strongly_connected


@dataclass(frozen=True)
class Warning:
    """One finding: a short code, a sentence for a person, and the ids involved."""

    code: str
    message: str
    variables: tuple[str, ...] = ()
    links: tuple[str, ...] = ()


def _names(diagram: Diagram, ids: list[str], most: int = 6) -> str:
    names = [f'"{diagram.variables[v].name}"' for v in ids[:most]]
    more = f" and {len(ids) - most} more" if len(ids) > most else ""
    return ", ".join(names) + more


def diagnose(diagram: Diagram) -> list[Warning]:
    """Return the warnings for ``diagram``, most useful first."""
    found: list[Warning] = []
    isolated = [vid for vid in diagram.variables if not diagram.links_of(vid)]
    if isolated:
        found.append(Warning("isolated", f"{len(isolated)} variable(s) have no links: {_names(diagram, isolated)}",
                             tuple(isolated)))
    graph = SignedGraph.from_diagram(diagram)
    comp_of = [0] * graph.size
    for k, comp in enumerate(strongly_connected(graph.succ)):
        for v in comp:
            comp_of[v] = k
    loose = [lid for (u, w), lid in graph.link_ids.items() if u != w and comp_of[u] != comp_of[w]]
    if loose and len(loose) < len(diagram.links):
        found.append(Warning("no-loop", f"{len(loose)} link(s) are part of no feedback loop", links=tuple(loose)))
    pairs = []
    for link in diagram.links.values():
        back = diagram.link_between(link.target, link.source)
        if back is not None and link.source < link.target and link.source != link.target:
            pairs.append((link.id, back.id))
    if pairs:
        first = diagram.links[pairs[0][0]]
        found.append(Warning(
            "two-way",
            f"{len(pairs)} pair(s) of variables are linked both ways (for example "
            f'"{diagram.variables[first.source].name}" and "{diagram.variables[first.target].name}"): '
            "check that both directions are really meant",
            links=tuple(lid for pair in pairs for lid in pair),
        ))
    for members in algebraic_loops(diagram):
        found.append(Warning(
            "no-delay-loop",
            f"a loop through {_names(diagram, members)} has no delay and no stock: "
            "to simulate it, mark one of its links as delayed or make one variable a stock",
            tuple(members),
        ))
    return found


def algebraic_loops(diagram: Diagram) -> list[list[str]]:
    """Groups of variables that lie on loops with no delayed link and no stock.

    A stock or a delayed link breaks the instantaneous chain of causes; any
    loop without one would need each value before itself.
    """
    keep = {
        lid
        for lid, link in diagram.links.items()
        if not link.delay and diagram.variables[link.target].kind != "stock"
    }
    sub = Diagram()
    for var in diagram.variables.values():
        sub.insert("variable", var)
    for lid in keep:
        sub.insert("link", diagram.links[lid])
    graph = SignedGraph.from_diagram(sub)
    groups = [c for c in strongly_connected(graph.succ) if len(c) > 1]
    groups += [[v] for v, _, _ in graph.self_loops]
    return [sorted((graph.ids[v] for v in g), key=list(diagram.variables).index) for g in groups]
