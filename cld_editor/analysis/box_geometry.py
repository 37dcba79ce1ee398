"""Boxes, segments and triangles: whether two drawn things share any area.

The small geometry under sign placement (:mod:`.sign_placement`): boxes are
``(left, top, right, bottom)`` in scene units, points ``(x, y)``.
"""

from __future__ import annotations

from .link_shape import Box, Point


def boxes_touch(a: Box, b: Box) -> bool:
    """Whether two boxes share any area.

    Examples
    --------
    >>> boxes_touch((0, 0, 10, 10), (5, 5, 15, 15)), boxes_touch((0, 0, 10, 10), (10, 0, 20, 10))
    (True, False)
    """
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def segment_touches_box(p: Point, q: Point, box: Box, half_width: float = 0.0) -> bool:
    """Whether the segment ``p``-``q``, drawn ``2 * half_width`` wide, touches ``box`` (Liang-Barsky).

    Examples
    --------
    >>> segment_touches_box((0, 0), (20, 20), (5, 8, 9, 12)), segment_touches_box((0, 0), (20, 0), (5, 3, 9, 6))
    (True, False)
    >>> segment_touches_box((0, 0), (20, 0), (5, 3, 9, 6), half_width=3.5)
    True
    """
    left, top, right, bottom = box[0] - half_width, box[1] - half_width, box[2] + half_width, box[3] + half_width
    x0, y0 = p
    dx, dy = q[0] - x0, q[1] - y0
    lo, hi = 0.0, 1.0
    for edge_p, edge_q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
        if abs(edge_p) < 1e-12:
            if edge_q <= 0:
                return False
            continue
        r = edge_q / edge_p
        if edge_p < 0:
            lo = max(lo, r)
        else:
            hi = min(hi, r)
        if lo > hi:
            return False
    return True


def _inside_triangle(p: Point, tri: tuple[Point, Point, Point]) -> bool:
    (ax, ay), (bx, by), (cx, cy) = tri
    d1 = (p[0] - bx) * (ay - by) - (ax - bx) * (p[1] - by)
    d2 = (p[0] - cx) * (by - cy) - (bx - cx) * (p[1] - cy)
    d3 = (p[0] - ax) * (cy - ay) - (cx - ax) * (p[1] - ay)
    negative, positive = d1 < 0 or d2 < 0 or d3 < 0, d1 > 0 or d2 > 0 or d3 > 0
    return not (negative and positive)


def triangle_touches_box(tri: tuple[Point, Point, Point], box: Box) -> bool:
    """Whether a filled triangle and a box share any area."""
    if any(box[0] < x < box[2] and box[1] < y < box[3] for x, y in tri):
        return True
    if _inside_triangle(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), tri):
        return True
    return any(segment_touches_box(tri[i], tri[(i + 1) % 3], box) for i in range(3))



def grow_box(box: Box, by: float) -> Box:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)
