"""Automatic layout: tidy positions for a messy or imported diagram.

A force-directed layout (networkx's Fruchterman-Reingold) places variables
that are linked near each other; the result is scaled so that a typical link
is comfortably long, and a final pass pushes apart labels whose boxes would
overlap.  Label boxes are estimated from the names (the canvas wraps long
names to about 18 characters a line), so this module needs no Qt.

Separate parts of the diagram (connected components) are laid out on their
own and packed side by side, largest first, so an island of two variables does
not fly off to a far corner.

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
import textwrap

import networkx as nx
import numpy as np

from ..core.diagram import Diagram

#: Characters per wrapped line of a label, and the size of one character (px).
WRAP = 18
CHAR_W = 7.2
LINE_H = 17.0
#: Empty space kept between two labels (px).
GAP = 28.0
#: The length a typical link should have (px).
LINK_LENGTH = 190.0
#: Beyond this many variables the force layout is replaced by a grid (speed).
FORCE_LIMIT = 250

Box = tuple[float, float, float, float]  # centre x, centre y, half width, half height


def label_size(name: str) -> tuple[float, float]:
    """Estimated ``(width, height)`` of a wrapped label in pixels.

    Examples
    --------
    >>> w, h = label_size("Jobs")
    >>> w < label_size("Availability of affordable childcare")[0]
    True
    """
    lines = textwrap.wrap(name, WRAP) or [name]
    return max(len(line) for line in lines) * CHAR_W + 12, len(lines) * LINE_H + 8


def label_box(name: str, x: float, y: float) -> Box:
    """The box of a label centred on ``(x, y)``."""
    w, h = label_size(name)
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


def _force(graph: nx.Graph, seed: int) -> dict[str, np.ndarray]:
    n = graph.number_of_nodes()
    if n == 1:
        return {next(iter(graph)): np.zeros(2)}
    if n == 2:
        a, b = list(graph)
        return {a: np.array([-0.5, 0.0]), b: np.array([0.5, 0.0])}
    if n > FORCE_LIMIT:
        cols = math.ceil(math.sqrt(n))
        order = list(nx.bfs_tree(graph, next(iter(graph)))) if nx.is_connected(graph) else list(graph)
        return {v: np.array([i % cols, i // cols], dtype=float) for i, v in enumerate(order)}
    start = nx.circular_layout(graph)
    return nx.spring_layout(graph, pos=start, seed=seed, iterations=200)


def _scale(pos: dict[str, np.ndarray], graph: nx.Graph) -> dict[str, np.ndarray]:
    lengths = [float(np.linalg.norm(pos[u] - pos[v])) for u, v in graph.edges if u != v]
    typical = float(np.median(lengths)) if lengths else 1.0
    factor = LINK_LENGTH / typical if typical > 1e-9 else LINK_LENGTH
    return {v: p * factor for v, p in pos.items()}


def _separate(pos: dict[str, np.ndarray], sizes: dict[str, tuple[float, float]], rounds: int = 300) -> None:
    """Push overlapping label boxes apart along the axis that overlaps least."""
    ids = list(pos)
    if len(ids) < 2:
        return
    xy = np.array([pos[v] for v in ids], dtype=float)
    half = np.array([(sizes[v][0] / 2 + GAP / 2, sizes[v][1] / 2 + GAP / 2) for v in ids])
    for _ in range(rounds):
        dx = xy[:, None, 0] - xy[None, :, 0]
        dy = xy[:, None, 1] - xy[None, :, 1]
        ox = half[:, None, 0] + half[None, :, 0] - np.abs(dx)
        oy = half[:, None, 1] + half[None, :, 1] - np.abs(dy)
        hit = (ox > 0) & (oy > 0)
        np.fill_diagonal(hit, False)
        if not hit.any():
            return
        # Move along the cheaper axis; identical points split by index order.
        along_x = hit & (ox <= oy * 1.5)
        along_y = hit & ~along_x
        sx = np.where(dx == 0, np.sign(np.arange(len(ids))[:, None] - np.arange(len(ids))[None, :]), np.sign(dx))
        sy = np.where(dy == 0, np.sign(np.arange(len(ids))[:, None] - np.arange(len(ids))[None, :]), np.sign(dy))
        xy[:, 0] += (np.where(along_x, ox * sx, 0.0)).sum(axis=1) * 0.5
        xy[:, 1] += (np.where(along_y, oy * sy, 0.0)).sum(axis=1) * 0.5
    for i, v in enumerate(ids):
        pos[v] = xy[i]


def _pack(parts: list[dict[str, np.ndarray]], sizes: dict[str, tuple[float, float]]) -> dict[str, np.ndarray]:
    """Place components left to right in rows, largest first."""
    out: dict[str, np.ndarray] = {}
    parts = sorted(parts, key=len, reverse=True)
    bounds = []
    for part in parts:
        xs0 = min(p[0] - sizes[v][0] / 2 for v, p in part.items())
        xs1 = max(p[0] + sizes[v][0] / 2 for v, p in part.items())
        ys0 = min(p[1] - sizes[v][1] / 2 for v, p in part.items())
        ys1 = max(p[1] + sizes[v][1] / 2 for v, p in part.items())
        bounds.append((xs0, ys0, xs1 - xs0, ys1 - ys0))
    row_width = max(max(b[2] for b in bounds), math.sqrt(sum(b[2] * b[3] for b in bounds)) * 1.3)
    x = y = row_h = 0.0
    for part, (x0, y0, w, h) in zip(parts, bounds):
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h + GAP * 2, 0.0
        shift = np.array([x - x0, y - y0])
        for v, p in part.items():
            out[v] = p + shift
        x += w + GAP * 2
        row_h = max(row_h, h)
    return out


def layout_diagram(diagram: Diagram, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Return tidy positions ``{variable id: (x, y)}`` for every variable.

    The same diagram and seed always give the same layout.  Positions are
    rounded to whole pixels and centred on the origin.

    Parameters
    ----------
    diagram : Diagram
        The diagram to lay out; it is not changed.
    seed : int, optional
        Seed of the force layout.

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
    sizes = {vid: label_size(v.name) for vid, v in diagram.variables.items()}
    parts = []
    for nodes in sorted(nx.connected_components(graph), key=lambda c: sorted(c)):
        sub = graph.subgraph(sorted(nodes, key=list(diagram.variables).index) if len(nodes) < 50 else nodes)
        pos = _force(sub, seed)
        if len(nodes) > FORCE_LIMIT:  # a grid: cells as big as the widest label
            cell = np.array([max(sizes[v][0] for v in nodes) + GAP, max(sizes[v][1] for v in nodes) + GAP * 2])
            pos = {v: p * cell for v, p in pos.items()}
        else:
            pos = _scale(pos, sub)
            _separate(pos, sizes)
        parts.append(pos)
    placed = _pack(parts, sizes)
    centre = np.mean(np.array(list(placed.values())), axis=0)
    return {vid: (float(round(placed[vid][0] - centre[0])), float(round(placed[vid][1] - centre[1])))
            for vid in diagram.variables}


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
    half = np.array([label_size(v.name) for v in variables]) / 2 + GAP / 4
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
