"""Warnings a modeller expects: isolated variables, links in no loop, two-way
links, and loops with no delay and no stock (which the solver cannot run),
each such loop named by exactly the variables it passes through.

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

from collections import deque
from dataclasses import dataclass

from ..core.diagram import Diagram
from ..core.words import plural, verb
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
    linked = {end for link in diagram.links.values() for end in (link.source, link.target)}
    isolated = [vid for vid in diagram.variables if vid not in linked]
    if isolated:
        n = len(isolated)
        found.append(Warning("isolated", f"{plural(n, 'variable')} {verb(n, 'has')} no links: "
                             f"{_names(diagram, isolated)}", tuple(isolated)))
    graph = SignedGraph.from_diagram(diagram)
    comp_of = [0] * graph.size
    for k, comp in enumerate(strongly_connected(graph.succ)):
        for v in comp:
            comp_of[v] = k
    loose = [lid for (u, w), lid in graph.link_ids.items() if u != w and comp_of[u] != comp_of[w]]
    if loose and len(loose) < len(diagram.links):
        n = len(loose)
        found.append(Warning("no-loop", f"{plural(n, 'link')} {verb(n, 'is')} part of no feedback loop",
                             links=tuple(loose)))
    pairs = []
    for link in diagram.links.values():
        back = diagram.link_between(link.target, link.source)
        if back is not None and link.source < link.target and link.source != link.target:
            pairs.append((link.id, back.id))
    if pairs:
        first = diagram.links[pairs[0][0]]
        n = len(pairs)
        found.append(Warning(
            "two-way",
            f"{plural(n, 'pair of variables', 'pairs of variables')} {verb(n, 'is')} linked both ways "
            f'({"" if n == 1 else "for example "}"{diagram.variables[first.source].name}" and '
            f'"{diagram.variables[first.target].name}"): check that both directions are really meant',
            links=tuple(lid for pair in pairs for lid in pair),
        ))
    groups = loops_without_delay(diagram, graph)
    for names, variables, links, others in groups[:MOST_LOOPS]:
        quoted = [f'"{name}"' for name in names]
        found.append(Warning(
            "no-delay-loop",
            f"the loop {' → '.join(quoted + quoted[:1])} has no delayed link and no stock, so a simulation "
            "cannot run it. Mark one of its links as delayed, or make one of its variables a stock "
            "(a quantity that builds up or drains away over time, such as a waiting list)"
            + (". Other loops through these variables need the same" if others else ""),
            variables, links,
        ))
    if len(groups) > MOST_LOOPS:
        n = len(groups) - MOST_LOOPS
        found.append(Warning(
            "no-delay-loop",
            f"{plural(n, 'other group')} of variables {verb(n, 'has')} loops with no delayed link and no stock; "
            "they are listed here once the loops above are fixed",
        ))
    return found


#: At most this many loops without a delay are listed, one warning each.
MOST_LOOPS = 5
#: A loop is looked for from at most this many variables of a group (bounds the work on huge diagrams).
_STARTS = 64


def loops_without_delay(diagram: Diagram, graph: SignedGraph | None = None
                        ) -> list[tuple[list[str], tuple[str, ...], tuple[str, ...], bool]]:
    """One loop with no delayed link and no stock for each group of variables that has such loops.

    A stock or a delayed link breaks the instantaneous chain of causes; a loop
    without one would need each value before itself, so the solver refuses it.
    Each group (a strongly connected set of undelayed links into non-stocks)
    gives one of its shortest loops, exactly as it runs: ``(names, variable
    ids, link ids, others)`` where ``others`` says the group holds more loops.
    The work is a few breadth-first searches, whatever the number of loops.

    Examples
    --------
    >>> d = Diagram()
    >>> a, b, c = (d.new_variable(n).id for n in ("Jobs", "Income", "Spending"))
    >>> for s, t in [(a, b), (b, a), (a, c), (c, a)]:
    ...     _ = d.new_link(s, t)
    >>> [(names, others) for names, _, _, others in loops_without_delay(d)]
    [(['Income', 'Jobs'], True)]
    """
    graph = graph or SignedGraph.from_diagram(diagram)
    fast = [[w for w, _, _ in graph.succ[v] if (v, w) not in graph.delayed and _flows(diagram, graph, w)]
            for v in range(graph.size)]
    groups: list[tuple[list[str], tuple[str, ...], tuple[str, ...], bool]] = []
    for members in strongly_connected([[(w, 0, 0) for w in out] for out in fast]):
        inside = set(members)
        edges = sum(1 for v in members for w in fast[v] if w in inside)
        if len(members) > 1:
            cycle = _shortest_cycle(fast, inside, sorted(members, key=graph.rank.__getitem__)[:_STARTS])
            groups.append(_described(graph, cycle, edges > len(members)))
    for v, _, _ in graph.self_loops:
        if (v, v) not in graph.delayed and _flows(diagram, graph, v):
            groups.append(_described(graph, [v], False))
    node = {vid: i for i, vid in enumerate(graph.ids)}
    groups.sort(key=lambda g: (len(g[0]), [graph.rank[node[vid]] for vid in g[1]]))
    return groups


def _flows(diagram: Diagram, graph: SignedGraph, target: int) -> bool:
    """A link into a stock is not instantaneous: the stock only changes its rate."""
    return diagram.variables[graph.ids[target]].kind != "stock"


def _shortest_cycle(succ: list[list[int]], inside: set[int], starts: list[int]) -> list[int]:
    """The shortest cycle through any of ``starts`` (a breadth-first search from each), in order."""
    best: list[int] = []
    for start in starts:
        parent: dict[int, int | None] = {start: None}
        queue = deque([start])
        last = None
        while queue and last is None:
            u = queue.popleft()
            for w in succ[u]:
                if w == start:
                    last = u
                    break
                if w in inside and w not in parent:
                    parent[w] = u
                    queue.append(w)
        if last is not None:
            path = [last]
            while parent[path[-1]] is not None:
                path.append(parent[path[-1]])  # type: ignore[arg-type]
            path.reverse()
            if not best or len(path) < len(best):
                best = path
                if len(best) == 2:
                    break
    return best


def _described(graph: SignedGraph, cycle: list[int], others: bool):
    """The cycle from its first-named variable: names, variable ids, link ids."""
    first = min(range(len(cycle)), key=lambda i: graph.rank[cycle[i]])
    cycle = cycle[first:] + cycle[:first]
    links = tuple(graph.link_ids[(v, cycle[(i + 1) % len(cycle)])] for i, v in enumerate(cycle))
    return [graph.names[v] for v in cycle], tuple(graph.ids[v] for v in cycle), links, others
