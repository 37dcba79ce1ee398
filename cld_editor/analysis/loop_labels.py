"""Loop labels: where a new one goes, and which loop each label belongs to after an edit.

A loop label (the circular arrow with R1, B2... and an optional name such as
"Engine of growth") sits inside its loop.  :func:`label_position` finds that
spot: the centre of the loop's variables, nudged until it is clear of every
variable and of the loop's own links.

Loops are renumbered whenever the diagram changes (names follow length and
alphabetical order), so a label is tied to its loop by *membership*, not by
code: :func:`match_labels` pairs labels with loops (same variables first, then
the closest partial overlap for a loop that changed a little), and
:func:`label_updates` says which ``code`` and ``members`` each label should
now have.  The user's name, story and position are never touched.

Examples
--------
>>> from cld_editor.core import Diagram, LoopLabel
>>> from cld_editor.analysis.loops import find_loops
>>> d = Diagram()
>>> a, b, c = (d.new_variable(n, x, y) for n, x, y in (("a", 0, 0), ("b", 200, 0), ("c", 100, 180)))
>>> for s, t, p in [(a, b, "+"), (b, a, "-"), (b, c, "+"), (c, a, "+")]:
...     _ = d.new_link(s.id, t.id, p)
>>> [(lp.name, lp.variables) for lp in find_loops(d).loops]
[('B1', ('v1', 'v2')), ('R1', ('v1', 'v2', 'v3'))]
>>> _ = d.insert("loop_label", LoopLabel("loop1", code="R1", name="Engine", members=("v1", "v2", "v3")))
>>> _ = d.update_link("l4", polarity="-")   # the triangle now balances: it becomes B2
>>> label_updates(d, find_loops(d).loops)
[('loop1', {'code': 'B2'})]
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..core.diagram import Diagram
from ..core.elements import LoopLabel
from .loops import Loop

#: How far (scene units) a label keeps from the centre of any variable.
CLEARANCE = 55.0
#: How far it keeps from the straight line of one of the loop's links.
LINK_CLEARANCE = 22.0
#: Loops considered when a label is matched by position.
POSITION_LOOPS = 5_000
#: The least share of common members (Jaccard index) for a partial match.
MIN_OVERLAP = 0.5


def _inside(x: float, y: float, polygon: Sequence[tuple[float, float]]) -> bool:
    """Even-odd rule: whether ``(x, y)`` lies inside ``polygon``."""
    result = False
    n = len(polygon)
    for i in range(n):
        x1, y1 = polygon[i]
        x2, y2 = polygon[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def _segment_distance(px: float, py: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def label_position(diagram: Diagram, members: Sequence[str]) -> tuple[float, float]:
    """An automatic spot for a loop label: inside the loop, clear of variables and links.

    Starts at the centre of the members and searches outwards on rings until a
    spot is clear of every variable (and, for loops of three or more, inside
    the loop's outline and off its links).  A loop of two variables is drawn
    as two arcs bowing apart, so its inside is the middle between them.

    Examples
    --------
    >>> from cld_editor.core import Diagram
    >>> d = Diagram()
    >>> ids = [d.new_variable(n, x, y).id for n, x, y in (("a", 0, 0), ("b", 300, 0), ("c", 300, 300), ("d", 0, 300))]
    >>> label_position(d, ids)
    (150.0, 150.0)
    >>> label_position(d, ids[:2])
    (150.0, 0.0)
    """
    points = [(diagram.variables[v].x, diagram.variables[v].y) for v in members if v in diagram.variables]
    if not points:
        return 0.0, 0.0
    cx = sum(p[0] for p in points) / len(points)
    cy = sum(p[1] for p in points) / len(points)
    if len(points) == 1:
        return cx, cy - 70.0  # above a variable that feeds itself
    others = [(v.x, v.y) for v in diagram.variables.values()]
    polygon = points if len(points) >= 3 else []
    edges = [(points[i], points[(i + 1) % len(points)]) for i in range(len(polygon))]

    def clear(x: float, y: float) -> bool:
        if any(math.hypot(x - ox, y - oy) < CLEARANCE for ox, oy in others):
            return False
        if polygon and not _inside(x, y, polygon):
            return False
        return all(_segment_distance(x, y, a, b) >= LINK_CLEARANCE for a, b in edges)

    if clear(cx, cy):
        return round(cx, 1), round(cy, 1)
    span = max(max(math.hypot(px - cx, py - cy) for px, py in points), CLEARANCE)
    step = 10.0
    radius = step
    while radius <= span * 1.5:
        count = max(8, int(2 * math.pi * radius / step))
        for k in range(count):
            angle = math.pi / 2 + 2 * math.pi * k / count
            x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
            if clear(x, y):
                return round(x, 1), round(y, 1)
        radius += step
    return round(cx, 1), round(cy, 1)


def new_label(diagram: Diagram, loop: Loop, name: str = "") -> LoopLabel:
    """A loop label for ``loop`` at its automatic position, with a fresh id."""
    x, y = label_position(diagram, loop.variables)
    return LoopLabel(diagram.new_id("loop_label"), x, y, code=loop.name, name=name, members=loop.variables)


@dataclass(frozen=True)
class Match:
    """A label and the loop it now belongs to; ``exact`` when the members are the same."""

    label: str
    loop: Loop
    exact: bool


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def match_labels(labels: Iterable[LoopLabel], loops: Iterable[Loop]) -> list[Match]:
    """Pair each label with a loop by membership.

    Labels whose member set equals a loop's match it outright.  The others
    match the loop with the largest share of common members (at least
    :data:`MIN_OVERLAP`), each loop taken at most once, best pairs first, so a
    loop that gained or lost a variable keeps its label.  A label whose loop
    is gone is left out.

    Examples
    --------
    >>> from cld_editor.core import LoopLabel
    >>> loops = [Loop("R1", "R", ("a", "b"), ("l1", "l2"), False),
    ...          Loop("R2", "R", ("a", "b", "c", "d"), ("l1", "l3", "l4", "l5"), False)]
    >>> labels = [LoopLabel("x", members=("b", "a")), LoopLabel("y", members=("a", "b", "c")),
    ...           LoopLabel("z", members=("q", "r"))]
    >>> [(m.label, m.loop.name, m.exact) for m in match_labels(labels, loops)]
    [('x', 'R1', True), ('y', 'R2', False)]
    """
    loops = list(loops)
    by_members: dict[frozenset[str], Loop] = {}
    for loop in loops:
        by_members.setdefault(frozenset(loop.variables), loop)
    matches: list[Match] = []
    taken: set[frozenset[str]] = set()
    pending: list[tuple[LoopLabel, frozenset[str]]] = []
    for label in labels:
        members = frozenset(label.members)
        loop = by_members.get(members)
        if loop is not None and members not in taken:
            taken.add(members)
            matches.append(Match(label.id, loop, True))
        elif members:
            pending.append((label, members))
    if pending:
        candidates = []
        for order, (label, members) in enumerate(pending):
            for key, loop in by_members.items():
                if key in taken:
                    continue
                score = _jaccard(members, key)
                if score >= MIN_OVERLAP:
                    candidates.append((-score, order, loop.name, label.id, key, loop))
        candidates.sort(key=lambda c: c[:3])
        done: set[str] = set()
        for _, _, _, label_id, key, loop in candidates:
            if label_id in done or key in taken:
                continue
            done.add(label_id)
            taken.add(key)
            matches.append(Match(label_id, loop, False))
    return matches


def _area(points: Sequence[tuple[float, float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]))) / 2


def match_by_position(diagram: Diagram, labels: Iterable[LoopLabel], loops: Iterable[Loop]) -> list[Match]:
    """Pair labels that name no members (imported, or placed by hand) with the loop they sit in.

    A label belongs to the smallest loop whose outline contains it (for a loop
    of two variables: near the middle between them), preferring a loop whose
    polarity matches the label's letter (``R``, ``B`` or ``U``).  Each loop
    takes one label.  Only the first :data:`POSITION_LOOPS` loops are
    considered (the shortest: the ones people label).

    Examples
    --------
    >>> from cld_editor.core import Diagram, LoopLabel
    >>> from cld_editor.analysis.loops import find_loops
    >>> d = Diagram()
    >>> a, b, c = (d.new_variable(n, x, y).id for n, x, y in (("a", 0, 0), ("b", 300, 0), ("c", 150, 260)))
    >>> for s, t in [(a, b), (b, c), (c, a), (b, a)]:
    ...     _ = d.new_link(s, t, "+")
    >>> labels = [LoopLabel("x", 150, 100, code="R7"), LoopLabel("y", 150, 4, code="R8")]
    >>> [(m.label, m.loop.length) for m in match_by_position(d, labels, find_loops(d).loops)]
    [('y', 2), ('x', 3)]
    """
    labels = [label for label in labels if not label.members]
    if not labels:
        return []
    prefix_of = {"R": "R", "B": "B", "U": "?"}
    shapes = []
    for loop in itertools.islice(loops, POSITION_LOOPS):
        points = [(diagram.variables[v].x, diagram.variables[v].y) for v in loop.variables if v in diagram.variables]
        if len(points) != loop.length or len(points) < 2:
            continue
        shapes.append((loop, points, _area(points) if len(points) >= 3 else 0.0))
    candidates = []
    for order, label in enumerate(labels):
        if label.members:
            continue
        wanted = prefix_of.get(label.code[:1].upper()) if label.code else None
        for loop, points, area in shapes:
            if len(points) == 2:
                (x1, y1), (x2, y2) = points
                middle = ((x1 + x2) / 2, (y1 + y2) / 2)
                reach = max(math.hypot(x2 - x1, y2 - y1) / 6, CLEARANCE)
                if math.hypot(label.x - middle[0], label.y - middle[1]) > reach:
                    continue
            elif not _inside(label.x, label.y, points):
                continue
            candidates.append(((wanted is not None and loop.polarity != wanted, area, order), label.id, loop))
    candidates.sort(key=lambda c: c[0])
    matches = []
    taken: set[frozenset[str]] = set()
    done: set[str] = set()
    for _, label_id, loop in candidates:
        key = frozenset(loop.variables)
        if label_id in done or key in taken:
            continue
        done.add(label_id)
        taken.add(key)
        matches.append(Match(label_id, loop, False))
    return matches


def label_updates(diagram: Diagram, loops: Iterable[Loop]) -> list[tuple[str, dict[str, object]]]:
    """The changes that bring each loop label in step with the current loops.

    Returns ``[(label id, {"code": ..., "members": ...}), ...]`` holding only
    what differs; labels already right, and labels whose loop is gone, are
    not listed.  Labels without members (from an imported file, or placed by
    hand) are matched by where they sit (:func:`match_by_position`).
    ``loops`` must be the full list (as from
    :func:`~cld_editor.analysis.loops.find_loops`), or partial matches could
    go to the wrong loop.
    """
    loops = list(loops)
    labels = list(diagram.loop_labels.values())
    updates = []
    current = {label.id: label for label in labels}
    matches = match_labels(labels, loops)
    taken = {frozenset(m.loop.variables) for m in matches}
    free = [lp for lp in loops if frozenset(lp.variables) not in taken]
    matches += match_by_position(diagram, labels, free)
    for match in matches:
        label = current[match.label]
        changes: dict[str, object] = {}
        if label.code != match.loop.name:
            changes["code"] = match.loop.name
        if tuple(label.members) != tuple(match.loop.variables):
            changes["members"] = tuple(match.loop.variables)
        if changes:
            updates.append((label.id, changes))
    return updates
