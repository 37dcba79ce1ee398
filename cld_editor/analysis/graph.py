"""A compact integer view of a diagram for the graph algorithms.

Variables become 0..n-1 in diagram order; each link becomes ``(target,
minus_bit, unknown_bit)`` so a search can track a loop's sign parity on its
stack instead of looking links up afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.diagram import Diagram
from ..core.naming import sort_key


@dataclass
class SignedGraph:
    """Integer adjacency of a diagram.

    Attributes
    ----------
    ids, names : list of str
        Variable id and name of each node index.
    rank : list of int
        Position of each node when names are sorted case-insensitively.
    succ : list of list of (int, int, int)
        ``succ[v]`` holds ``(w, minus, unknown)`` for every link ``v -> w``
        except self-links.
    self_loops : list of (int, int, int)
        ``(v, minus, unknown)`` for every link ``v -> v``.
    link_ids : dict of (int, int) to str
        The link id of each edge.
    delayed : set of (int, int)
        Edges whose link carries a delay mark.
    """

    ids: list[str]
    names: list[str]
    rank: list[int]
    succ: list[list[tuple[int, int, int]]]
    self_loops: list[tuple[int, int, int]]
    link_ids: dict[tuple[int, int], str]
    delayed: set[tuple[int, int]]

    @property
    def size(self) -> int:
        return len(self.ids)

    @classmethod
    def from_diagram(cls, diagram: Diagram) -> "SignedGraph":
        """Build the integer view of ``diagram``.

        Examples
        --------
        >>> d = Diagram()
        >>> a, b = d.new_variable("a"), d.new_variable("B")
        >>> _ = d.new_link(a.id, b.id, "-"); _ = d.new_link(b.id, b.id, "?")
        >>> g = SignedGraph.from_diagram(d)
        >>> g.succ, g.self_loops
        ([[(1, 1, 0)], []], [(1, 0, 1)])
        """
        ids = list(diagram.variables)
        index = {vid: i for i, vid in enumerate(ids)}
        names = [diagram.variables[vid].name for vid in ids]
        order = sorted(range(len(ids)), key=lambda i: sort_key(names[i]))
        rank = [0] * len(ids)
        for position, i in enumerate(order):
            rank[i] = position
        succ: list[list[tuple[int, int, int]]] = [[] for _ in ids]
        self_loops = []
        link_ids = {}
        delayed = set()
        for link in diagram.links.values():
            u, w = index[link.source], index[link.target]
            edge = (w, int(link.polarity == "-"), int(link.polarity == "?"))
            if u == w:
                self_loops.append((u,) + edge[1:])
            else:
                succ[u].append(edge)
            link_ids[(u, w)] = link.id
            if link.delay:
                delayed.add((u, w))
        return cls(ids, names, rank, succ, self_loops, link_ids, delayed)


def strongly_connected(succ: list[list[tuple[int, int, int]]], nodes: list[int] | None = None) -> list[list[int]]:
    """Strongly connected components (Tarjan, iterative) of the subgraph on ``nodes``.

    Examples
    --------
    >>> succ = [[(1, 0, 0)], [(0, 0, 0), (2, 0, 0)], []]
    >>> sorted(sorted(c) for c in strongly_connected(succ))
    [[0, 1], [2]]
    """
    if nodes is None:
        nodes = list(range(len(succ)))
    inside = set(nodes)
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    result: list[list[int]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(succ[root]))]
        while work:
            v, it = work[-1]
            for w, _, _ in it:
                if w not in inside:
                    continue
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(succ[w])))
                    break
                if w in on_stack and index[w] < low[v]:
                    low[v] = index[w]
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    if low[v] < low[parent]:
                        low[parent] = low[v]
                if low[v] == index[v]:
                    component = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        component.append(w)
                        if w == v:
                            break
                    result.append(component)
    return result
