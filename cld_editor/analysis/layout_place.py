"""Placing the variables of one connected diagram: stress layout with loops as circles.

Each start is a stress majorization (the method behind Graphviz neato) whose
target distance between two variables is the number of links between them
times a link length, except that the members of each short loop are given the
distances of a regular polygon, so that loops come out round; variables where
many loops meet end up in the middle because they are close to everything.
Then labels are pushed apart until no two overlap, and variables caught in a
crossing or with a link through their name are tried at nearby spots, keeping
a move only when the local quality improves.

All functions take and return ``xy`` arrays (one row per variable of the
:class:`~cld_editor.analysis.layout_quality.DrawingProblem`).
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from .curvature import joins_neighbours_many
from .layout_quality import (W_CROSS, W_OVERLAP, W_THROUGH, W_WRONG, DrawingProblem, curve_crossings,
                             segments_hit_boxes, shared_crossings)
from .link_shape import drawn_curvature, sample_curves

#: Room kept between two labels (px), across and along.
GAP_X, GAP_Y = 18.0, 14.0
#: Room kept between two linked labels, so the arrow between them can be seen.
LINK_GAP = 46.0
#: Loops up to this many variables are drawn as regular polygons.
ROUND_LOOP = 8


def link_unit(problem: DrawingProblem, nodes: np.ndarray) -> float:
    """The length of a typical link for these variables (px): room for a label and an arc."""
    widths = problem.half[nodes, 0] * 2
    return float(np.clip(np.median(widths) * 0.55 + 95.0, 120.0, 210.0)) if len(widths) else 150.0


def target_distances(problem: DrawingProblem, nodes: np.ndarray, unit: float) -> tuple[np.ndarray, np.ndarray]:
    """Target distances and stress weights between the variables ``nodes`` (one component)."""
    local = {int(v): i for i, v in enumerate(nodes)}
    graph = nx.Graph()
    graph.add_nodes_from(range(len(nodes)))
    graph.add_edges_from((local[int(a)], local[int(b)]) for a, b in zip(problem.src, problem.dst)
                         if int(a) in local and int(b) in local)
    n = len(nodes)
    hops = np.full((n, n), float(n))
    for i, lengths in nx.all_pairs_shortest_path_length(graph):
        for j, h in lengths.items():
            hops[i, j] = h
    target = hops * unit
    boost = np.ones((n, n))
    for loop in problem.curver.loops:
        m = len(loop)
        if m > ROUND_LOOP or any(v not in local for v in loop):
            continue
        radius = unit / (2 * np.sin(np.pi / m))
        idx = [local[v] for v in loop]
        for a in range(m):
            for b in range(a + 1, m):
                steps = min(b - a, m - (b - a))
                want = 2 * radius * np.sin(np.pi * steps / m)
                i, j = idx[a], idx[b]
                target[i, j] = target[j, i] = min(target[i, j], want)
                boost[i, j] = boost[j, i] = 3.0
    np.fill_diagonal(target, 0.0)
    with np.errstate(divide="ignore"):
        weight = np.where(target > 0, boost / np.maximum(target, 1e-9) ** 2, 0.0)
    return target, weight


def stress_solver(weight: np.ndarray) -> np.ndarray:
    """The pseudo-inverse of the weighted Laplacian: shared by every start of one part."""
    lap = -weight.copy()
    np.fill_diagonal(lap, 0.0)
    np.fill_diagonal(lap, -lap.sum(axis=1))
    return np.linalg.pinv(lap, hermitian=True)


def stress(target: np.ndarray, weight: np.ndarray, start: np.ndarray, rounds: int = 120,
           inv: np.ndarray | None = None) -> np.ndarray:
    """Stress majorization (SMACOF) from ``start`` (``inv``: from :func:`stress_solver`)."""
    n = len(target)
    if n < 3:
        return start
    if inv is None:
        inv = stress_solver(weight)
    xy = start.copy()
    previous = np.inf
    for _ in range(rounds):
        diff = xy[:, None, :] - xy[None, :, :]
        dist = np.hypot(diff[..., 0], diff[..., 1])
        with np.errstate(divide="ignore", invalid="ignore"):
            b = np.where(dist > 1e-9, -weight * target / dist, 0.0)
        np.fill_diagonal(b, 0.0)
        np.fill_diagonal(b, -b.sum(axis=1))
        xy = inv @ (b @ xy)
        value = float((weight * (dist - target) ** 2).sum())
        if previous - value < 1e-5 * previous:
            break
        previous = value
    return xy


def classical_start(target: np.ndarray) -> np.ndarray:
    """Classical multidimensional scaling of the targets: a deterministic first start."""
    n = len(target)
    sq = target ** 2
    centre = np.eye(n) - np.ones((n, n)) / n
    b = -0.5 * centre @ sq @ centre
    values, vectors = np.linalg.eigh(b)
    order = np.argsort(values)[::-1][:2]
    xy = vectors[:, order] * np.sqrt(np.maximum(values[order], 1e-9))
    # Fix the sign of each axis so the result does not depend on the eigen-solver's whim.
    for axis in range(2):
        if xy[np.argmax(np.abs(xy[:, axis])), axis] < 0:
            xy[:, axis] = -xy[:, axis]
    return xy


def separate(xy: np.ndarray, half: np.ndarray, linked: np.ndarray | None = None, rounds: int = 400) -> np.ndarray:
    """Push apart labels (with :data:`GAP_X` / :data:`GAP_Y` between them) along the cheaper axis.

    Labels joined by a link (``linked``, a boolean matrix) keep
    :data:`LINK_GAP` between them.  Each overlapping pair moves apart by half
    its overlap each, so a variable moves as little as the overlaps it is in
    require.
    """
    xy = xy.copy()
    n = len(xy)
    if n < 2:
        return xy
    hw = half + np.array([GAP_X / 2, GAP_Y / 2])
    extra = np.zeros((n, n)) if linked is None else np.where(linked, LINK_GAP - GAP_X, 0.0)
    order = np.arange(n)
    tie = np.sign(order[:, None] - order[None, :]).astype(float)
    for _ in range(rounds):
        dx = xy[:, None, 0] - xy[None, :, 0]
        dy = xy[:, None, 1] - xy[None, :, 1]
        ox = hw[:, None, 0] + hw[None, :, 0] + extra - np.abs(dx)
        oy = hw[:, None, 1] + hw[None, :, 1] + extra * (GAP_Y / GAP_X) - np.abs(dy)
        hit = (ox > 0) & (oy > 0)
        np.fill_diagonal(hit, False)
        if not hit.any():
            break
        along_x = hit & (ox * 0.6 <= oy)
        along_y = hit & ~along_x
        sx = np.where(dx == 0, tie, np.sign(dx))
        sy = np.where(dy == 0, tie, np.sign(dy))
        step = np.stack([np.where(along_x, (ox + 0.5) * sx, 0.0).sum(axis=1),
                         np.where(along_y, (oy + 0.5) * sy, 0.0).sum(axis=1)], axis=1)
        xy += step * 0.5
    return xy


class LocalCost:
    """The part of the quality that one variable's position changes, for many candidate spots at once."""

    def __init__(self, problem: DrawingProblem, curvature: np.ndarray, unit: float,
                 anchor: np.ndarray | None = None, cross_weight: float = W_CROSS) -> None:
        self.p = problem
        self.cross_weight = cross_weight
        self.anchor = anchor  # tidy: cost of moving away from the author's place instead of link length
        self.k = drawn_curvature(curvature, problem.reverse)
        self.steps = 4  # coarser than the score's curves: this runs for every candidate spot
        self.unit = unit
        self.incident = [np.flatnonzero((problem.src == v) | (problem.dst == v)) for v in range(len(problem.var_ids))]
        # The loops each variable is on, and where in each loop its links start (for roundness).
        curver = problem.curver
        self.loops_of: list[list[int]] = [[] for _ in problem.var_ids]
        for j, loop in enumerate(curver.loops):
            for v in loop:
                self.loops_of[v].append(j)
        self.starts: list[list[int]] = [[] for _ in curver.loops]
        for i in np.flatnonzero(curver.loop_of >= 0):
            j = curver.loop_of[i]
            self.starts[j].append(curver.loops[j].index(int(problem.src[i])))

    def curves(self, xy: np.ndarray) -> np.ndarray:
        p = self.p
        return sample_curves(xy[p.src], xy[p.dst], self.k, p.half[p.src], p.half[p.dst], self.steps)

    def costs(self, v: int, xy: np.ndarray, pts: np.ndarray, spots: np.ndarray) -> np.ndarray:
        """Local cost of variable ``v`` at each of ``spots`` (others stay where ``xy`` has them)."""
        p = self.p
        c = len(spots)
        inc = self.incident[v]
        others = np.ones(len(xy), dtype=bool)
        others[v] = False
        # Overlaps of v's box (with the gap) with the others.
        d = np.abs(spots[:, None, :] - xy[None, others])
        # The same room separate() keeps, so a move it accepts is not undone by the final push.
        extra = p.linked[v, others][:, None] * np.array([LINK_GAP - GAP_X, (LINK_GAP - GAP_X) * GAP_Y / GAP_X])
        need = p.half[v] + p.half[others] + np.array([GAP_X, GAP_Y]) + extra - 0.5
        overlap = (d < need).all(axis=2).sum(axis=1).astype(float)
        rest = np.ones(len(p.src), dtype=bool)
        rest[inc] = False
        # Links that do not touch v, through v's box (only links near some spot can be).
        reach = p.half[v] + 2.0
        near = rest & (pts.min(axis=1) <= spots.max(axis=0) + reach).all(axis=1) \
            & (pts.max(axis=1) >= spots.min(axis=0) - reach).all(axis=1)
        if near.any():
            r0, r1 = pts[near, :-1].reshape(-1, 2), pts[near, 1:].reshape(-1, 2)
            through_v = segments_hit_boxes(r0[None], r1[None], spots[:, None, :], reach[None, None])
            through_v = through_v.reshape(c, near.sum(), -1).any(axis=2).sum(axis=1)
        else:
            through_v = np.zeros(c)
        cross = np.zeros(c)
        through_inc = np.zeros(c)
        length = np.zeros(c)
        if len(inc):
            s = np.repeat(xy[p.src[inc]][None], c, axis=0)
            t = np.repeat(xy[p.dst[inc]][None], c, axis=0)
            s[:, p.src[inc] == v] = spots[:, None, :]
            t[:, p.dst[inc] == v] = spots[:, None, :]
            s, t = s.reshape(-1, 2), t.reshape(-1, 2)
            kk = np.tile(self.k[inc], c)
            new = sample_curves(s, t, kk, np.tile(p.half[p.src[inc]], (c, 1)),
                                np.tile(p.half[p.dst[inc]], (c, 1)), self.steps)
            new = new.reshape(c, len(inc), self.steps + 1, 2)
            length = (np.abs(np.hypot(*(t - s).T) - self.unit) / self.unit).reshape(c, len(inc)).sum(axis=1)
            # Crossings with the links they are compared with.
            # Only links whose box meets the box one of v's links sweeps over all spots can cross it.
            sweep_lo, sweep_hi = new.min(axis=(0, 2)), new.max(axis=(0, 2))
            link_lo, link_hi = pts.min(axis=1), pts.max(axis=1)
            reach = (sweep_lo[:, None] <= link_hi[None]).all(axis=2) & (link_lo[None] <= sweep_hi[:, None]).all(axis=2)
            comp = (p.compare[inc] | p.compare[:, inc].T) & reach
            r, o = np.nonzero(comp)
            ci = (np.arange(c)[:, None] * len(inc) + r[None]).ravel()
            oi = np.tile(o, c)
            flat = new.reshape(c * len(inc), self.steps + 1, 2)
            counts = curve_crossings(flat, pts, ci, oi)
            # (float: bincount of nothing is an integer array)
            cross = np.bincount(ci // len(inc), weights=counts, minlength=c).astype(float)
            # Links that share a variable with one of v's links: compared beyond the shared name.
            r2, o2 = np.nonzero(p.shares_one[inc] & reach)
            if len(r2):
                li = inc[r2]
                a_start = (p.src[li] == p.src[o2]) | (p.src[li] == p.dst[o2])
                b_start = (p.src[o2] == p.src[li]) | (p.src[o2] == p.dst[li])
                ci2 = (np.arange(c)[:, None] * len(inc) + r2[None]).ravel()
                counts2 = shared_crossings(flat[ci2], pts[np.tile(o2, c)], np.tile(a_start, c), np.tile(b_start, c))
                cross += np.bincount(ci2 // len(inc), weights=counts2, minlength=c)
            n0, n1 = new[:, :, :-1], new[:, :, 1:]
            # v's links through other labels (not their ends): only labels near some new curve can be.
            lo, hi = new.reshape(-1, 2).min(axis=0), new.reshape(-1, 2).max(axis=0)
            hb = p.half - 1.0
            boxes = np.flatnonzero(((xy - hb <= hi) & (xy + hb >= lo)).all(axis=1) & others)
            hitb = segments_hit_boxes(n0[:, :, :, None], n1[:, :, :, None], xy[boxes][None, None, None],
                                      hb[boxes][None, None, None])
            hitb = hitb.any(axis=2) & ~p.ends[inc][:, boxes][None]
            through_inc = hitb.sum(axis=(1, 2))
        if self.anchor is not None:
            length = 6.0 * np.hypot(*(spots - self.anchor[v]).T) / self.unit
            wrong = np.zeros(c)  # tidy keeps the author's arrangement of loops
        else:
            wrong = self.wrong(v, xy, spots)
        return (W_OVERLAP * overlap + W_THROUGH * (through_v + through_inc) + self.cross_weight * cross
                + W_WRONG * wrong + 1.5 * length)

    def wrong(self, v: int, xy: np.ndarray, spots: np.ndarray) -> np.ndarray:
        """Links of v's loops that would not join neighbours round their loop, per spot."""
        out = np.zeros(len(spots))
        for j in self.loops_of[v]:
            if not self.starts[j]:
                continue
            members = list(self.p.curver.loops[j])
            pts = np.repeat(xy[members][None], len(spots), axis=0)
            pts[:, members.index(v)] = spots
            out += (~joins_neighbours_many(pts, self.starts[j])).sum(axis=1)
        return out


def trouble(problem: DrawingProblem, xy: np.ndarray, curvature: np.ndarray,
            crossings: bool = True) -> tuple[list[int], dict[int, set[int]]]:
    """Variables in a crossing, overlap, link-through-name or loop not drawn round, most involved first.

    Also, per variable, the links in its way: links that cross one of its
    links or pass through its name (candidate spots mirror or clear them).
    """
    pts = problem.curves(xy, curvature)
    count = np.zeros(len(xy))
    culprits: dict[int, set[int]] = {}
    cross = problem.crossing_pairs(pts) if crossings else np.zeros((0, 0))
    for a, b in np.argwhere(cross > 0):
        for link, other in ((a, b), (b, a)):
            for v in (problem.src[link], problem.dst[link]):
                count[v] += 1
                culprits.setdefault(int(v), set()).add(int(other))
    through = problem.through_pairs(pts, xy)
    for link, v in np.argwhere(through):
        count[v] += 2
        culprits.setdefault(int(v), set()).add(int(link))
        count[problem.src[link]] += 1
        count[problem.dst[link]] += 1
    for i, j in problem.overlap_pairs(xy, 4.0):
        count[i] += 3
        count[j] += 3
    if crossings:  # members of loops that are not drawn round (tidy leaves the author's loops alone)
        wrong = ~problem.curver.round_flags(xy, curvature) & (problem.curver.loop_of >= 0)
        for link in np.flatnonzero(wrong):
            for v in problem.curver.loops[problem.curver.loop_of[link]]:
                count[v] += 0.5
    order = np.argsort(-count, kind="stable")
    return [int(v) for v in order if count[v] > 0], culprits


def spots_around(xy: np.ndarray, v: int, unit: float, neighbours: np.ndarray, half: np.ndarray,
                 lines: list[tuple[np.ndarray, np.ndarray]] = ()) -> np.ndarray:
    """Candidate places for ``v``: rings round where it is, mirrored over its neighbours,
    and, for each link in its way (``lines``: the link's two ends), mirrored over that link
    or moved just clear of it on either side."""
    here = xy[v]
    angles = np.arange(8) * (np.pi / 4)
    ring = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    spots = [here[None]] + [here + ring * r for r in (0.35 * unit, 0.9 * unit)]
    if len(neighbours):
        centre = xy[neighbours].mean(axis=0)
        spots.append((2 * centre - here)[None])
        spots.append(centre[None])
    for p, q in list(lines)[:6]:
        d = q - p
        length = float(np.hypot(*d))
        if length < 1e-6:
            continue
        n = np.array([d[1], -d[0]]) / length
        off = float((here - p) @ n)
        extent = abs(n[0]) * half[0] + abs(n[1]) * half[1] + 14.0
        side = 1.0 if off >= 0 else -1.0
        spots.append(np.array([here - 2 * off * n, here + n * (side * extent - off),
                               here + n * (-side * extent - off)]))
    return np.concatenate(spots)


def improve(problem: DrawingProblem, xy: np.ndarray, unit: float, nodes: np.ndarray, passes: int = 2,
            budget: int = 24) -> np.ndarray:
    """Move troubled variables (of ``nodes``) to nearby spots that lower the local cost."""
    xy = xy.copy()
    allowed = set(int(v) for v in nodes)
    adjacency = [np.unique(np.concatenate([problem.dst[problem.src == v], problem.src[problem.dst == v]]))
                 for v in range(len(xy))]
    for _ in range(passes):
        k = problem.curver.curvatures(xy)
        cost = LocalCost(problem, k, unit)
        moved = False
        order, culprits = trouble(problem, xy, k)
        for v in [v for v in order if v in allowed][:budget]:
            pts = cost.curves(xy)
            lines = [(xy[problem.src[link]], xy[problem.dst[link]]) for link in sorted(culprits.get(v, ()))]
            spots = spots_around(xy, v, unit, adjacency[v], problem.half[v], lines)
            values = cost.costs(v, xy, pts, spots)
            best = int(np.argmin(values))
            if values[best] < values[0] - 1e-6:
                xy[v] = spots[best]
                moved = True
        if not moved:
            break
    return xy
