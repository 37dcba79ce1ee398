"""Packing the separately drawn parts of a diagram into one compact drawing.

The largest part stays where it is.  Each smaller part (often a single
variable on no loop) goes to the free spot that keeps the whole drawing's
bounding box smallest: in an empty corner of what is placed when one is big
enough, else beside it.  A spot is free when the part's box (its labels and
links, with a gap round it) touches no placed label and no placed link and
lies outside the hull of the placed names (inside a loop, a lone variable
would read as one of its members).

Examples
--------
>>> import numpy as np
>>> big = Part(["a", "b"], np.array([[0.0, 0.0], [400.0, 300.0]]), np.full((2, 2), 30.0),
...            np.zeros((0, 2, 2)))
>>> one = Part(["c"], np.zeros((1, 2)), np.full((1, 2), 30.0), np.zeros((0, 2, 2)))
>>> out = pack([big, one])
>>> bool(np.allclose(out["a"], (0, 0)))
True
>>> bool(-30 < out["c"][0] < 430 and -30 < out["c"][1] < 330)  # in the empty corner
True
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .layout_quality import segments_hit_boxes

#: Empty space kept round a part placed among others (px).
PACK_GAP = 40.0
#: Spacing of the spots tried (px).
STEP = 16.0


class Part(NamedTuple):
    """One connected part: variable ids, positions, label half sizes and sampled link curves."""

    ids: list[str]
    xy: np.ndarray
    half: np.ndarray
    curves: np.ndarray  # (links, samples, 2)


def _bounds(part: Part) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = (part.xy - part.half).min(axis=0), (part.xy + part.half).max(axis=0)
    if len(part.curves):
        pts = part.curves.reshape(-1, 2)
        lo, hi = np.minimum(lo, pts.min(axis=0)), np.maximum(hi, pts.max(axis=0))
    return lo, hi


def convex_hull(points: np.ndarray) -> np.ndarray:
    """Corners of the convex hull of ``points``, counter-clockwise (Andrew's monotone chain).

    Examples
    --------
    >>> convex_hull(np.array([[0.0, 0], [2, 0], [1, 1], [2, 2], [0, 2]])).tolist()
    [[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0]]
    """
    pts = sorted(map(tuple, np.unique(points, axis=0)))
    if len(pts) < 3:
        return np.array(pts, dtype=float).reshape(-1, 2)

    def half(seq):
        out: list[tuple[float, float]] = []
        for p in seq:
            while len(out) >= 2 and ((out[-1][0] - out[-2][0]) * (p[1] - out[-2][1])
                                     - (out[-1][1] - out[-2][1]) * (p[0] - out[-2][0])) <= 0:
                out.pop()
            out.append(p)
        return out

    lower, upper = half(pts), half(reversed(pts))
    return np.array(lower[:-1] + upper[:-1], dtype=float)


def inside_hull(hull: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Whether each of ``points`` lies strictly inside the counter-clockwise convex ``hull``.

    Examples
    --------
    >>> square = np.array([[0.0, 0], [2, 0], [2, 2], [0, 2]])
    >>> inside_hull(square, np.array([[1.0, 1], [3, 1]])).tolist()
    [True, False]
    """
    if len(hull) < 3:
        return np.zeros(len(points), dtype=bool)
    a, b = hull, np.roll(hull, -1, axis=0)
    side = ((b[:, 0] - a[:, 0])[None] * (points[:, None, 1] - a[None, :, 1])
            - (b[:, 1] - a[:, 1])[None] * (points[:, None, 0] - a[None, :, 0]))
    return (side > 0).all(axis=1)


def _first_free(offsets: np.ndarray, lo: np.ndarray, hi: np.ndarray, boxes: np.ndarray, halves: np.ndarray,
                segments: tuple[np.ndarray, np.ndarray]) -> int | None:
    """The first of ``offsets`` putting the box ``lo``-``hi`` (plus the gap) clear of placed labels and links,
    outside the hull of the placed names (``boxes``: their centres)."""
    centre = (lo + hi) / 2 + offsets
    half = (hi - lo) / 2 + PACK_GAP
    clear = ~((np.abs(centre[:, None] - boxes[None]) < half + halves[None]).all(axis=2)).any(axis=1)
    # Not among the placed variables (inside a loop it would read as one of its members): neither
    # the middle nor a corner of the part's box within the hull of the placed names.
    hull = convex_hull(boxes)
    for corner in ((0, 0), (-1, -1), (-1, 1), (1, -1), (1, 1)):
        clear &= ~inside_hull(hull, centre + np.array(corner) * (hi - lo) / 2)
    clear = np.flatnonzero(clear)
    p, q = segments
    if not len(p):
        return int(clear[0]) if len(clear) else None
    for start in range(0, len(clear), 256):  # in order, a block at a time: the first free one wins
        idx = clear[start:start + 256]
        hit = segments_hit_boxes(p[None], q[None], centre[idx, None], half[None, None]).any(axis=1)
        if not hit.all():
            return int(idx[np.argmin(hit)])
    return None


def pack(parts: list[Part]) -> dict[str, np.ndarray]:
    """Positions of every variable of ``parts``, the largest part unmoved, the others packed round it."""
    parts = sorted(parts, key=lambda part: len(part.ids), reverse=True)
    out = {vid: p for vid, p in zip(parts[0].ids, parts[0].xy)}
    boxes, halves = parts[0].xy, parts[0].half
    curves = parts[0].curves
    total_lo, total_hi = _bounds(parts[0])
    for part in parts[1:]:
        lo, hi = _bounds(part)
        size = hi - lo
        # Spots from just beyond the left / top edge to just beyond the right / bottom one.
        xs = np.arange(total_lo[0] - size[0] - PACK_GAP, total_hi[0] + PACK_GAP + STEP, STEP)
        ys = np.arange(total_lo[1] - size[1] - PACK_GAP, total_hi[1] + PACK_GAP + STEP, STEP)
        corner = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
        offsets = corner - lo
        new_lo = np.minimum(total_lo, lo + offsets)
        new_hi = np.maximum(total_hi, hi + offsets)
        area = np.prod(new_hi - new_lo, axis=1)
        middle = (total_lo + total_hi) / 2
        dist = np.hypot(*((lo + hi) / 2 + offsets - middle).T)
        order = np.lexsort((dist, np.round(area / 1000.0)))  # smallest box first, then nearest the middle
        segs = (curves[:, :-1].reshape(-1, 2), curves[:, 1:].reshape(-1, 2))
        found = _first_free(offsets[order], lo, hi, boxes, halves, segs)
        # The outermost spots are always free; should none be, the part goes to the right.
        best = order[found] if found is not None else int(np.argmax(offsets[:, 0]))
        shift = np.round(offsets[best])
        for vid, p in zip(part.ids, part.xy):
            out[vid] = p + shift
        boxes = np.concatenate([boxes, part.xy + shift])
        halves = np.concatenate([halves, part.half])
        curves = np.concatenate([curves, part.curves + shift]) if len(part.curves) else curves
        total_lo, total_hi = new_lo[best], new_hi[best]
    return out
