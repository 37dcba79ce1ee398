"""Links curved round their loops, the way textbooks and Vensim draw causal loops.

A link that lies on a loop of three or more variables is drawn as an arc round
the centre of the *shortest* such loop: the arc's middle is farther from the
loop's centre (the mean of its members' positions) than the chord's middle, and
the arc is the piece of a circle round that centre (its bend is
``tan(angle / 4) / 2`` of the chord, where ``angle`` is what the chord subtends
at the centre, kept between 0.08 and 0.35).  The two links of a two-variable
loop that lie on no longer loop become a pair of opposite arcs; a link on no
loop stays straight.  The numbers are the file's ``curvature`` (see
:mod:`cld_editor.analysis.link_shape` for how the canvas turns them into a
bend), so they mean the same thing on screen, in exports and in other tools.

Whose bend is it?
-----------------
A bend the user dragged is never overwritten silently.  When the program sets
a curvature it also records the value in the link's extra key
``auto_curvature``; a link is the program's to re-curve (:func:`program_owns`)
when its curvature is 0 (no bend chosen) or still equals that recorded value.
A drag changes the curvature and not the record, so the link becomes the
user's; ``force=True`` (the "Curve round loops" command on a selection) takes
it back.  "Straighten" sets 0 and drops the record.

For the window: :func:`curve_round_loops` and :func:`straighten` return
``{link id: changes}`` to pass to ``Diagram.update_link`` (one undo step for
the lot); :func:`apply_changes` does exactly that without undo.

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> a, b, c = (d.new_variable(n, x, y).id for n, x, y in
...            (("Jobs", 0, -100), ("Worklessness", 87, 50), ("Skills", -87, 50)))
>>> l1 = d.new_link(a, b, "-").id; _ = d.new_link(b, c, "-"); _ = d.new_link(c, a, "+")
>>> changes = curve_round_loops(d)
>>> changes[l1]["curvature"]  # a third of a circle: about tan(30 deg) / 2 = 0.289
0.288
>>> apply_changes(d, changes)
>>> program_owns(d.links[l1])
True
>>> d.update_link(l1, curvature=-0.5) and program_owns(d.links[l1])  # dragged by the user
False
>>> l1 in curve_round_loops(d)
False
"""

from __future__ import annotations

import math
from typing import Any, Iterable, Mapping

import numpy as np

from ..core.diagram import Diagram
from ..core.elements import Link
from .link_shape import curve_middle

#: The extra key that records the curvature the program gave a link.
AUTO_KEY = "auto_curvature"
#: The bend of each arc of a two-variable loop (each to its own left: opposite sides).
PAIR_CURVATURE = 0.15
#: Bounds of a loop arc's bend (a fraction of the chord).
MIN_BEND, MAX_BEND = 0.08, 0.35
#: Loops longer than this are not looked for (a link on none is drawn straight).
MAX_LOOP = 10


def program_owns(link: Link) -> bool:
    """Whether the program may re-curve ``link``: no bend chosen, or the one it set itself.

    Examples
    --------
    >>> from cld_editor.core.elements import Link
    >>> program_owns(Link("l1", "a", "b"))
    True
    >>> program_owns(Link("l1", "a", "b", curvature=0.3))
    False
    >>> program_owns(Link("l1", "a", "b", curvature=0.3, extra={"auto_curvature": 0.3}))
    True
    """
    if AUTO_KEY not in link.extra:
        return link.curvature == 0.0
    recorded = link.extra[AUTO_KEY]
    return isinstance(recorded, (int, float)) and not isinstance(recorded, bool) and link.curvature == recorded


def shortest_loops(diagram: Diagram, max_length: int = MAX_LOOP,
                   positions: Mapping[str, tuple[float, float]] | None = None) -> dict[str, tuple[str, ...]]:
    """The shortest loop of three or more variables through each link, in loop order from its source.

    Among equally short loops the one whose members sit round their centre in
    loop order at ``positions`` (default: the diagram's) is preferred, so the
    link is drawn round a loop the reader can see.  Links on no such loop (up
    to ``max_length`` variables) are left out.

    Examples
    --------
    >>> from cld_editor.core import Diagram
    >>> d = Diagram()
    >>> a, b, c = (d.new_variable(n).id for n in "ABC")
    >>> l1 = d.new_link(a, b).id; l2 = d.new_link(b, a).id; _ = d.new_link(b, c); _ = d.new_link(c, a)
    >>> [d.variables[v].name for v in shortest_loops(d)[l1]]
    ['A', 'B', 'C']
    >>> l2 in shortest_loops(d)  # only on the two-variable loop
    False
    """
    if positions is None:
        positions = {vid: (v.x, v.y) for vid, v in diagram.variables.items()}
    out_edges: dict[str, list[str]] = {v: [] for v in diagram.variables}
    for link in diagram.links.values():
        if link.source != link.target:
            out_edges[link.source].append(link.target)
    found: dict[str, tuple[str, ...]] = {}
    for link in diagram.links.values():
        u, v = link.source, link.target
        if u == v:
            continue
        paths = _shortest_paths(out_edges, v, u, max_length - 1)
        if not paths:
            continue
        loops = [(u, v, *path[:-1]) for path in paths]
        roundest = (lp for lp in loops if joins_neighbours(np.array([positions[m] for m in lp], dtype=float), 0))
        found[link.id] = next(roundest, loops[0])
    return found


def _shortest_paths(out_edges: Mapping[str, list[str]], start: str, goal: str, max_steps: int,
                    limit: int = 12) -> list[list[str]]:
    """Up to ``limit`` shortest paths ``start -> ... -> goal`` of at least two steps (the nodes after ``start``)."""
    depth = {start: 0}
    parents: dict[str, list[str]] = {}
    frontier = [start]
    level = 0
    while frontier and level < max_steps:
        level += 1
        nxt_frontier = []
        reached = []
        for node in frontier:
            for nxt in out_edges[node]:
                if nxt == goal:
                    if node != start:  # not the direct link back: that is a two-variable loop
                        reached.append(node)
                    continue
                if nxt not in depth:
                    depth[nxt] = level
                    nxt_frontier.append(nxt)
                if depth[nxt] == level and node not in parents.setdefault(nxt, []):
                    parents[nxt].append(node)
        if reached:
            paths: list[list[str]] = []
            stack = [[goal, last] for last in dict.fromkeys(reached)]
            while stack and len(paths) < limit:
                path = stack.pop(0)
                if path[-1] == start:
                    paths.append(list(reversed(path))[1:])
                    continue
                stack.extend(path + [p] for p in parents.get(path[-1], [start]))
            return paths
        frontier = nxt_frontier
    return []


def joins_neighbours(pts: np.ndarray, a: int) -> bool:
    """Whether the link from loop member ``a`` to the next joins neighbours round the loop's centre.

    ``pts`` are the members' positions in loop order; neighbours means no
    other member lies between the two by angle, on the side the link turns.
    """
    rel = pts - pts.mean(axis=0)
    if not np.any(np.abs(rel) > 1e-9):
        return True
    ang = np.arctan2(rel[:, 1], rel[:, 0])
    m = len(pts)
    sweep = _ccw(ang[a], ang[(a + 1) % m])
    direction = 1.0 if sweep <= math.pi else -1.0
    span = sweep if direction > 0 else 2 * math.pi - sweep
    for j in range(m):
        if j in (a, (a + 1) % m):
            continue
        off = _ccw(ang[a], ang[j]) if direction > 0 else _ccw(ang[j], ang[a])
        if 0 < off < span:
            return False
    return True


def arc_curvature(p0: np.ndarray, p2: np.ndarray, centre: np.ndarray, clockwise_hint: np.ndarray) -> np.ndarray:
    """Curvatures that draw each chord ``p0 -> p2`` as an arc round ``centre``, bulging away from it.

    ``clockwise_hint`` (+1 or -1 per link) decides the side when the centre
    lies on the chord's line: the sign of the loop's signed area.

    Examples
    --------
    >>> import numpy as np
    >>> k = arc_curvature(np.array([[0.0, 0]]), np.array([[100.0, 0]]), np.array([[50.0, 50]]), np.array([1.0]))
    >>> float(k[0]) > 0  # the centre is below (y down): bulge up, to the left of travel
    True
    """
    d = p2 - p0
    length = np.hypot(d[:, 0], d[:, 1])
    safe = np.where(length > 1e-9, length, 1.0)
    normal = np.stack([d[:, 1] / safe, -d[:, 0] / safe], axis=1)
    away = ((p0 + p2) / 2 - centre)
    side = np.einsum("ij,ij->i", normal, away)
    scale = np.hypot(away[:, 0], away[:, 1]) + length
    sign = np.where(np.abs(side) > 1e-3 * np.maximum(scale, 1e-9), np.sign(side), clockwise_hint)
    a0, a2 = p0 - centre, p2 - centre
    cross = a0[:, 0] * a2[:, 1] - a0[:, 1] * a2[:, 0]
    angle = np.abs(np.arctan2(cross, np.einsum("ij,ij->i", a0, a2)))
    bend = np.clip(np.tan(angle / 4) / 2, MIN_BEND, MAX_BEND)
    return np.where(sign == 0, 1.0, sign) * bend


class LoopCurver:
    """Loop-aware curvature for one diagram's links, reusable as positions change.

    The layout calls :meth:`curvatures` for every candidate drawing, so the
    loops are found once and the geometry is plain numpy.
    """

    def __init__(self, diagram: Diagram, max_length: int = MAX_LOOP,
                 positions: Mapping[str, tuple[float, float]] | None = None) -> None:
        self.var_ids = list(diagram.variables)
        index = {v: i for i, v in enumerate(self.var_ids)}
        self.link_ids = [lk.id for lk in diagram.links.values() if lk.source != lk.target]
        links = [diagram.links[lid] for lid in self.link_ids]
        self.src = np.array([index[lk.source] for lk in links], dtype=int)
        self.dst = np.array([index[lk.target] for lk in links], dtype=int)
        pairs = {(lk.source, lk.target) for lk in links}
        self.reverse = np.array([(lk.target, lk.source) in pairs for lk in links], dtype=bool)
        loops = shortest_loops(diagram, max_length, positions)
        self.loops: list[tuple[int, ...]] = []
        seen: dict[frozenset[str], int] = {}
        self.loop_of = np.full(len(links), -1, dtype=int)
        for i, lk in enumerate(links):
            members = loops.get(lk.id)
            if members is None:
                continue
            key = frozenset(members)
            if key not in seen:
                seen[key] = len(self.loops)
                self.loops.append(tuple(index[m] for m in members))
            self.loop_of[i] = seen[key]
        by_pair = {(lk.source, lk.target): i for i, lk in enumerate(links)}
        self.partner = np.array([by_pair.get((lk.target, lk.source), -1) for lk in links], dtype=int)
        size = max((len(lp) for lp in self.loops), default=0)
        self._members = np.full((len(self.loops), max(size, 1)), -1, dtype=int)
        for j, lp in enumerate(self.loops):
            self._members[j, :len(lp)] = lp

    def loop_centres(self, xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Centre of every loop (mean of its members) and the sign of its signed area."""
        if not self.loops:
            return np.zeros((0, 2)), np.zeros(0)
        mask = self._members >= 0
        pts = xy[np.where(mask, self._members, 0)]
        counts = mask.sum(axis=1)
        centres = (pts * mask[..., None]).sum(axis=1) / counts[:, None]
        nxt = np.where(np.roll(mask, -1, axis=1), np.roll(self._members, -1, axis=1), self._members[:, :1])
        q = xy[np.where(mask, nxt, 0)]
        area = ((pts[..., 0] * q[..., 1] - q[..., 0] * pts[..., 1]) * mask).sum(axis=1)
        return centres, np.where(area >= 0, 1.0, -1.0)

    def curvatures(self, xy: np.ndarray) -> np.ndarray:
        """Loop-aware curvature of every (non-self) link for positions ``xy`` (rows in variable order)."""
        k = np.zeros(len(self.link_ids))
        on_loop = self.loop_of >= 0
        if on_loop.any():
            centres, orient = self.loop_centres(xy)
            j = self.loop_of[on_loop]
            k[on_loop] = arc_curvature(xy[self.src[on_loop]], xy[self.dst[on_loop]], centres[j], orient[j])
        for i in np.flatnonzero(self.partner >= 0):
            p = self.partner[i]
            if on_loop[i] and on_loop[p]:
                # Both bent round loops: if they would lie on the same side, the later one gives way.
                if k[i] * k[p] < 0 and i > p:
                    k[i] = -k[i]
            elif not on_loop[i]:
                # Opposite the partner's arc (same sign = opposite sides, the normals are reversed).
                k[i] = math.copysign(PAIR_CURVATURE, k[p]) if on_loop[p] else PAIR_CURVATURE
        return np.round(k, 3)

    def round_flags(self, xy: np.ndarray, curvature: np.ndarray) -> np.ndarray:
        """Per loop link (``loop_of >= 0``): whether it is drawn round its loop.

        Round means the arc bulges away from the loop's centre and the loop's
        members sit round that centre in loop order, so that the link joins two
        neighbours on the circle (no other member between them by angle).
        Links on no loop count as round.
        """
        ok = np.ones(len(self.link_ids), dtype=bool)
        if not self.loops:
            return ok
        centres, _ = self.loop_centres(xy)
        on = np.flatnonzero(self.loop_of >= 0)
        c = centres[self.loop_of[on]]
        mid = curve_mid(xy[self.src[on]], xy[self.dst[on]], curvature[on])
        chord_mid = (xy[self.src[on]] + xy[self.dst[on]]) / 2
        inward = np.hypot(*(mid - c).T) <= np.hypot(*(chord_mid - c).T) + 1e-6
        ok[on[inward]] = False
        # The others: all the links of one loop at once (this runs for every drawing the layout scores).
        for j, lp in enumerate(self.loops):
            links = on[(self.loop_of[on] == j) & ~inward]
            pts = xy[list(lp)]
            if not len(links) or not np.any(np.abs(pts - pts.mean(axis=0)) > 1e-9):
                continue
            ok[links] = joins_neighbours_many(pts[None], [lp.index(int(self.src[i])) for i in links])[0]
        return ok


def joins_neighbours_many(pts: np.ndarray, starts: list[int]) -> np.ndarray:
    """:func:`joins_neighbours` for many placings of one loop at once.

    ``pts`` has shape ``(placings, members, 2)``; the result ``(placings,
    len(starts))`` says, for the link starting at each member index in
    ``starts``, whether it joins neighbours.

    Examples
    --------
    >>> import numpy as np
    >>> square = np.array([[[0., 0], [1, 0], [1, 1], [0, 1]], [[0., 0], [1, 1], [1, 0], [0, 1]]])
    >>> joins_neighbours_many(square, [0]).tolist()  # a square; then the same points out of order
    [[True], [False]]
    """
    rel = pts - pts.mean(axis=1, keepdims=True)
    ang = np.arctan2(rel[..., 1], rel[..., 0])
    m = pts.shape[1]
    a = np.asarray(starts, dtype=int)
    b = (a + 1) % m
    turn = 2 * math.pi
    sweep = (ang[:, b] - ang[:, a]) % turn
    forward = sweep <= math.pi
    span = np.where(forward, sweep, turn - sweep)
    off = np.where(forward[..., None], (ang[:, None, :] - ang[:, a, None]) % turn,
                   (ang[:, a, None] - ang[:, None, :]) % turn)
    others = np.ones((len(a), m), dtype=bool)
    others[np.arange(len(a)), a] = False
    others[np.arange(len(a)), b] = False
    return ~((off > 0) & (off < span[..., None]) & others[None]).any(axis=2)


def _ccw(a: float, b: float) -> float:
    """Angle from ``a`` to ``b`` going counter-clockwise (in atan2's sense), in [0, 2 pi)."""
    return (b - a) % (2 * math.pi)


def curve_mid(p0: np.ndarray, p2: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The middle of each drawn curve (see :mod:`cld_editor.analysis.link_shape`)."""
    return curve_middle(p0, p2, k)


def _positions(diagram: Diagram, positions: Mapping[str, tuple[float, float]] | None) -> np.ndarray:
    if positions is None:
        return np.array([(v.x, v.y) for v in diagram.variables.values()], dtype=float).reshape(-1, 2)
    return np.array([positions[v] for v in diagram.variables], dtype=float).reshape(-1, 2)


def loop_curvatures(diagram: Diagram, positions: Mapping[str, tuple[float, float]] | None = None
                    ) -> dict[str, float]:
    """The loop-aware curvature of every link (self-links are left out), whoever owns it.

    Examples
    --------
    >>> from cld_editor.core import Diagram
    >>> d = Diagram()
    >>> a, b = d.new_variable("A", 0, 0).id, d.new_variable("B", 200, 0).id
    >>> l1, l2 = d.new_link(a, b).id, d.new_link(b, a).id
    >>> loop_curvatures(d) == {l1: 0.15, l2: 0.15}  # opposite arcs: each to its own left
    True
    """
    curver = LoopCurver(diagram, positions=positions)
    values = curver.curvatures(_positions(diagram, positions))
    return {lid: float(k) for lid, k in zip(curver.link_ids, values)}


def _with_record(link: Link, value: float | None) -> dict[str, Any]:
    extra = {k: v for k, v in link.extra.items() if k != AUTO_KEY}
    if value is not None and value != 0.0:
        extra[AUTO_KEY] = value
    changes: dict[str, Any] = {}
    if link.curvature != (value or 0.0):
        changes["curvature"] = value or 0.0
    if dict(link.extra) != extra:
        changes["extra"] = extra
    return changes


def curve_round_loops(diagram: Diagram, link_ids: Iterable[str] | None = None,
                      positions: Mapping[str, tuple[float, float]] | None = None,
                      force: bool = False) -> dict[str, dict[str, Any]]:
    """Changes that curve links round their loops: ``{link id: {"curvature": ..., "extra": ...}}``.

    Parameters
    ----------
    diagram : Diagram
        Not changed.
    link_ids : iterable of str, optional
        The links to curve (a selection); all links when omitted.
    positions : mapping, optional
        Variable positions to use instead of the diagram's (a layout not yet applied).
    force : bool
        Also re-curve links whose bend the user chose (see :func:`program_owns`);
        the "Curve round loops" command on a selection passes True.

    Only links whose value would change appear in the result.
    """
    wanted = set(diagram.links) if link_ids is None else set(link_ids)
    values = loop_curvatures(diagram, positions)
    out: dict[str, dict[str, Any]] = {}
    for lid in sorted(wanted & set(values), key=list(diagram.links).index):
        link = diagram.links[lid]
        if not force and not program_owns(link):
            continue
        changes = _with_record(link, values[lid])
        if changes:
            out[lid] = changes
    return out


def straighten(diagram: Diagram, link_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Changes that draw the given links straight (curvature 0, no program record).

    Examples
    --------
    >>> from cld_editor.core import Diagram
    >>> d = Diagram()
    >>> a, b = d.new_variable("A").id, d.new_variable("B", 100, 0).id
    >>> lid = d.new_link(a, b, curvature=0.4).id
    >>> straighten(d, [lid])
    {'l1': {'curvature': 0.0}}
    """
    out = {}
    for lid in link_ids:
        link = diagram.links.get(lid)
        if link is not None:
            changes = _with_record(link, None)
            if changes:
                out[lid] = changes
    return out


def apply_changes(diagram: Diagram, changes: Mapping[str, Mapping[str, Any]]) -> None:
    """Apply ``{link id: changes}`` from :func:`curve_round_loops` or :func:`straighten` (no undo)."""
    for lid, fields in changes.items():
        diagram.update_link(lid, **fields)


def curve_unbent_links(diagram: Diagram) -> int:
    """Curve round their loops every link the program owns; return how many changed.

    Used where no person is drawing: files without positions, imports that
    carry no curvature, ``convert`` output.
    """
    changes = curve_round_loops(diagram)
    apply_changes(diagram, changes)
    return len(changes)
