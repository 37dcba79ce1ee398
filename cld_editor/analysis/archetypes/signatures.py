"""The structural signature of each archetype (docs/archetypes.md states them in words).

Each ``detect_*`` function yields candidate matches from a :class:`Scene`: the
diagram's loops as :class:`~.shapes.LoopShape` objects, indexed by the
variables they pass through.  "Shares a segment" and "exclusive arc" are
defined in :mod:`.shapes`.  Roles are given to the variables the structure
pins down; a variable that is only a step on the way keeps no role.
"""

from __future__ import annotations

from typing import Iterator

from ...core.diagram import Diagram
from ..loops import Loop
from .model import TEXTBOOK_DELAYS, ArchetypeMatch
from .shapes import LoopShape, Segment, Surroundings, shared_segment

GOAL_OR_ACTOR = ('Is "{s}" measured against a goal the system holds itself to, or against what a second '
                 "actor does? A goal that gives way under pressure is eroding goals; a rival who answers "
                 "in kind is escalation.")


class Exhausted(Exception):
    """A signature used up its share of work (a very dense diagram): it stops where it is."""


def _touching_pairs(scene: "Scene", polarity: str) -> Iterator[tuple[int, int]]:
    """Pairs ``i < j`` of loops of ``polarity`` that share a variable."""
    for i in scene.of(polarity):
        for j in scene.touching(i, polarity):
            if j > i:
                yield i, j


class Scene:
    """The loops of a diagram, ready for the signatures.

    ``budget`` bounds the new loop pairs one signature may examine (see :meth:`charge`).
    """

    budget = 10_000

    def __init__(self, diagram: Diagram, loops: list[Loop]) -> None:
        self.diagram = diagram
        self.shapes = [LoopShape(diagram, loop) for loop in loops]
        self.around = Surroundings(diagram)
        self._by_var: dict[str, list[int]] = {}
        for i, shape in enumerate(self.shapes):
            for v in shape.vars:
                self._by_var.setdefault(v, []).append(i)
        self._segments: dict[tuple[int, int], Segment | None] = {}
        self._touching: dict[tuple[int, str], list[int]] = {}
        self._polarity: dict[str, list[int]] = {}
        self.spent = 0

    def charge(self) -> None:
        """Count one unit of work; raise :class:`Exhausted` past the budget."""
        self.spent += 1
        if self.spent > self.budget:
            raise Exhausted

    def of(self, polarity: str) -> list[int]:
        if polarity not in self._polarity:
            self._polarity[polarity] = [i for i, s in enumerate(self.shapes) if s.polarity == polarity]
        return self._polarity[polarity]

    def touching(self, i: int, polarity: str) -> list[int]:
        """Loops of ``polarity`` that share at least one variable with loop ``i``."""
        key = (i, polarity)
        if key not in self._touching:
            found = {j for v in self.shapes[i].vars for j in self._by_var[v]}
            found.discard(i)
            self._touching[key] = sorted(j for j in found if self.shapes[j].polarity == polarity)
        return self._touching[key]

    def segment(self, i: int, j: int) -> Segment | None:
        key = (i, j)
        if key not in self._segments:
            self.charge()
            self._segments[key] = shared_segment(self.shapes[i], self.shapes[j])
        return self._segments[key]

    def crowd(self, match: ArchetypeMatch) -> float:
        """How many short loops from outside the match pass through each of its variables, on average.

        Loops of every shape meet by chance where many loops pass."""
        variables = match.variables
        own = sum(len(loop.variables) for loop in match.loops)
        return (sum(len(self._by_var.get(v, ())) for v in variables) - own) / len(variables)

    def stray(self, match: ArchetypeMatch) -> float:
        """Links that tie the match's variables into other loops, per variable.

        Links from or to variables on no loop through this part (conditions, consequences) cannot
        make chance loops and do not count."""
        variables = match.variables
        own = {lid for loop in match.loops for lid in loop.links}
        count = 0
        for v in variables:
            for link in self.diagram.links_from(v):
                count += link.id not in own and self._looping(link)
            for link in self.diagram.links_into(v):
                count += link.id not in own and link.source not in variables and self._looping(link)
        return count / len(variables)

    def chords(self, match: ArchetypeMatch) -> int:
        """Links between two of the match's variables that none of its loops uses.

        The textbook forms have none; a chance match cut out of a tangle usually has some."""
        variables = match.variables
        own = {lid for loop in match.loops for lid in loop.links}
        return sum(link.id not in own and link.target in variables
                   for v in variables for link in self.diagram.links_from(v))

    def explains(self, compound: ArchetypeMatch, part: ArchetypeMatch) -> bool:
        """Whether the variables ``compound`` adds to ``part`` belong to the structure: they are tied
        into other loops by no more links each, on average, than ``part``'s own variables are (see
        :meth:`stray`), or than one each (where ``part`` is tied in by nothing, one chance link on an
        added variable would otherwise hand a planted compound to its simple part).  A loop that
        crosses a planted compound by chance leaves it telling; a chance loop through a tangle, joined
        to a simple match, brings the tangle's links with it."""
        own = {lid for loop in compound.loops for lid in loop.links}
        added = compound.variables - part.variables
        count = sum(link.id not in own and self._looping(link)
                    for v in added for link in self.diagram.links_from(v) + self.diagram.links_into(v))
        return count <= max(self.stray(part), 1.0) * len(added)

    def relays(self, variable: str) -> bool:
        """Whether ``variable`` has one cause and one effect among the links that can lie on loops:
        a step on a link, whatever pushes on it from outside its part of the diagram."""
        return (sum(map(self._looping, self.diagram.links_into(variable))) == 1
                and sum(map(self._looping, self.diagram.links_from(variable))) == 1)

    def _looping(self, link) -> bool:
        """Whether ``link`` can lie on a loop (both ends in one strongly connected part)."""
        return self.around.part(link.source) == self.around.part(link.target)

    def surplus_delays(self, match: ArchetypeMatch) -> int:
        """Delayed links on the match's loops beyond the ones its textbook form has."""
        links = {lid for loop in match.loops for lid in loop.links}
        delayed = sum(self.diagram.links[lid].delay for lid in links)
        return max(0, delayed - TEXTBOOK_DELAYS[match.archetype])

    def disjoint(self, *indices: int) -> bool:
        seen: set[str] = set()
        for i in indices:
            if seen & self.shapes[i].members:
                return False
            seen |= self.shapes[i].members
        return True

    def match(self, archetype: str, indices: tuple[int, ...], roles: dict[str, str], **extra) -> ArchetypeMatch:
        loops = tuple(sorted((self.shapes[i].loop for i in indices), key=_loop_order))
        # The most compact match first: fewest variables in all, then the shortest loops.
        spread = len({v for loop in loops for v in loop.variables})
        size = sum(len(loop.variables) for loop in loops)
        return ArchetypeMatch(archetype, loops, roles, order=(spread, size, tuple(_loop_order(lp) for lp in loops)),
                              **extra)


def _loop_order(loop: Loop) -> tuple:
    return (loop.polarity, int(loop.name[1:]))


def _ends(arc: tuple[str, ...], first: str, last: str, middle: str | None = None) -> dict[str, str]:
    """Roles along an arc: its first and last variable, and optionally the ones between."""
    roles: dict[str, str] = {}
    if middle is not None:
        roles.update(dict.fromkeys(arc[1:-1], middle))
    if arc:
        roles[arc[0]] = first
        roles[arc[-1]] = last
    return roles


# ------------------------------------------------------------ two loops
def detect_fixes_that_fail(scene: Scene) -> Iterator[ArchetypeMatch]:
    """A balancing loop (the fix) and a reinforcing loop sharing the path problem -> fix (a
    positive path: the worse the problem, the more fix); the
    reinforcing loop's own arc (the unintended consequence) has a variable and a delay; where that
    part of the diagram has no delay marks at all, the structure alone decides."""
    for b in scene.of("B"):
        for r in scene.touching(b, "R"):
            seg = scene.segment(b, r)
            if seg is None or len(seg.shared) < 2 or not seg.only_b:
                continue
            # A fix is applied the more, the worse the problem gets.
            if scene.shapes[b].sign_from(seg.converge, seg.diverge) != "+":
                continue
            # The fix acts quickly; the consequence comes late, where delays are drawn at all.  (Asking
            # the consequence's arc to be the longer where none are drawn lost fixes drawn with steps
            # on the fix's way back, and kept out hardly any chance match: measured, docs/archetypes.md.)
            if scene.shapes[b].delayed(seg.diverge, seg.converge):
                continue
            if not (scene.shapes[r].delayed(seg.diverge, seg.converge) or scene.around.undelayed(seg.converge)):
                continue
            roles = dict.fromkeys(seg.only_b, "unintended_consequence")
            roles[seg.converge] = "problem_symptom"
            roles[seg.diverge] = "fix"
            yield scene.match("fixes_that_fail", (b, r), roles)


def detect_limits_to_growth(scene: Scene) -> Iterator[ArchetypeMatch]:
    """A reinforcing loop (growing action) and a balancing loop (slowing action) sharing one path
    (the performance, a positive path: its variables rise together), each with a variable of its
    own, and the balancing loop's own arc driven by a variable on no loop at all (the limiting
    condition), or a slowing action that bites late."""
    for r in scene.of("R"):
        for b in scene.touching(r, "B"):
            seg = scene.segment(r, b)
            if seg is None or not seg.only_a or not seg.only_b:
                continue
            limits = scene.around.conditions(seg.only_b)
            rs, bs = scene.shapes[r], scene.shapes[b]
            # Performance is one quantity that the growing action raises: the variables it passes
            # through rise together (a positive shared path, so the growth loop's own arc is positive too).
            if rs.sign_from(seg.converge, seg.diverge) != "+":
                continue
            # The limit shows as an outside condition, or as a slowing action that bites late.
            if not limits and not bs.delayed(seg.diverge, seg.converge):
                continue
            # A delayed side arc on the reinforcing loop alone is a fix that fails, not a limit.
            if len(seg.shared) >= 2 and rs.delayed(seg.diverge, seg.converge) \
                    and not bs.delayed(seg.diverge, seg.converge):
                continue
            roles = dict.fromkeys(seg.shared, "performance")
            roles.update(dict.fromkeys(seg.only_a, "growing_action"))
            roles.update(dict.fromkeys(seg.only_b, "slowing_action"))
            members = rs.members | bs.members
            roles.update(dict.fromkeys(scene.around.acting_on(seg.only_b, members), "limiting_condition"))
            yield scene.match("limits_to_growth", (r, b), roles)


def _one_shared(scene: Scene, i: int, j: int) -> Segment | None:
    seg = scene.segment(i, j)
    if seg is None or len(seg.shared) != 1 or len(seg.only_a) < 2 or len(seg.only_b) < 2:
        return None
    return seg


def detect_goal_or_escalation(scene: Scene) -> Iterator[ArchetypeMatch]:
    """Two balancing loops meeting in exactly one variable (the gap, or the position of one actor
    relative to the other), each with at least two variables of its own, at least one of them
    with a delay (unless that part of the diagram has no delay marks at all).  Structure cannot tell
    a goal from a second actor: both are reported."""
    for i, j in _touching_pairs(scene, "B"):
        seg = _one_shared(scene, i, j)
        if seg is None:
            continue
        s = seg.converge
        a, b = scene.shapes[i], scene.shapes[j]
        delayed = (a.delayed(s, s), b.delayed(s, s))
        if not any(delayed) and not scene.around.undelayed(s):
            continue
        corrective, goal = _corrective_first(seg, (a, b), delayed)
        roles = {s: "gap"}
        roles.update(_ends(corrective, "corrective_action", "actual_condition", "corrective_action"))
        roles.update(_ends(goal, "pressure_to_lower_goal", "goal", "pressure_to_lower_goal"))
        question = GOAL_OR_ACTOR.format(s=scene.diagram.variables[s].name)
        yield scene.match("eroding_goals", (i, j), roles, ambiguous_with=("escalation",), question=question)
        roles = {s: "relative_position"}
        roles.update(_ends(seg.only_a, "activity_a", "results_a", "activity_a"))
        roles.update(_ends(seg.only_b, "activity_b", "results_b", "activity_b"))
        yield scene.match("escalation", (i, j), roles, ambiguous_with=("eroding_goals",), question=question)


def _corrective_first(seg: Segment, shapes: tuple[LoopShape, LoopShape],
                      delayed: tuple[bool, bool]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The two own arcs of an eroding-goals pair, corrective arc first.

    The loop that acts with a delay is the corrective action; the quick one lowers the goal.  Where
    both or neither are delayed, the signs tell them apart, whichever way the gap is measured: the
    corrective action raises the actual condition (a positive path from the first to the last
    variable of its arc), the pressure lowers the goal (a negative path).  Only where the signs do
    not differ either is the loop met first called the corrective one.
    """
    arcs = (seg.only_a, seg.only_b)
    if delayed[0] != delayed[1]:
        first = 0 if delayed[0] else 1
    else:
        raises = [shape.sign_from(arc[0], arc[-1]) == "+" for shape, arc in zip(shapes, arcs)]
        first = 1 if raises == [False, True] else 0
    return arcs[first], arcs[1 - first]


def detect_success_to_the_successful(scene: Scene) -> Iterator[ArchetypeMatch]:
    """Two reinforcing loops meeting in exactly one variable (the allocation between A and B), each
    with at least two variables of its own; A's loop has no ``-`` link, B's has exactly two, one on
    the way out of the allocation and one on the way back, with a positive link between them (B's
    resources raise B's success): what favours A takes from B.  (Asking only that the two ``-``
    links are not next to each other on B's way round keeps the signature when extra steps are put
    on a link, whichever of the new links keeps the sign.)"""
    for i, j in _touching_pairs(scene, "R"):
        seg = _one_shared(scene, i, j)
        if seg is None:
            continue
        s = seg.converge
        sides = [(scene.shapes[i], seg.only_a), (scene.shapes[j], seg.only_b)]
        minus = [[k for k, sign in enumerate(_signs_from(shape, s)) if sign == "-"] for shape, _ in sides]
        if sorted(map(len, minus)) != [0, 2]:
            continue
        a, b = (0, 1) if not minus[0] else (1, 0)
        if minus[b][1] - minus[b][0] < 2:
            continue
        roles = {s: "allocation_to_a_over_b"}
        roles.update(_ends(sides[a][1], "resources_to_a", "success_of_a", "resources_to_a"))
        roles.update(_ends(sides[b][1], "resources_to_b", "success_of_b", "resources_to_b"))
        yield scene.match("success_to_the_successful", (i, j), roles)


def _signs_from(shape: LoopShape, start: str) -> list[str]:
    """The loop's link signs in order, starting with the link out of ``start``."""
    k = shape.pos[start]
    return list(shape.signs[k:] + shape.signs[:k])
