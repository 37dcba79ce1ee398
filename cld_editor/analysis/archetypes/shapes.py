"""Loop geometry for the archetype signatures: shared segments, exclusive arcs, outside inputs.

An archetype is a few loops that meet in a particular way.  Two loops *share a
segment* when the variables they have in common form one unbroken path that
both loops run through in the same direction: they *converge* at its first
variable and *diverge* at its last (the same variable when they share only
one).  Everything else on a loop is its *exclusive arc*: the variables after
the divergence and before the convergence, joined by the loop's own links.
Extra intermediate variables on any link only lengthen a segment or an arc,
so the signatures built on these notions tolerate them.

Examples
--------
>>> from cld_editor.core import Diagram
>>> from cld_editor.analysis.loops import find_loops
>>> d = Diagram()
>>> p, f, u = (d.new_variable(n) for n in ("Problem", "Fix", "Side effect"))
>>> for s, t, sign in [(p, f, "+"), (f, p, "-"), (f, u, "+"), (u, p, "+")]:
...     _ = d.new_link(s.id, t.id, sign)
>>> quick, slow = (LoopShape(d, lp) for lp in find_loops(d).loops)
>>> seg = shared_segment(quick, slow)
>>> [d.variables[v].name for v in seg.shared], [d.variables[v].name for v in seg.only_b]
(['Problem', 'Fix'], ['Side effect'])
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ...core.diagram import Diagram
from ..graph import SignedGraph, strongly_connected
from ..loops import Loop


class LoopShape:
    """A loop with fast membership, positions, link signs and delays."""

    def __init__(self, diagram: Diagram, loop: Loop) -> None:
        self.loop = loop
        self.vars = loop.variables
        self.n = len(loop.variables)
        self.members = frozenset(loop.variables)
        self.pos = {v: i for i, v in enumerate(loop.variables)}
        links = [diagram.links[lid] for lid in loop.links]
        self.signs = tuple(link.polarity for link in links)
        self.delays = tuple(link.delay for link in links)

    @property
    def polarity(self) -> str:
        return self.loop.polarity

    def arc(self, start: str, count: int) -> tuple[str, ...]:
        """``count`` variables of the loop from ``start`` onwards."""
        i = self.pos[start]
        return tuple(self.vars[(i + k) % self.n] for k in range(count))

    def between(self, start: str, end: str) -> tuple[str, ...]:
        """The variables strictly after ``start`` and before ``end`` (empty if adjacent)."""
        i, j = self.pos[start], self.pos[end]
        steps = (j - i) % self.n or self.n
        return tuple(self.vars[(i + k) % self.n] for k in range(1, steps))

    def links_from(self, start: str, end: str) -> range:
        """Indices of the links that lead from ``start`` round to ``end``."""
        i, j = self.pos[start], self.pos[end]
        steps = (j - i) % self.n or self.n
        return range(i, i + steps)

    def delayed(self, start: str, end: str) -> bool:
        """Whether a link on the way from ``start`` round to ``end`` carries a delay."""
        return any(self.delays[k % self.n] for k in self.links_from(start, end))

    def sign_from(self, start: str, end: str) -> str:
        """The sign of the way from ``start`` round to ``end``: ``-`` for an odd number of ``-`` links."""
        minus = sum(self.signs[k % self.n] == "-" for k in self.links_from(start, end))
        return "-" if minus % 2 else "+"

    def sign_out_of(self, v: str) -> str:
        """The sign of the loop's link leaving ``v``."""
        return self.signs[self.pos[v]]


@dataclass(frozen=True)
class Segment:
    """How two loops meet: the shared path and what each loop does on its own.

    ``shared`` runs from ``converge`` to ``diverge``; ``only_a`` / ``only_b``
    are the exclusive arcs (variables after ``diverge``, before ``converge``).
    """

    shared: tuple[str, ...]
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]

    @property
    def converge(self) -> str:
        return self.shared[0]

    @property
    def diverge(self) -> str:
        return self.shared[-1]


def shared_segment(a: LoopShape, b: LoopShape) -> Segment | None:
    """The one path two loops share, if what they share is exactly one path run the same way.

    Returns ``None`` when they share nothing, share pieces that are not joined
    up, or run through the shared variables in different orders.
    """
    common = a.members & b.members
    if not common or a.members == b.members:
        return None
    count = len(common)
    if count < a.n:
        starts = [v for v in common if a.vars[a.pos[v] - 1] not in common]
    elif count < b.n:
        starts = [v for v in common if b.vars[b.pos[v] - 1] not in common]
    else:
        return None
    if len(starts) != 1:
        return None
    start = starts[0]
    path = a.arc(start, count)
    if set(path) != common or b.arc(start, count) != path:
        return None
    end = path[-1]
    return Segment(path, a.between(end, start), b.between(end, start))


class Surroundings:
    """Which variables take part in no loop at all (outside conditions such as a limit or a standard),
    and which parts of the diagram were drawn without any delay mark."""

    def __init__(self, diagram: Diagram) -> None:
        self.diagram = diagram
        graph = SignedGraph.from_diagram(diagram)
        self._in_loop: set[str] = set()
        self._part: dict[str, int] = {}
        for number, component in enumerate(strongly_connected(graph.succ)):
            for i in component:
                self._part[graph.ids[i]] = number
            if len(component) > 1:
                self._in_loop |= {graph.ids[i] for i in component}
        self._in_loop |= {link.source for link in diagram.links.values() if link.source == link.target}
        self._delayed_parts = {self._part[link.source] for link in diagram.links.values()
                               if link.delay and self._part[link.source] == self._part[link.target]}
        self._conditions: dict[tuple[frozenset[str], int], list[str]] = {}

    def in_any_loop(self, variable: str) -> bool:
        return variable in self._in_loop

    def part(self, variable: str) -> int:
        """The number of the strongly connected part of the diagram ``variable`` lies in."""
        return self._part[variable]

    def undelayed(self, variable: str) -> bool:
        """Whether no link among the loops through ``variable`` carries a delay mark.

        The loops through a variable all lie in its strongly connected part of the diagram.  Where
        nobody marked a delay there, delays cannot tell one archetype from another: many people
        draw the textbook forms without them.
        """
        return self._part[variable] not in self._delayed_parts

    def acting_on(self, variables: tuple[str, ...] | frozenset[str], loops: frozenset[str],
                  at: str | None = None) -> list[str]:
        """The conditions of :meth:`conditions`; failing those, the limit among the variables off the
        match's ``loops`` that push on ``variables``, and the conditions behind it.

        Beside conditions on no loop, the pushes whose every link leads into ``variables`` count too:
        they act on this structure alone, even where other links have drawn them into some loop; and
        so does the one push on ``at``, if only one acts there.
        Without conditions on no loop, of several pushes, leaving out those driven by the match's loops
        alone (side paths of the structure) where others remain: the one push on ``at`` (the variable the
        archetype has the condition act on); else the one with the fewest causes of its own, if it
        is the only one with that few (a limit is set outside the loops and has few causes, it is not
        driven by them); else those of the fewest that act on this structure alone; else all of the
        fewest (the structure cannot tell which is the limit).
        Behind each of these, what an extra step relays (see :meth:`_relayed`)."""
        found = self.conditions(variables)
        targets = set(variables)
        if found:
            # Beside a condition on no loop, a push acting on this structure alone is one too.
            all_pushes = self._pushes(variables, loops, targets)
            pushes = [u for u in self._alone(all_pushes, targets) if u not in found]
            # So is the one push on the variable where the archetype has its condition act, even when
            # it is drawn into loops elsewhere (Kim's standard sets the perceived need to invest).
            if at is not None:
                there = [link.source for link in self.diagram.links_into(at) if link.source in all_pushes]
                if len(there) == 1 and there[0] not in found and there[0] not in pushes:
                    pushes.append(there[0])
        else:
            pushes = self._limit_among(self._pushes(variables, loops, targets), targets, at, loops)
        for u in pushes:
            # An extra step drawn into a loop elsewhere still leads back to the condition.
            found.extend(c for c in (u, *self.conditions((u,))) if c not in found and c not in loops)
        for u in list(found):
            found.extend(c for c in self._relayed(u, loops, targets) if c not in found)
        return found

    def _pushes(self, variables, loops: frozenset[str], targets: set[str]) -> list[str]:
        """The variables off the match's ``loops`` with a link into ``variables``, in link order."""
        return list(dict.fromkeys(link.source for v in variables for link in self.diagram.links_into(v)
                                  if link.source not in loops and link.source not in targets))

    def _alone(self, pushes: list[str], targets: set[str]) -> list[str]:
        """The ``pushes`` whose every link leads into ``targets``."""
        return [u for u in pushes if all(out.target in targets for out in self.diagram.links_from(u))]

    def _limit_among(self, pushes: list[str], targets: set[str], at: str | None,
                     loops: frozenset[str]) -> list[str]:
        """The limit among several ``pushes`` drawn into loops (see :meth:`acting_on`): one, or the
        candidates the structure cannot tell apart."""
        if len(pushes) <= 1:
            return pushes
        # A push driven by the match's own loops alone is a side path of the structure, not a limit.
        free = [u for u in pushes if any(link.source not in loops for link in self.diagram.links_into(u))]
        if free:
            pushes = free
        if len(pushes) == 1:
            return pushes
        if at is not None:
            there = [link.source for link in self.diagram.links_into(at) if link.source in pushes]
            if len(there) == 1:
                return there
        fewest = min(len(self.diagram.links_into(u)) for u in pushes)
        least_driven = [u for u in pushes if len(self.diagram.links_into(u)) == fewest]
        if len(least_driven) == 1:
            return least_driven
        # Neither acts on this structure alone: the structure cannot tell which limits it, so each is named.
        return self._alone(least_driven, targets) or least_driven

    def _relayed(self, step: str, loops: frozenset[str], targets: set[str], depth: int = 4) -> list[str]:
        """What ``step`` relays to the structure: while it only relays (its every effect leads into
        ``targets`` or on along the chain) and has a single cause off the match's ``loops``, that
        cause, and the conditions on no loop behind it.  An extra step drawn on the link from the
        condition carries nothing but the condition, even when the condition has been drawn into
        loops elsewhere."""
        found: list[str] = []
        chain = set(targets)
        for _ in range(depth):
            if not all(out.target in chain for out in self.diagram.links_from(step)):
                break
            chain.add(step)
            causes = self.diagram.links_into(step)
            if len(causes) != 1 or causes[0].source in loops or causes[0].source in chain:
                break
            step = causes[0].source
            found.extend(c for c in (step, *self.conditions((step,))) if c not in found and c not in loops)
        return found

    @cached_property
    def _outside_inputs(self) -> dict[str, tuple[str, ...]]:
        inputs: dict[str, list[str]] = {}
        for link in self.diagram.links.values():
            if link.source not in self._in_loop:
                inputs.setdefault(link.target, []).append(link.source)
        return {k: tuple(sorted(v)) for k, v in inputs.items()}

    def outside_inputs(self, variables: tuple[str, ...] | frozenset[str]) -> list[tuple[str, str]]:
        """``(source, target)`` for each link into ``variables`` from a variable on no loop."""
        return [(s, v) for v in variables for s in self._outside_inputs.get(v, ())]

    def conditions(self, variables: tuple[str, ...] | frozenset[str], depth: int = 4) -> list[str]:
        """The outside conditions acting on ``variables``.

        Each variable on no loop with a link into one of them, and, up to ``depth`` links further
        back through variables on no loop, the ones with no cause of their own or a single one: a
        chain of extra steps leads back to the condition itself.
        """
        key = (frozenset(variables), depth)
        if key not in self._conditions:
            self._conditions[key] = self._find_conditions(variables, depth)
        return list(self._conditions[key])

    def _find_conditions(self, variables, depth: int) -> list[str]:
        direct = list(dict.fromkeys(source for source, _ in self.outside_inputs(variables)))
        found, seen, frontier = list(direct), set(direct), direct
        for _ in range(depth):
            step = []
            for v in frontier:
                for link in self.diagram.links_into(v):
                    u = link.source
                    if u not in self._in_loop and u not in seen:
                        seen.add(u)
                        step.append(u)
                        if len(self.diagram.links_into(u)) <= 1:
                            found.append(u)
            frontier = step
        return found
