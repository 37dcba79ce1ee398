"""How many loops pass through each variable and each link: where the leverage is.

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> a, b, c = (d.new_variable(n) for n in "abc")
>>> for s, t in [(a, b), (b, a), (b, c), (c, a)]:
...     _ = d.new_link(s.id, t.id)
>>> result = loop_participation(d)
>>> result.variables[a.id], result.variables[c.id], result.links["l1"]
(2, 1, 2)
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.diagram import Diagram
from .graph import SignedGraph
from .loops import StopCheck
from .search import SearchState, johnson, self_loops


@dataclass(frozen=True)
class Participation:
    """Loops through each variable and link (by id), the total, and whether it is complete."""

    variables: dict[str, int]
    links: dict[str, int]
    total: int
    complete: bool


def loop_participation(diagram: Diagram, should_stop: StopCheck | None = None) -> Participation:
    """Count, for every variable and link, the loops that pass through it."""
    graph = SignedGraph.from_diagram(diagram)
    state = SearchState(should_stop)
    per_node = [0] * graph.size
    per_edge: dict[tuple[int, int], int] = dict.fromkeys(graph.link_ids, 0)
    total = 0
    for cycles in (self_loops(graph, None, state, True), johnson(graph, None, state, True)):
        for nodes, _, _ in cycles:
            total += 1
            for i, v in enumerate(nodes):
                per_node[v] += 1
                per_edge[(v, nodes[(i + 1) % len(nodes)])] += 1
    return Participation(
        variables={graph.ids[i]: count for i, count in enumerate(per_node)},
        links={graph.link_ids[edge]: count for edge, count in per_edge.items()},
        total=total,
        complete=not state.stopped,
    )
