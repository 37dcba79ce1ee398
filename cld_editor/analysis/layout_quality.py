"""One explicit quality score for a drawing of a diagram, measured as the canvas draws it.

The terms (:class:`Quality`):

* ``overlaps``: pairs of variables whose label boxes overlap;
* ``crossings``: points where two drawn links cross (two links that share a
  variable are compared without the piece at the shared name, where they meet
  anyway; a link and its reverse are a pair of arcs and not compared);
* ``through``: (link, variable) pairs where a drawn link passes through the
  label of a variable it does not join;
* ``wrong``: links on a loop that are not drawn round it (the arc bulges
  towards the loop's centre, or the loop's members are not placed round its
  centre in loop order), out of ``loop_links``;
* ``area``: the drawing's bounding box (labels and curves), in px².

Label boxes come from :mod:`cld_editor.analysis.label_geometry` and link
curves from :mod:`cld_editor.analysis.link_shape`, with the loop-aware
curvature of :mod:`cld_editor.analysis.curvature` unless one is given, so a
drawing made by another program (Graphviz in the benchmark) is scored on
exactly the same terms as ours.

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> a, b = d.new_variable("Jobs", 0, 0).id, d.new_variable("Skills", 10, 0).id
>>> _ = d.new_link(a, b)
>>> q = DrawingProblem(d).quality(DrawingProblem(d).positions_of(d))
>>> q.overlaps
1
"""

from __future__ import annotations

from typing import Mapping, NamedTuple

import numpy as np

from ..core.diagram import Diagram
from .curvature import LoopCurver
from .label_geometry import label_size
from .link_shape import drawn_curvature, sample_curves

#: Weights of the terms in :attr:`Quality.score` (an overlap hides a name: worst of all).
W_OVERLAP, W_CROSS, W_THROUGH, W_WRONG, W_SPREAD = 400.0, 16.0, 20.0, 6.0, 4.0
#: Straight pieces per curve when measuring.
STEPS = 8


class Quality(NamedTuple):
    """The quality terms of one drawing; lower :attr:`score` is better."""

    overlaps: int
    crossings: int
    through: int
    wrong: int
    loop_links: int
    area: float
    spread: float

    @property
    def score(self) -> float:
        """The weighted sum the layout minimises (``spread``: area per unit of label area)."""
        return (W_OVERLAP * self.overlaps + W_CROSS * self.crossings + W_THROUGH * self.through
                + W_WRONG * self.wrong + W_SPREAD * self.spread)

    @property
    def round_share(self) -> float:
        """Share of loop links drawn round their loop (1.0 when there are none)."""
        return 1.0 - self.wrong / self.loop_links if self.loop_links else 1.0


def segments_cross(a0: np.ndarray, a1: np.ndarray, b0: np.ndarray, b1: np.ndarray) -> np.ndarray:
    """Whether segments ``a0-a1`` and ``b0-b1`` cross (broadcasting over leading axes).

    The sides are compared by sign bit (a point on the line counts as on its
    negative side), so two curves that cross exactly at a sample point count
    once, not zero or twice.

    Examples
    --------
    >>> import numpy as np
    >>> bool(segments_cross(np.array([0., 0]), np.array([2., 2]), np.array([0., 2]), np.array([2., 0])))
    True
    """
    def orient(p, q, r):
        return (q[..., 0] - p[..., 0]) * (r[..., 1] - p[..., 1]) - (q[..., 1] - p[..., 1]) * (r[..., 0] - p[..., 0])

    d1, d2 = orient(b0, b1, a0), orient(b0, b1, a1)
    d3, d4 = orient(a0, a1, b0), orient(a0, a1, b1)
    return ((d1 > 0) != (d2 > 0)) & ((d3 > 0) != (d4 > 0))


def curve_crossings(a: np.ndarray, b: np.ndarray, ai: np.ndarray | None = None,
                    bi: np.ndarray | None = None) -> np.ndarray:
    """Crossing points between sampled curves ``a[ai[k]]`` and ``b[bi[k]]`` for each pair ``k``.

    Without ``ai`` / ``bi`` the curves are paired row by row.  Pairs whose
    bounding boxes are apart are skipped before the segment tests.

    Examples
    --------
    >>> import numpy as np
    >>> a = np.array([[[0., 0], [1, 1], [2, 2]]]); b = np.array([[[0., 2], [1, 1.5], [2, 0]]])
    >>> curve_crossings(a, b).tolist()
    [1]
    """
    if ai is None or bi is None:
        ai = bi = np.arange(len(a))
    out = np.zeros(len(ai), dtype=int)
    if not len(ai):
        return out
    alo, ahi = a.min(axis=1), a.max(axis=1)
    blo, bhi = b.min(axis=1), b.max(axis=1)
    near = ((alo[ai] <= bhi[bi]) & (blo[bi] <= ahi[ai])).all(axis=1)
    idx = np.flatnonzero(near)
    if len(idx):
        pa, pb = a[ai[idx]], b[bi[idx]]
        hit = segments_cross(pa[:, :-1, None], pa[:, 1:, None], pb[:, None, :-1], pb[:, None, 1:])
        out[idx] = hit.sum(axis=(1, 2))
    return out


def shared_crossings(pa: np.ndarray, pb: np.ndarray, a_at_start: np.ndarray, b_at_start: np.ndarray) -> np.ndarray:
    """Crossings of curve pairs that share a variable, leaving out the piece at the shared name.

    ``a_at_start`` says whether ``pa``'s curve shares its start (else its end), likewise ``b_at_start``.
    """
    pa, pb = pa.copy(), pb.copy()
    # A zero-length first (or last) piece never crosses anything.
    pa[a_at_start, 0], pa[~a_at_start, -1] = pa[a_at_start, 1], pa[~a_at_start, -2]
    pb[b_at_start, 0], pb[~b_at_start, -1] = pb[b_at_start, 1], pb[~b_at_start, -2]
    return curve_crossings(pa, pb)


def segments_hit_boxes(p: np.ndarray, q: np.ndarray, centre: np.ndarray, half: np.ndarray) -> np.ndarray:
    """Whether segments ``p-q`` touch boxes (``centre`` +- ``half``), broadcasting (Liang-Barsky).

    Examples
    --------
    >>> import numpy as np
    >>> bool(segments_hit_boxes(np.array([-10., 0]), np.array([10., 0]), np.array([0., 0]), np.array([2., 2])))
    True
    """
    d = q - p
    tmin = np.zeros(np.broadcast_shapes(p.shape[:-1], centre.shape[:-1]))
    tmax = np.ones_like(tmin)
    ok = np.ones(tmin.shape, dtype=bool)
    for axis in (0, 1):
        lo = centre[..., axis] - half[..., axis] - p[..., axis]
        hi = centre[..., axis] + half[..., axis] - p[..., axis]
        da = np.broadcast_to(d[..., axis], tmin.shape)
        flat = np.abs(da) < 1e-12
        safe = np.where(flat, 1.0, da)
        t1, t2 = lo / safe, hi / safe
        tmin = np.where(flat, tmin, np.maximum(tmin, np.minimum(t1, t2)))
        tmax = np.where(flat, tmax, np.minimum(tmax, np.maximum(t1, t2)))
        ok &= ~flat | ((lo <= 0) & (hi >= 0))
    return ok & (tmin <= tmax)


class DrawingProblem:
    """A diagram's variables and links as arrays: what the layout moves and the score measures.

    ``xy`` arrays have one row per variable in the diagram's order.
    """

    def __init__(self, diagram: Diagram, positions: Mapping[str, tuple[float, float]] | None = None) -> None:
        self.diagram = diagram
        # Ties between equally short loops are settled at these positions (default: the diagram's).
        self.curver = LoopCurver(diagram, positions=positions)
        self.var_ids = self.curver.var_ids
        self.index = {v: i for i, v in enumerate(self.var_ids)}
        self.half = np.array([label_size(v.name, v.kind) for v in diagram.variables.values()],
                             dtype=float).reshape(-1, 2) / 2
        self.src, self.dst = self.curver.src, self.curver.dst
        self.reverse = self.curver.reverse
        self.label_area = float((4 * self.half[:, 0] * self.half[:, 1]).sum()) or 1.0
        m = len(self.src)
        # Link pairs that share a variable are not compared for crossings.
        share = ((self.src[:, None] == self.src[None, :]) | (self.src[:, None] == self.dst[None, :])
                 | (self.dst[:, None] == self.src[None, :]) | (self.dst[:, None] == self.dst[None, :]))
        upper = np.triu(np.ones((m, m), dtype=bool), 1)
        self.compare = ~share & upper
        # Links that share one variable can still cross further along: compare them without the
        # piece that leaves (or enters) the shared name, where they meet anyway.
        both = ((self.src[:, None] == self.dst[None, :]) & (self.dst[:, None] == self.src[None, :])) \
            | ((self.src[:, None] == self.src[None, :]) & (self.dst[:, None] == self.dst[None, :]))
        self.shares_one = share & ~both
        np.fill_diagonal(self.shares_one, False)
        a, b = np.nonzero(self.shares_one & upper)
        self.shared = (a, b, (self.src[a] == self.src[b]) | (self.src[a] == self.dst[b]),
                       (self.src[b] == self.src[a]) | (self.src[b] == self.dst[a]))
        self.ends = np.zeros((m, len(self.var_ids)), dtype=bool)
        self.linked = np.zeros((len(self.var_ids),) * 2, dtype=bool)
        if m:
            self.ends[np.arange(m), self.src] = True
            self.ends[np.arange(m), self.dst] = True
            self.linked[self.src, self.dst] = self.linked[self.dst, self.src] = True

    def positions_of(self, diagram: Diagram) -> np.ndarray:
        """The diagram's own positions as an ``xy`` array."""
        return np.array([(diagram.variables[v].x, diagram.variables[v].y) for v in self.var_ids],
                        dtype=float).reshape(-1, 2)

    def stored_curvature(self) -> np.ndarray:
        """The curvature each link has in the diagram (as drawn today)."""
        links = [lk for lk in self.diagram.links.values() if lk.source != lk.target]
        return np.array([lk.curvature for lk in links], dtype=float)

    def curves(self, xy: np.ndarray, curvature: np.ndarray) -> np.ndarray:
        """Sampled drawn curves, shape ``(links, STEPS + 1, 2)``."""
        if not len(self.src):
            return np.zeros((0, STEPS + 1, 2))
        k = drawn_curvature(curvature, self.reverse)
        return sample_curves(xy[self.src], xy[self.dst], k, self.half[self.src], self.half[self.dst], STEPS)

    def overlap_pairs(self, xy: np.ndarray, gap: float = 0.0) -> np.ndarray:
        """Index pairs ``(i, j)``, i < j, of label boxes that overlap (with ``gap`` between them)."""
        d = np.abs(xy[:, None, :] - xy[None, :, :])
        need = self.half[:, None, :] + self.half[None, :, :] + gap
        hit = (d < need).all(axis=2)
        return np.argwhere(np.triu(hit, 1))

    def crossing_pairs(self, pts: np.ndarray) -> np.ndarray:
        """Per compared link pair, the number of points where the two curves cross, shape ``(links, links)``."""
        m = len(pts)
        if m < 2:
            return np.zeros((m, m), dtype=int)
        lo, hi = pts.min(axis=1), pts.max(axis=1)
        near = self.compare & (lo[:, None] <= hi[None]).all(axis=2) & (lo[None] <= hi[:, None]).all(axis=2)
        out = np.zeros((m, m), dtype=int)
        a, b, a_at_start, b_at_start = self.shared
        if len(a):
            out[a, b] = shared_crossings(pts[a], pts[b], a_at_start, b_at_start)
        rows, cols = np.nonzero(near)
        for start in range(0, len(rows), 4096):  # in blocks: bounded memory on big diagrams
            r, c = rows[start:start + 4096], cols[start:start + 4096]
            out[r, c] = curve_crossings(pts, pts, r, c)
        return out

    def through_pairs(self, pts: np.ndarray, xy: np.ndarray) -> np.ndarray:
        """``(links, variables)``: whether a link passes through a label it does not join."""
        if not len(pts):
            return np.zeros((0, len(xy)), dtype=bool)
        a0, a1 = pts[:, :-1], pts[:, 1:]
        hit = segments_hit_boxes(a0[:, :, None], a1[:, :, None], xy[None, None], self.half[None, None] - 1.0)
        return hit.any(axis=1) & ~self.ends

    def quality(self, xy: np.ndarray, curvature: np.ndarray | None = None) -> Quality:
        """All the terms for positions ``xy`` (curvature: loop-aware unless given)."""
        k = self.curver.curvatures(xy) if curvature is None else curvature
        pts = self.curves(xy, k)
        lo = (xy - self.half).min(axis=0) if len(xy) else np.zeros(2)
        hi = (xy + self.half).max(axis=0) if len(xy) else np.zeros(2)
        if len(pts):
            lo = np.minimum(lo, pts.reshape(-1, 2).min(axis=0))
            hi = np.maximum(hi, pts.reshape(-1, 2).max(axis=0))
        area = float(np.prod(hi - lo))
        flags = self.curver.round_flags(xy, k)
        loop_links = int((self.curver.loop_of >= 0).sum())
        return Quality(
            overlaps=len(self.overlap_pairs(xy)),
            crossings=int(self.crossing_pairs(pts).sum()),
            through=int(self.through_pairs(pts, xy).sum()),
            wrong=int((~flags & (self.curver.loop_of >= 0)).sum()),
            loop_links=loop_links,
            area=area,
            spread=area / self.label_area,
        )


def quality_of(diagram: Diagram, positions: Mapping[str, tuple[float, float]] | None = None,
               curvature: Mapping[str, float] | None = None) -> Quality:
    """The quality of a diagram drawn at ``positions`` (default: its own).

    ``curvature`` (link id -> value) overrides the loop-aware curvature; pass
    ``{}``-like mapping of the stored values to score a drawing as it is.

    Examples
    --------
    >>> from cld_editor.core import Diagram
    >>> d = Diagram()
    >>> ids = [d.new_variable(n, x, y).id for n, x, y in (("A", 0, 0), ("B", 200, 0), ("C", 100, 170))]
    >>> for i in range(3):
    ...     _ = d.new_link(ids[i], ids[(i + 1) % 3])
    >>> q = quality_of(d)
    >>> (q.overlaps, q.crossings, q.through, q.wrong, q.loop_links)
    (0, 0, 0, 0, 3)
    """
    problem = DrawingProblem(diagram, positions)
    xy = problem.positions_of(diagram) if positions is None else \
        np.array([positions[v] for v in problem.var_ids], dtype=float).reshape(-1, 2)
    k = None
    if curvature is not None:
        k = np.array([curvature.get(lid, 0.0) for lid in problem.curver.link_ids], dtype=float)
    return problem.quality(xy, k)
