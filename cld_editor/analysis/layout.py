"""Automatic layout: a diagram drawn so its loops read as circles and no name is hidden.

:func:`layout_diagram` gives every variable a position.  Each connected part
of the diagram is placed by :mod:`cld_editor.analysis.layout_place` from
several starts (a deterministic one and seeded random ones): a stress layout in
which short loops are regular polygons, labels pushed apart, then troubled
variables moved to nearby spots.  The start with the best
:class:`~cld_editor.analysis.layout_quality.Quality` score wins: overlaps,
crossings, links through names, spread and arcs that are not round their loop,
measured with the canvas's label boxes and the loop-aware curvature of
:mod:`cld_editor.analysis.curvature`.  The winner is drawn as small as it can
be while it stays as clear (:mod:`cld_editor.analysis.layout_compact`), and
the smaller parts are packed into the empty corners round the largest
(:mod:`cld_editor.analysis.layout_pack`).
:func:`cld_editor.analysis.layout_tidy.tidy_positions` is the gentle variant
for a drawing someone made.

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> a, b, c = (d.new_variable(n).id for n in ("Jobs", "Worklessness", "Skills"))
>>> _ = d.new_link(a, b, "-"); _ = d.new_link(b, c, "-"); _ = d.new_link(c, a, "+")
>>> pos = layout_diagram(d)
>>> sorted(pos) == sorted([a, b, c])
True
>>> boxes = [label_box(d.variables[v].name, *pos[v]) for v in pos]
>>> any(overlaps(p, q) for i, p in enumerate(boxes) for q in boxes[i + 1:])
False
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from ..core.diagram import Diagram
from . import label_geometry
from .layout_compact import compact
from .layout_pack import Part, pack
from .layout_place import (classical_start, improve, link_unit, separate, stress,
                           stress_solver, target_distances)
from .layout_quality import DrawingProblem

#: Empty space kept between two labels (px) when packing parts and spreading sketches.
GAP = 28.0
#: How many starts the layout tries (the first is deterministic, the rest seeded).
STARTS = 6
#: The tighter link length tried by half the starts (a fraction of the usual one).
COMPACT = 0.85
#: How many of the best starts are polished (moving troubled variables) before the final pick,
#: for small parts and at most for others (polishing costs most of the time)...
POLISHED_SMALL, POLISHED = 2, 3
#: ... in proportion to the links: a larger part gets as many polishes as fit this many links.
POLISH_LINKS = 300
SMALL = 24
#: Beyond this many variables in one part, one stress start and one force-directed start (speed).
FULL_LIMIT = 80
#: Beyond this many, only a force-directed layout with labels pushed apart.
STRESS_LIMIT = 250
#: Beyond this many, a grid (pushing labels apart costs n² per round).
FORCE_LIMIT = 500

Box = tuple[float, float, float, float]  # centre x, centre y, half width, half height

#: A comfortable distance between two linked variables (px), for placing one beside its neighbours.
LINK_LENGTH = 190.0


def label_size(name: str, kind: str = "auxiliary") -> tuple[float, float]:
    """``(width, height)`` of a label as the canvas draws it (see :mod:`.label_geometry`).

    Examples
    --------
    >>> w, h = label_size("Jobs")
    >>> w < label_size("Availability of affordable childcare")[0]
    True
    """
    return label_geometry.label_size(name, kind)


def label_box(name: str, x: float, y: float, kind: str = "auxiliary") -> Box:
    """The box of a label centred on ``(x, y)``."""
    w, h = label_size(name, kind)
    return x, y, w / 2, h / 2


def overlaps(a: Box, b: Box, gap: float = 0.0) -> bool:
    """Whether two boxes (with ``gap`` around them) overlap.

    Examples
    --------
    >>> overlaps((0, 0, 10, 10), (15, 0, 10, 10))
    True
    >>> overlaps((0, 0, 10, 10), (25, 0, 10, 10))
    False
    """
    return abs(a[0] - b[0]) < a[2] + b[2] + gap and abs(a[1] - b[1]) < a[3] + b[3] + gap


def _component_problem(diagram: Diagram, nodes: list[str]) -> tuple[Diagram, DrawingProblem]:
    sub = Diagram()
    keep = set(nodes)
    for vid in nodes:
        sub.add_variable(diagram.variables[vid])
    for link in diagram.links.values():
        if link.source in keep and link.target in keep:
            sub.add_link(link)
    return sub, DrawingProblem(sub)


def _place_part(problem: DrawingProblem, seed: int, starts: int, tall: bool = False) -> np.ndarray:
    """Best of several starts for one connected part (all its variables)."""
    n = len(problem.var_ids)
    nodes = np.arange(n)
    if n == 1:
        return np.zeros((1, 2))
    unit = link_unit(problem, nodes)
    if n == 2:
        return separate(np.array([[-unit / 2, 0.0], [unit / 2, 0.0]]), problem.half, problem.linked)
    large = n > FULL_LIMIT  # fewer starts: each costs time in proportion to n squared
    # A larger part is turned to lie along the window (a small one fits whichever way it lies).
    turn = (lambda xy: lie_across(xy, tall)) if n > SMALL else (lambda xy: xy)
    rng = np.random.default_rng(seed)
    tried = []
    # Starts alternate between two link lengths: the score decides whether the tighter one costs clarity.
    for scale in (1.0,) if large else (1.0, COMPACT):
        target, weight = target_distances(problem, nodes, unit * scale)
        inv = stress_solver(weight)
        firsts = [classical_start(target)] if scale == 1.0 else []
        count = 1 if large else (starts + (scale == 1.0)) // 2
        firsts += [rng.normal(size=(n, 2)) * unit * math.sqrt(n) / 2 for _ in range(count - len(firsts))]
        for first in firsts:
            xy = separate(turn(stress(target, weight, first, 120, inv)), problem.half, problem.linked)
            tried.append((problem.quality(xy).score, len(tried), xy, scale))
    # A force-directed start (the method behind Graphviz sfdp): loops less round, often fewer crossings;
    # and the same drawing pulled together by a few rounds of stress (tighter, mostly as untangled).
    spring = _spring(problem, seed, unit, tall)
    tried.append((problem.quality(spring).score, len(tried), spring, 1.0))
    if not large:
        target, weight = target_distances(problem, nodes, unit)
        pulled = stress(target, weight, spring, 25, stress_solver(weight))
        pulled = separate(turn(pulled), problem.half, problem.linked)
        tried.append((problem.quality(pulled).score, len(tried), pulled, 1.0))
    tried.sort(key=lambda item: item[:2])
    best = None
    polished = POLISHED_SMALL if n <= SMALL else int(np.clip(POLISH_LINKS // max(len(problem.src), 1), 1, POLISHED))
    for _, order, xy, scale in tried[:polished]:
        xy = improve(problem, xy, unit * scale, nodes, passes=2 if large else 3, budget=min(40, max(24, n // 3)))
        xy = separate(xy, problem.half, problem.linked)
        score = problem.quality(xy).score
        if best is None or score < best[0]:
            best = (score, order, xy)
    xy = best[2]
    if n <= 2 * SMALL:
        # Which of two equally short loops a link is drawn round depends on where things are:
        # settle that at the result and polish once more for it.
        settled = DrawingProblem(problem.diagram, dict(zip(problem.var_ids, map(tuple, xy))))
        again = separate(improve(settled, xy, unit, nodes, passes=2), problem.half, problem.linked)
        if settled.quality(again).score < settled.quality(xy).score:
            xy = again
    return compact(problem, xy, unit)


def lie_across(xy: np.ndarray, tall: bool = False) -> np.ndarray:
    """``xy`` turned about its centre so that its longest extent lies across (``tall``: down).

    Stress and force-directed drawings come out at any angle; turned this way
    a long drawing wastes no corners of its bounding box and suits a window,
    which is wider than tall.  Names are wider than tall too, so more of them
    sit side by side than stacked.

    Examples
    --------
    >>> tall = np.array([[0.0, 0.0], [10.0, 100.0], [-10.0, 200.0]])
    >>> w, h = np.ptp(lie_across(tall), axis=0)
    >>> bool(w > h)
    True
    >>> w, h = np.ptp(lie_across(tall, tall=True), axis=0)
    >>> bool(w < h)
    True
    """
    if len(xy) < 2:
        return xy
    centred = xy - xy.mean(axis=0)
    _, vectors = np.linalg.eigh(centred.T @ centred)
    turned = centred @ (vectors if tall else vectors[:, ::-1])  # main axis first, or second when tall
    # Fix each axis's sign so the result does not depend on the eigen-solver's whim.
    for axis in range(2):
        if turned[np.argmax(np.abs(turned[:, axis])), axis] < 0:
            turned[:, axis] = -turned[:, axis]
    return turned


def _spring(problem: DrawingProblem, seed: int, unit: float, tall: bool = False) -> np.ndarray:
    graph = nx.Graph()
    graph.add_nodes_from(range(len(problem.var_ids)))
    graph.add_edges_from(zip(problem.src.tolist(), problem.dst.tolist()))
    raw = nx.spring_layout(graph, seed=seed, iterations=100)
    xy = np.array([raw[i] for i in range(len(problem.var_ids))], dtype=float)
    xy = lie_across(xy, tall) if len(xy) > SMALL else xy
    lengths = np.hypot(*(xy[problem.src] - xy[problem.dst]).T)
    typical = float(np.median(lengths)) if len(lengths) else 1.0
    return separate(xy * (unit / max(typical, 1e-9)), problem.half, problem.linked)


def _grid(problem: DrawingProblem, graph: nx.Graph) -> np.ndarray:
    n = len(problem.var_ids)
    cols = math.ceil(math.sqrt(n))
    start = problem.var_ids[0]
    order = list(nx.bfs_tree(graph, start)) if nx.is_connected(graph) else list(graph)
    cell = np.array([problem.half[:, 0].max() * 2 + GAP, problem.half[:, 1].max() * 2 + GAP * 2])
    index = {v: i for i, v in enumerate(problem.var_ids)}
    xy = np.zeros((n, 2))
    for i, v in enumerate(order):
        xy[index[v]] = (i % cols * cell[0], i // cols * cell[1])
    return xy


def layout_diagram(diagram: Diagram, seed: int = 7, starts: int = STARTS,
                   aspect: float = 1.6) -> dict[str, tuple[float, float]]:
    """Return tidy positions ``{variable id: (x, y)}`` for every variable.

    The same diagram and seed always give the same layout.  Positions are
    rounded to whole pixels and centred on the origin.  Curvature is not
    changed here: see :func:`cld_editor.analysis.curvature.curve_round_loops`.

    Parameters
    ----------
    diagram : Diagram
        The diagram to lay out; it is not changed.
    seed : int, optional
        Seed of the random starts.
    starts : int, optional
        How many starts to try (more: slower, sometimes better).
    aspect : float, optional
        Width over height of the window the drawing is for: a larger part is
        turned to lie across when it is at least 1, else down.

    Examples
    --------
    >>> from cld_editor.core import Diagram
    >>> d = Diagram()
    >>> ids = [d.new_variable(f"Variable {i}").id for i in range(6)]
    >>> for i in range(6):
    ...     _ = d.new_link(ids[i], ids[(i + 1) % 6])
    >>> layout_diagram(d) == layout_diagram(d)
    True
    >>> layout_diagram(Diagram())
    {}
    """
    if not diagram.variables:
        return {}
    graph = nx.Graph()
    graph.add_nodes_from(diagram.variables)
    graph.add_edges_from((link.source, link.target) for link in diagram.links.values())
    order = {v: i for i, v in enumerate(diagram.variables)}
    parts = []
    components = sorted(nx.connected_components(graph), key=lambda c: min(order[v] for v in c))
    for nodes in components:
        ids = sorted(nodes, key=order.__getitem__)
        _, problem = _component_problem(diagram, ids)
        if len(ids) > FORCE_LIMIT:
            xy = _grid(problem, graph.subgraph(ids))
        elif len(ids) > STRESS_LIMIT:
            xy = _spring(problem, seed, link_unit(problem, np.arange(len(ids))), aspect < 1)
        else:
            xy = _place_part(problem, seed, starts, aspect < 1)
        # The links' curves keep other parts clear of them when packing (none to pack: not needed).
        curves = problem.curves(xy, problem.curver.curvatures(xy)) if len(components) > 1 else \
            np.zeros((0, 2, 2))
        parts.append(Part(ids, xy, problem.half, curves))
    placed = pack(parts)
    centre = np.round(np.mean(np.array(list(placed.values())), axis=0))
    return {vid: (float(round(placed[vid][0] - centre[0])), float(round(placed[vid][1] - centre[1])))
            for vid in diagram.variables}


#: A note's text width when the file gives none, and the padding round its text (as the canvas draws it).
NOTE_WIDTH = 180.0
NOTE_PAD = 8.0


def note_spots(diagram: Diagram, positions: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Where the notes go after a new layout: in a row under the drawing, in their order.

    Their old places meant nothing in the new drawing; left there, a note would
    sit far off or on top of it.

    Examples
    --------
    >>> from cld_editor.core import Diagram
    >>> from cld_editor.core.elements import Note
    >>> d = Diagram()
    >>> a = d.new_variable("Jobs")
    >>> _ = d.insert("note", Note("n1", "Why jobs matter", 900.0, 900.0))
    >>> note_spots(d, {a.id: (0.0, 0.0)})
    {'n1': (-20.4, 72.1)}
    """
    if not positions:
        return {}
    boxes = [label_box(diagram.variables[vid].name, x, y, diagram.variables[vid].kind)
             for vid, (x, y) in positions.items()]
    x = min(bx - w for bx, _, w, _ in boxes)
    y = max(by + h for _, by, _, h in boxes) + 60.0
    spots = {}
    for note in diagram.notes.values():
        spots[note.id] = (round(x, 1), round(y, 1))
        x += (note.width or NOTE_WIDTH) + 2 * NOTE_PAD + 24.0
    return spots


def loop_label_spots(diagram: Diagram, positions: dict[str, tuple[float, float]],
                     curvature: dict[str, float] | None = None) -> dict[str, tuple[float, float]]:
    """Where each loop label goes after a new layout: its loop's middle, or the nearest free spot.

    A spot is free when the label (its circular arrow and name, about 80 x 72
    px) touches no variable's name and no label placed before, and no drawn
    link crosses its arrow.
    Labels whose loop no longer exists keep their place (they are left out).

    Examples
    --------
    >>> from cld_editor.core import Diagram
    >>> from cld_editor.core.elements import LoopLabel
    >>> d = Diagram()
    >>> ids = [d.new_variable(n).id for n in ("Jobs", "Income", "Spending")]
    >>> for i in range(3):
    ...     _ = d.new_link(ids[i], ids[(i + 1) % 3])
    >>> _ = d.insert("loop_label", LoopLabel("r1", 500, 500, code="R1", members=tuple(ids)))
    >>> pos = {ids[0]: (0.0, -150.0), ids[1]: (130.0, 75.0), ids[2]: (-130.0, 75.0)}
    >>> loop_label_spots(d, pos)
    {'r1': (0.0, 0.0)}
    """
    if not diagram.loop_labels:
        return {}
    problem = DrawingProblem(diagram, positions)
    xy = np.array([positions[v] for v in problem.var_ids], dtype=float).reshape(-1, 2)
    k = problem.curver.curvatures(xy) if curvature is None else \
        np.array([curvature.get(lid, 0.0) for lid in problem.curver.link_ids])
    points = problem.curves(xy, k).reshape(-1, 2)
    boxes = [(xy[i], problem.half[i]) for i in range(len(xy))]
    half = np.array([40.0, 36.0])  # the arrow and its name under it
    ring_half = np.array([24.0, 24.0])  # links may pass the name, not the arrow
    out: dict[str, tuple[float, float]] = {}
    for lid, label in diagram.loop_labels.items():
        if not label.members or any(m not in positions for m in label.members):
            continue
        centre = np.mean([positions[m] for m in label.members], axis=0)
        spot = centre
        for radius in range(0, 400, 12):
            ring = [centre] if radius == 0 else [centre + radius * np.array([np.cos(a), np.sin(a)])
                                                 for a in np.arange(12) * np.pi / 6]
            free = [p for p in ring
                    if not any((np.abs(p - c) < h + half).all() for c, h in boxes)
                    and not (np.abs(points - p) < ring_half).all(axis=1).any()]
            if free:
                spot = free[0]
                break
        boxes.append((spot, half))
        out[lid] = (float(round(spot[0])), float(round(spot[1])))
    return out


def spread_factor(diagram: Diagram, limit: float = 4.0) -> float:
    """The smallest uniform scale (at least 1, at most ``limit``) that keeps labels apart.

    Other programs draw names in smaller type than our canvas, so an imported
    sketch can have labels on top of each other; spreading every position by
    one factor keeps the modeller's arrangement and makes the names readable.

    Examples
    --------
    >>> from cld_editor.core import Diagram
    >>> d = Diagram()
    >>> _ = d.new_variable("Characteristic Time", 0, 0); _ = d.new_variable("Heat Loss", 60, 30)
    >>> f = spread_factor(d)
    >>> 1.0 < f <= 4.0
    True
    >>> spread_factor(Diagram())
    1.0
    """
    variables = list(diagram.variables.values())
    if len(variables) < 2:
        return 1.0
    xy = np.array([(v.x, v.y) for v in variables])
    half = np.array([label_size(v.name, v.kind) for v in variables]) / 2 + GAP / 4
    factor = 1.0
    for i in range(len(variables) - 1):
        d = np.abs(xy[i + 1:] - xy[i])
        need = half[i + 1:] + half[i]
        clash = (d[:, 0] < need[:, 0]) & (d[:, 1] < need[:, 1])
        if not clash.any():
            continue
        # Two boxes part once either axis separates: the cheaper of the two.
        with np.errstate(divide="ignore"):
            per_axis = np.where(d[clash] > 0, need[clash] / np.maximum(d[clash], 1e-9), np.inf)
        factor = max(factor, float(per_axis.min(axis=1).max()))
        if factor >= limit:
            return limit
    return factor


def spread(diagram: Diagram, factor: float) -> None:
    """Scale every position (variables, notes, loop labels) by ``factor`` about the origin."""
    if factor == 1.0:
        return
    for kind in ("variable", "note", "loop_label"):
        for element in list(diagram.elements(kind).values()):
            diagram.update(kind, element.id, x=round(element.x * factor, 1), y=round(element.y * factor, 1))
