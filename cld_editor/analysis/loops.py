"""Feedback loops: every one, with polarity, members, delay flag and a stable name.

The rules (docs/architecture.md, "Loop rules"):

* a loop is an elementary directed cycle; a link from a variable to itself is a
  loop of length 1;
* any ``?`` link makes the loop ``?`` (unknown); otherwise an even number of
  ``-`` links makes it ``R`` (reinforcing), an odd number ``B`` (balancing);
* a loop starts at its variable whose name sorts first (case-insensitive);
  loops are named R1.., B1.., U1.. in order of length, then of that name
  sequence, so the same diagram always gets the same names.

Because names follow length first, loops can be streamed shortest first with
their final names (:func:`iter_loops`), and a length filter never renames a
loop.

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> jobs, work, claims = (d.new_variable(n) for n in ("Jobs", "Worklessness", "Claims"))
>>> _ = d.new_link(jobs.id, work.id, "-"); _ = d.new_link(work.id, jobs.id, "-")
>>> _ = d.new_link(work.id, claims.id, "+"); _ = d.new_link(claims.id, work.id, "+", delay=True)
>>> [(lp.name, lp.polarity, lp.delayed) for lp in find_loops(d).loops]
[('R1', 'R', True), ('R2', 'R', False)]
>>> [d.variables[v].name for v in find_loops(d).loops[0].variables]
['Claims', 'Worklessness']
>>> count_loops(d).reinforcing
2
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, NamedTuple

from ..core.diagram import Diagram
from .graph import SignedGraph
from .search import BoundedSearch, Cycle, SearchState, johnson, self_loops

POLARITY_CODES = ("R", "B", "?")
POLARITY_WORDS = {"R": "reinforcing", "B": "balancing", "?": "unknown"}
NAME_PREFIX = {"R": "R", "B": "B", "?": "U"}

StopCheck = Callable[[], bool]


class Loop(NamedTuple):
    """One feedback loop.

    ``variables`` and ``links`` are ids in loop order, starting at the variable
    whose name sorts first; ``links[i]`` goes from ``variables[i]`` to the next.
    (A named tuple: millions of them are made quickly.)
    """

    name: str
    polarity: str
    variables: tuple[str, ...]
    links: tuple[str, ...]
    delayed: bool

    @property
    def length(self) -> int:
        return len(self.variables)

    @property
    def polarity_word(self) -> str:
        return POLARITY_WORDS[self.polarity]

    def variable_names(self, diagram: Diagram) -> list[str]:
        """The members' names in loop order."""
        return [diagram.variables[v].name for v in self.variables]

    def to_json(self, diagram: Diagram) -> dict[str, Any]:
        """The loop as in ``cld-editor loops --json``."""
        return {
            "name": self.name,
            "polarity": self.polarity,
            "length": self.length,
            "variables": self.variable_names(diagram),
            "delayed": self.delayed,
        }


@dataclass(frozen=True)
class LoopList:
    """Loops in name order, and whether the search found them all."""

    loops: list[Loop]
    complete: bool

    def counts(self) -> "LoopCount":
        tally = {"R": 0, "B": 0, "?": 0}
        for loop in self.loops:
            tally[loop.polarity] += 1
        return LoopCount(len(self.loops), tally["R"], tally["B"], tally["?"], self.complete)


@dataclass(frozen=True)
class LoopCount:
    """How many loops of each polarity; ``complete`` is false when a limit or stop cut the search."""

    total: int
    reinforcing: int
    balancing: int
    unknown: int
    complete: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "reinforcing": self.reinforcing,
            "balancing": self.balancing,
            "unknown": self.unknown,
            "complete": self.complete,
        }


class LoopNamer:
    """Turns raw cycles into named :class:`Loop` objects in canonical order."""

    def __init__(self, graph: SignedGraph) -> None:
        self.graph = graph
        self.next_number = {"R": 1, "B": 1, "?": 1}

    def canonical(self, nodes: tuple[int, ...]) -> tuple[int, ...]:
        """Rotate a cycle to start at the node whose name sorts first."""
        first = nodes.index(min(nodes, key=self.graph.rank.__getitem__))
        return nodes[first:] + nodes[:first]

    def decorate(self, cycles: Iterable[Cycle],
                 one_length: bool = False) -> list[tuple[tuple[int, ...], tuple[int, ...], int, int]]:
        """``(order key, canonical nodes, minus, unknown)`` for each cycle: the one loop order.

        Loops are ordered shortest first, then by their members' names in loop
        order: the key is the length followed by each member's name rank.
        Every search (:func:`iter_loops`, :func:`find_loops` and the streamed
        search of :mod:`cld_editor.analysis.loop_stream`) sorts by this key, so
        a loop has the same name wherever it is found.  ``one_length`` says
        that all the cycles have the same length; the key then leaves the
        length out, which orders them the same and compares faster.
        """
        if not one_length:
            return list(self.decorated(cycles))
        rank, canonical = self.graph.rank, self.canonical
        decorated = []
        for nodes, minus, unknown in cycles:
            nodes = canonical(nodes)
            decorated.append((tuple([rank[v] for v in nodes]), nodes, minus, unknown))
        return decorated

    def decorated(self, cycles: Iterable[Cycle]) -> Iterator[tuple[tuple[int, ...], tuple[int, ...], int, int]]:
        """:meth:`decorate` one cycle at a time, holding none of them."""
        rank, canonical = self.graph.rank, self.canonical
        for nodes, minus, unknown in cycles:
            nodes = canonical(nodes)
            yield (len(nodes), *[rank[v] for v in nodes]), nodes, minus, unknown

    def name_all(self, cycles: Iterable[Cycle]) -> list[Loop]:
        """Sort ``cycles`` canonically and name them, continuing the numbering."""
        decorated = self.decorate(cycles)
        decorated.sort(key=lambda item: item[0])
        return [self.make(nodes, minus, unknown) for _, nodes, minus, unknown in decorated]

    def make(self, nodes: tuple[int, ...], minus: int, unknown: int) -> Loop:
        """Name one canonical cycle (the next number of its polarity)."""
        g = self.graph
        polarity = "?" if unknown else ("B" if minus else "R")
        number = self.next_number[polarity]
        self.next_number[polarity] = number + 1
        pairs = list(zip(nodes, nodes[1:] + nodes[:1]))
        link_ids, delayed = g.link_ids, g.delayed
        return Loop(
            f"{NAME_PREFIX[polarity]}{number}",
            polarity,
            tuple([g.ids[v] for v in nodes]),
            tuple([link_ids[p] for p in pairs]),
            not delayed.isdisjoint(pairs),
        )


def _node(graph: SignedGraph, variable_id: str | None) -> int | None:
    if variable_id is None:
        return None
    try:
        return graph.ids.index(variable_id)
    except ValueError:
        raise KeyError(f'no variable with id "{variable_id}"') from None


def iter_loops(
    diagram: Diagram,
    *,
    through: str | None = None,
    max_length: int | None = None,
    should_stop: StopCheck | None = None,
    state: SearchState | None = None,
) -> Iterator[Loop]:
    """Yield loops shortest first, in name order, each with its final name.

    The first loops arrive at once even when there are millions: the search
    runs one length at a time.  ``through`` (a variable id) keeps the loops
    through that variable, still with their names among all loops.  Pass a
    :class:`SearchState` to learn afterwards whether ``should_stop`` cut it.

    Examples
    --------
    >>> from cld_editor.core import Diagram
    >>> d = Diagram()
    >>> a, b, c = (d.new_variable(n) for n in "abc")
    >>> for s, t in [(a, b), (b, a), (b, c), (c, a)]:
    ...     _ = d.new_link(s.id, t.id)
    >>> [(lp.name, lp.length) for lp in iter_loops(d)]
    [('R1', 2), ('R2', 3)]
    """
    state = state or SearchState(should_stop)
    graph = SignedGraph.from_diagram(diagram)
    target = _node(graph, through)
    namer = LoopNamer(graph)
    keep_id = graph.ids[target] if target is not None else None
    wanted = max_length if max_length is not None else graph.size

    def keep(loop: Loop) -> bool:
        return keep_id is None or keep_id in loop.variables

    if wanted >= 1:
        for loop in namer.name_all(list(self_loops(graph, None, state, True))):
            if keep(loop):
                yield loop
    search = BoundedSearch(graph)
    for shortest, longest in _bands(min(wanted, search.longest)):
        band = list(search.cycles(shortest, longest, None, state, True))
        if state.stopped:
            return
        for loop in namer.name_all(band):
            if keep(loop):
                yield loop


def _bands(top: int) -> Iterator[tuple[int, int]]:
    """Length bands 2..``top`` that widen by half each time.

    The first loops come at once, and searching band after band costs a few
    full searches, not one per length.

    >>> list(_bands(10))
    [(2, 3), (4, 6), (7, 10)]
    """
    shortest = 2
    while shortest <= top:
        longest = min(top, max(shortest, shortest * 3 // 2))
        yield shortest, longest
        shortest = longest + 1


def find_loops(
    diagram: Diagram,
    *,
    through: str | None = None,
    max_length: int | None = None,
    limit: int | None = None,
    should_stop: StopCheck | None = None,
) -> LoopList:
    """Return the loops in name order (see :func:`iter_loops` for the arguments).

    ``limit`` keeps the first ``limit`` loops and marks the list incomplete when
    there were more.
    """
    state = SearchState(should_stop)
    if limit is None and max_length is None:
        # Johnson's algorithm finds everything fastest; sort once at the end.
        graph = SignedGraph.from_diagram(diagram)
        cycles = list(self_loops(graph, None, state, True)) + list(johnson(graph, None, state, True))
        loops = LoopNamer(graph).name_all(cycles)
        if through is not None:
            loops = [lp for lp in loops if through in lp.variables]
        return LoopList(loops, not state.stopped)
    if limit is not None and through is None:
        return _first_loops(diagram, max_length, limit, state)
    stream = iter_loops(diagram, through=through, max_length=max_length, state=state)
    loops = []
    for loop in stream:
        if limit is not None and len(loops) >= limit:
            stream.close()
            return LoopList(loops, False)
        loops.append(loop)
    return LoopList(loops, not state.stopped)


def _first_loops(diagram: Diagram, max_length: int | None, limit: int, state: SearchState) -> LoopList:
    """The first ``limit`` loops in name order, naming only those.

    The length band where the limit falls is searched in full (its order is
    only known then), but only its first loops are kept, in a heap, and named:
    a band of millions of loops costs a heap of ``limit``, not a sorted list.
    """
    graph = SignedGraph.from_diagram(diagram)
    namer = LoopNamer(graph)
    wanted = max_length if max_length is not None else graph.size
    loops = namer.name_all(list(self_loops(graph, None, state, True))) if wanted >= 1 else []
    if len(loops) > limit:
        return LoopList(loops[:limit], False)
    search = BoundedSearch(graph)
    for shortest, longest in _bands(min(wanted, search.longest)):
        room = limit - len(loops)
        decorated = namer.decorated(search.cycles(shortest, longest, None, state, True))
        first = heapq.nsmallest(room + 1, decorated, key=lambda item: item[0])  # one more: are there more?
        if state.stopped:
            return LoopList(loops, False)
        loops += [namer.make(nodes, minus, unknown) for _, nodes, minus, unknown in first[:room]]
        if len(first) > room:
            return LoopList(loops, False)
    return LoopList(loops, not state.stopped)


def count_loops(
    diagram: Diagram,
    *,
    through: str | None = None,
    max_length: int | None = None,
    limit: int | None = None,
    should_stop: StopCheck | None = None,
) -> LoopCount:
    """Count loops by polarity without keeping them in memory.

    With ``limit`` the count covers the first ``limit`` loops in name order,
    as :func:`find_loops` would list them, still without holding any loop:
    memory does not grow with the number of loops for any combination of the
    arguments.

    Examples
    --------
    >>> d = Diagram()
    >>> a, b, c = (d.new_variable(n) for n in "abc")
    >>> for s, t, p in [(a, b, "-"), (b, a, "-"), (b, c, "+"), (c, b, "-")]:
    ...     _ = d.new_link(s.id, t.id, p)
    >>> count_loops(d).to_json()
    {'total': 2, 'reinforcing': 1, 'balancing': 1, 'unknown': 0, 'complete': True}
    >>> count_loops(d, limit=1).to_json()  # R1 (a, b) comes before B1 (b, c)
    {'total': 1, 'reinforcing': 1, 'balancing': 0, 'unknown': 0, 'complete': False}
    """
    if limit is not None:
        return _count_first(diagram, through, max_length, limit, should_stop)
    state = SearchState(should_stop)
    graph = SignedGraph.from_diagram(diagram)
    target = _node(graph, through)
    for _ in self_loops(graph, target, state, False):
        pass
    if max_length is None:
        for _ in johnson(graph, target, state, False):
            pass
    elif max_length >= 2:
        for _ in BoundedSearch(graph, keep_tables=False).cycles(2, max_length, target, state, False):
            pass
    r, b, u = state.counts
    return LoopCount(r + b + u, r, b, u, not state.stopped)


def _count_first(
    diagram: Diagram, through: str | None, max_length: int | None, limit: int, should_stop: StopCheck | None
) -> LoopCount:
    """Count the first ``limit`` loops in name order, holding none of them.

    Names run by length first, so every length shorter than the one where the
    limit falls counts in full and only that length is cut part-way.  Pass
    one counts loops by length and polarity, band by band as
    :func:`iter_loops` searches, until the running total reaches ``limit``.
    When the limit cuts a length part-way, pass two walks that length's loops
    in name order (:meth:`BoundedSearch.in_order`, which meets them in that
    order) and counts the polarity of as many as are still wanted.  Memory:
    three counters per length, the search path, and one distance table (at
    most one entry per variable) per variable, as any bounded search keeps;
    never anything per loop.  Time: at most one more search of one length
    than counting the bands.
    """
    state = SearchState(should_stop)
    graph = SignedGraph.from_diagram(diagram)
    target = _node(graph, through)
    search = BoundedSearch(graph)
    top = min(graph.size if max_length is None else max_length, search.longest)
    tally = [0, 0, 0]
    taken = 0

    def result(complete: bool) -> LoopCount:
        return LoopCount(sum(tally), tally[0], tally[1], tally[2], complete and not state.stopped)

    rank = graph.rank
    singles = sorted((rank[v], 2 if unknown else minus) for v, minus, unknown in graph.self_loops
                     if target is None or v == target) if (max_length is None or max_length >= 1) else []
    bands: Iterator[tuple[int, int, list[list[int]]]] = _band_counts(search, top, target, state)
    if singles:
        ones = [0, 0, 0]
        for _, code in singles:
            ones[code] += 1
        bands = itertools.chain([(1, 1, [[], ones])], bands)
    for shortest, longest, rows in bands:
        if state.stopped:
            return result(False)
        for length in range(shortest, longest + 1):
            row = rows[length]
            found = sum(row)
            if taken + found <= limit:
                taken += found
                for code in range(3):
                    tally[code] += row[code]
                if taken < limit:
                    continue
                more = any(sum(rows[k]) for k in range(length + 1, longest + 1))
                return result(not more and not _any_longer(search, longest, top, target, state))
            wanted = limit - taken
            codes = (code for _, code in singles) if length == 1 else search.in_order(length, target, state)
            for code in itertools.islice(codes, wanted):
                tally[code] += 1
            return result(False)
    return result(True)


def _band_counts(
    search: BoundedSearch, top: int, target: int | None, state: SearchState
) -> Iterator[tuple[int, int, list[list[int]]]]:
    """``(shortest, longest, rows)`` band by band: ``rows[k]`` counts the loops of ``k`` links by polarity."""
    for shortest, longest in _bands(top):
        rows = [[0, 0, 0] for _ in range(longest + 1)]
        for _ in search.cycles(shortest, longest, target, state, False, rows):
            pass
        yield shortest, longest, rows


def _any_longer(search: BoundedSearch, length: int, top: int, target: int | None, state: SearchState) -> bool:
    """Whether any loop of more than ``length`` (and at most ``top``) links exists, stopping at the first."""
    if length + 1 > top:
        return False
    found = search.cycles(max(2, length + 1), top, target, state, True)
    try:
        return next(found, None) is not None
    finally:
        found.close()
