"""Tidy: a drawing someone made, with overlapping names and links through names removed.

Unlike :func:`cld_editor.analysis.layout.layout_diagram`, which draws afresh,
tidying keeps the author's arrangement: overlapping labels are pushed apart by
half their overlap each, then every variable under a link (or whose links run
through a name) tries spots just clear of the link in its way and a few short
steps round where it is, and moves only when that removes a problem, paying
for the distance moved, so each variable moves as little as it can.  Crossings
are not a reason to move (that would redraw the diagram), but a move that adds
crossings pays for them.  Links are
measured with the curvature they have (the author's bends stay).

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> a, b, c = (d.new_variable(n, x, 0).id for n, x in (("Jobs", 0), ("Skills", 20), ("Income", 400)))
>>> _ = d.new_link(a, c)
>>> pos = tidy_positions(d)
>>> from cld_editor.analysis.layout_quality import quality_of
>>> q = quality_of(d, pos, {})
>>> (q.overlaps, q.through)
(0, 0)
>>> pos[c]  # far from the trouble: not moved
(400.0, 0.0)
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from ..core.diagram import Diagram
from .layout_place import LocalCost, link_unit, separate, spots_around, trouble
from .layout_quality import DrawingProblem


def tidy_positions(diagram: Diagram, positions: Mapping[str, tuple[float, float]] | None = None,
                   passes: int = 4) -> dict[str, tuple[float, float]]:
    """Positions with no overlapping names and as few links through names as small moves allow.

    Parameters
    ----------
    diagram : Diagram
        Not changed.
    positions : mapping, optional
        Where the variables are now (default: the diagram's own positions).
    passes : int
        Rounds of moving troubled variables.

    Returns
    -------
    dict
        ``{variable id: (x, y)}`` for every variable, rounded to 0.1 px; a
        variable that needed no move keeps its exact position.
    """
    if not diagram.variables:
        return {}
    problem = DrawingProblem(diagram)
    original = problem.positions_of(diagram) if positions is None else \
        np.array([positions[v] for v in problem.var_ids], dtype=float).reshape(-1, 2)
    curvature = problem.stored_curvature()
    xy = separate(original, problem.half)
    unit = link_unit(problem, np.arange(len(xy)))
    adjacency = [np.unique(np.concatenate([problem.dst[problem.src == v], problem.src[problem.dst == v]]))
                 for v in range(len(xy))]
    cost = LocalCost(problem, curvature, unit, anchor=original, cross_weight=3.0)
    for _ in range(passes):
        order, culprits = trouble(problem, xy, curvature, crossings=False)
        moved = False
        for v in order[:200]:
            lines = [(xy[problem.src[link]], xy[problem.dst[link]]) for link in sorted(culprits.get(v, ()))]
            spots = spots_around(xy, v, unit * 0.35, adjacency[v][:0], problem.half[v], lines)
            values = cost.costs(v, xy, cost.curves(xy), spots)
            best = int(np.argmin(values))
            if values[best] < values[0] - 1e-6:
                xy[v] = spots[best]
                moved = True
        if not moved:
            break
    xy = separate(xy, problem.half)
    out = {}
    for i, vid in enumerate(problem.var_ids):
        same = np.allclose(xy[i], original[i])
        out[vid] = tuple(float(c) for c in original[i]) if same else \
            (round(float(xy[i][0]), 1), round(float(xy[i][1]), 1))
    return out
