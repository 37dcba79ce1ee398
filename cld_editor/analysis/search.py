"""Cycle searches over a :class:`~cld_editor.analysis.graph.SignedGraph`.

Two searches, both tracking the sign parity of the current path on the stack
so a loop's polarity costs nothing extra:

* :func:`johnson` - Johnson's algorithm (1975): every elementary cycle, time
  proportional to the number of cycles.  Used to list or count everything.
* :class:`BoundedSearch` - a depth-first search with a distance bound: cycles
  whose length lies in a range.  Used for length filters and for streaming
  loops shortest first; it meets the cycles of any one length in name order,
  which lets a limited count stop part-way through a length without sorting
  (:meth:`BoundedSearch.in_order`).

Each search either yields ``(nodes, minus_parity, unknown)`` (``collect``) or
only adds to ``counts = [reinforcing, balancing, unknown]``; it checks
``state.should_stop`` every few thousand steps and returns early, setting
``state.stopped``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator

from .graph import SignedGraph, strongly_connected

Cycle = tuple[tuple[int, ...], int, int]
# A root of a depth-first search: (root, dist, via, via_back), see BoundedSearch._closing_paths.
Start = tuple[int, dict[int, int], dict[int, int] | None, int]
CHECK_EVERY = 4096
UNKNOWN = 1 << 24


@dataclass
class SearchState:
    """Shared by a search and its caller: a stop request and the outcome."""

    should_stop: Callable[[], bool] | None = None
    stopped: bool = False
    counts: list[int] = field(default_factory=lambda: [0, 0, 0])


def self_loops(graph: SignedGraph, through: int | None, state: SearchState, collect: bool) -> Iterator[Cycle]:
    """Links from a variable to itself: loops of length 1."""
    counts = state.counts
    for v, minus, unknown in graph.self_loops:
        if through is not None and v != through:
            continue
        if collect:
            yield (v,), minus, unknown
        else:
            counts[2 if unknown else minus] += 1


def johnson(graph: SignedGraph, through: int | None, state: SearchState, collect: bool) -> Iterator[Cycle]:
    """Every elementary cycle of length >= 2 (or every one through ``through``)."""
    succ = graph.succ
    n = graph.size
    counts = state.counts
    should_stop = state.should_stop
    work = [c for c in strongly_connected(succ) if len(c) > 1]
    if through is not None:
        work = [c for c in work if through in c]
    # A link's sign is one number added along the path: 1 for "-", UNKNOWN for
    # "?".  The low bit of the sum is the parity of "-" links; UNKNOWN is even,
    # so any "?" shows as a sum >= UNKNOWN without disturbing the parity.
    adj: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    acc_at = [0] * n  # sign sum of the path up to each node on it
    blocked = [False] * n
    blockers: list[set[int]] = [set() for _ in range(n)]
    steps = 0
    while work:
        comp = work.pop()
        inside = set(comp)
        start = through if through is not None else min(comp)
        for v in comp:
            adj[v] = [(w, minus + UNKNOWN * unk) for w, minus, unk in succ[v] if w in inside]
            blocked[v] = False
            blockers[v] = set()
        blocked[start] = True
        acc_at[start] = 0
        path = [start]
        closed = [False]
        stack = [iter(adj[start])]
        while stack:
            for w, code in stack[-1]:
                if w == start:
                    total = acc_at[path[-1]] + code
                    if collect:
                        yield tuple(path), total & 1, int(total >= UNKNOWN)
                    else:
                        counts[2 if total >= UNKNOWN else total & 1] += 1
                    closed[-1] = True
                elif not blocked[w]:
                    acc_at[w] = acc_at[path[-1]] + code
                    path.append(w)
                    closed.append(False)
                    stack.append(iter(adj[w]))
                    blocked[w] = True
                    break
            else:
                stack.pop()
                v = path.pop()
                if closed.pop():
                    if closed:
                        closed[-1] = True
                    todo = [v]
                    while todo:
                        u = todo.pop()
                        if blocked[u]:
                            blocked[u] = False
                            todo.extend(blockers[u])
                            blockers[u] = set()
                else:
                    for w, _ in adj[v]:
                        blockers[w].add(v)
                steps += 1
                if should_stop is not None and not steps % CHECK_EVERY and should_stop():
                    state.stopped = True
                    return
        if through is None:
            rest = [v for v in comp if v != start]
            work.extend(c for c in strongly_connected(succ, rest) if len(c) > 1)


class BoundedSearch:
    """Cycles of bounded length; keeps per-root distance tables between calls.

    A cycle is found once, from its variable whose name sorts first (or from
    ``through``), and a branch is cut as soon as the shortest way back to the
    root would make the cycle too long.  Roots are taken in name order and
    each variable's successors too, so the cycles of any one length come out
    in name order (see :meth:`in_order`).

    ``keep_tables=False`` drops each root's distance table after use: for a
    single search, where keeping them would only cost memory (one table of up
    to all variables per variable).
    """

    def __init__(self, graph: SignedGraph, keep_tables: bool = True) -> None:
        self.graph = graph
        self.keep_tables = keep_tables
        comps = strongly_connected(graph.succ)
        self.comp_of = [0] * graph.size
        for k, comp in enumerate(comps):
            for v in comp:
                self.comp_of[v] = k
        self.comp_size = [len(c) for c in comps]
        comp_of = self.comp_of
        rank = self.rank = graph.rank
        self.order = sorted(range(graph.size), key=rank.__getitem__)

        def by_rank(edge: tuple[int, int, int]) -> int:
            return rank[edge[0]]

        # Links between components never lie on a cycle.
        self.succ = [
            sorted((e for e in graph.succ[v] if comp_of[e[0]] == comp_of[v]), key=by_rank) for v in range(graph.size)
        ]
        self.pred: list[list[int]] = [[] for _ in range(graph.size)]
        for v, edges in enumerate(self.succ):
            for w, _, _ in edges:
                self.pred[w].append(v)
        self._dist: dict[tuple[int, bool], dict[int, int]] = {}
        self.longest = max((len(c) for c in comps if len(c) > 1), default=0)

    def _distances(self, root: int, rooted: bool) -> dict[int, int]:
        """Links from each variable to ``root`` (unless ``rooted``, through variables ranked above it only)."""
        key = (root, rooted)
        table = self._dist.get(key)
        if table is None:
            table = self._reach(root, root, rooted)
            if self.keep_tables:
                self._dist[key] = table
        return table

    def _reach(self, goal: int, root: int, rooted: bool) -> dict[int, int]:
        """Links from each variable to ``goal`` inside its component, avoiding ``root`` and,
        unless ``rooted``, every variable ranked below it."""
        comp = self.comp_of[goal]
        least = self.rank[root]
        pred, comp_of, rank = self.pred, self.comp_of, self.rank
        table = {goal: 0}
        frontier = [goal]
        while frontier:
            following = []
            for w in frontier:
                d = table[w] + 1
                for u in pred[w]:
                    if u not in table and comp_of[u] == comp and u != root and (rooted or rank[u] > least):
                        table[u] = d
                        following.append(u)
            frontier = following
        return table

    def cycles(
        self,
        shortest: int,
        bound: int,
        through: int | None,
        state: SearchState,
        collect: bool,
        by_length: list[list[int]] | None = None,
    ) -> Iterator[Cycle]:
        """Cycles of ``shortest``..``bound`` links (``shortest`` >= 2).

        When counting, ``by_length[k]`` (if given, at least ``bound + 1``
        rows) takes the counts of the cycles of ``k`` links instead of
        ``state.counts``.
        """
        rows = by_length if by_length is not None else [state.counts] * (bound + 1)
        for path, minus, unknown in self._closing_paths(self._bounded_starts(through), shortest, bound, None, state):
            if collect:
                yield tuple(path), minus, unknown
            else:
                rows[len(path)][2 if unknown else minus] += 1

    def _bounded_starts(self, through: int | None) -> Iterator[Start]:
        """Roots for :meth:`cycles`: ``through`` alone (any variable may follow it), else every variable by rank."""
        rooted = through is not None
        for s in [through] if rooted else self.order:
            if self.comp_size[self.comp_of[s]] < 2:
                continue
            dist = self._distances(s, rooted)
            if len(dist) >= 2:
                yield s, dist, None, 0

    def _closing_paths(
        self, starts: Iterator[Start], shortest: int, bound: int, through: int | None, state: SearchState
    ) -> Iterator[tuple[list[int], int, int]]:
        """Depth-first from each root in turn: every path of ``shortest``..``bound`` links back to the root.

        ``starts`` gives each root with its ``dist`` table (links from a
        variable back to the root) and, for a path that must pass ``through``
        first, ``via`` (links from a variable to ``through``) and ``via_back``
        (links from ``through`` back to the root); ``via`` None when it need
        not.  A branch is cut as soon as it cannot close within ``bound``
        links.  Yields ``(path, minus_parity, unknown)``, ``unknown`` non-zero
        when a link on the loop is ``?``, with the live path list (copy it to
        keep it).  Both searches share this one loop so the
        pruning and the parity bookkeeping cannot drift apart; the step count
        for ``state.should_stop`` runs on across roots.
        """
        should_stop = state.should_stop
        succ = self.succ
        steps = 0
        for s, dist, via, via_back in starts:
            seen = via is None  # whether the path has passed ``through`` (or need not)
            on_path = {s}
            path = [s]
            edges: list[tuple[int, int]] = []
            parity = unknown = 0
            stack = [iter(succ[s])]
            while stack:
                steps += 1
                if should_stop is not None and not steps % CHECK_EVERY and should_stop():
                    state.stopped = True
                    return
                d = len(path)  # links on the path once the next one is taken
                for w, minus, unk in stack[-1]:
                    if w == s:
                        if seen and shortest <= d <= bound:
                            yield path, parity ^ minus, unknown | unk
                        continue
                    if w in on_path:
                        continue
                    if seen:
                        back = dist.get(w)
                        if back is None or d + back > bound:
                            continue
                    else:
                        ahead = via.get(w)  # type: ignore[union-attr]  # seen is False only with a via table
                        if ahead is None or d + ahead + via_back > bound:
                            continue
                        seen = w == through
                    path.append(w)
                    on_path.add(w)
                    edges.append((minus, unk))
                    parity ^= minus
                    unknown += unk
                    stack.append(iter(succ[w]))
                    break
                else:
                    stack.pop()
                    v = path.pop()
                    on_path.discard(v)
                    if v == through and v != s:
                        seen = False
                    if edges:
                        minus, unk = edges.pop()
                        parity ^= minus
                        unknown -= unk

    def in_order(self, length: int, through: int | None, state: SearchState) -> Iterator[int]:
        """Polarity codes (0 R, 1 B, 2 unknown) of the cycles of exactly ``length`` links, in name order.

        Within one length, name order is the order of the members' name ranks
        read from each cycle's first-sorting member.  A depth-first search
        that takes roots by rank, successors by rank and only variables ranked
        above the root meets the cycles in exactly that order, so nothing is
        held to sort them.  With ``through`` only cycles through it count,
        still found from their first-sorting member (ranked at most
        ``through``): until the path has passed ``through``, a branch is cut
        when it cannot reach ``through`` and get back to the root in time.

        Examples
        --------
        >>> from cld_editor.core import Diagram
        >>> d = Diagram()
        >>> a, b, c, x = (d.new_variable(n) for n in "abcx")
        >>> for s, t, p in [(a, b, "-"), (b, a, "+"), (b, c, "+"), (c, b, "+"), (c, x, "?"), (x, c, "+")]:
        ...     _ = d.new_link(s.id, t.id, p)
        >>> search = BoundedSearch(SignedGraph.from_diagram(d))
        >>> list(search.in_order(2, None, SearchState())), list(search.in_order(2, 1, SearchState()))
        ([1, 0, 2], [1, 0])
        """
        if length < 2 or length > self.longest:
            return
        starts = self._ordered_starts(length, through)
        for _, minus, unknown in self._closing_paths(starts, length, length, through, state):
            yield 2 if unknown else minus

    def _ordered_starts(self, length: int, through: int | None) -> Iterator[Start]:
        """Roots for :meth:`in_order`: by rank up to ``through``, each with only higher-ranked variables after it."""
        rank, comp_of = self.rank, self.comp_of
        last = rank[through] if through is not None else len(rank)
        for s in self.order:
            if rank[s] > last:
                return
            if self.comp_size[comp_of[s]] < length or (through is not None and comp_of[s] != comp_of[through]):
                continue
            dist = self._distances(s, False)
            if through is None or through == s:
                yield s, dist, None, 0
            elif through in dist:
                yield s, dist, self._reach(through, s, False), dist[through]
