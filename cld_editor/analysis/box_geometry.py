"""Boxes, segments and triangles: whether two drawn things share any area.

The small geometry under sign placement (:mod:`.sign_placement`): boxes are
``(left, top, right, bottom)`` in scene units, points ``(x, y)``.  The
``*_edges`` forms take a box as four numbers and are written out: the sign
placement asks them tens of thousands of times a drag step.
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


def segment_touches_edges(x0: float, y0: float, x1: float, y1: float, left: float, top: float, right: float,
                          bottom: float) -> bool:
    """:func:`segment_touches_box` with the box given by its edges, already grown by the half width.

    The same arithmetic in the same order (so the same answer to the last bit),
    unrolled and without building tuples: the sign placement calls it tens of
    thousands of times a drag step.

    Examples
    --------
    >>> segment_touches_edges(0, 0, 20, 20, 5, 8, 9, 12), segment_touches_edges(0, 0, 20, 0, 5, 3, 9, 6)
    (True, False)
    """
    dx, dy = x1 - x0, y1 - y0
    lo, hi = 0.0, 1.0
    if abs(dx) < 1e-12:
        if x0 - left <= 0 or right - x0 <= 0:
            return False
    else:
        first, second = (x0 - left) / -dx, (right - x0) / dx
        if dx < 0:
            first, second = second, first
        lo = first if first > lo else lo  # max(lo, first), min(hi, second) as Python picks them
        hi = second if second < hi else hi
    if abs(dy) < 1e-12:
        if y0 - top <= 0 or bottom - y0 <= 0:
            return False
    else:
        first, second = (y0 - top) / -dy, (bottom - y0) / dy
        if dy < 0:
            first, second = second, first
        lo = first if first > lo else lo
        hi = second if second < hi else hi
    return not lo > hi


def triangle_touches_edges(tri: tuple[Point, Point, Point], left: float, top: float, right: float,
                           bottom: float) -> bool:
    """:func:`triangle_touches_box` with the box given by its edges, unrolled the same way.

    Examples
    --------
    >>> triangle_touches_edges(((0, 0), (10, 0), (0, 10)), 1, 1, 2, 2)
    True
    """
    (ax, ay), (bx, by), (cx, cy) = tri
    if left < ax < right and top < ay < bottom or left < bx < right and top < by < bottom \
            or left < cx < right and top < cy < bottom:
        return True
    px, py = (left + right) / 2, (top + bottom) / 2
    d1 = (px - bx) * (ay - by) - (ax - bx) * (py - by)
    d2 = (px - cx) * (by - cy) - (bx - cx) * (py - cy)
    d3 = (px - ax) * (cy - ay) - (cx - ax) * (py - ay)
    if not ((d1 < 0 or d2 < 0 or d3 < 0) and (d1 > 0 or d2 > 0 or d3 > 0)):
        return True
    return segment_touches_edges(ax, ay, bx, by, left, top, right, bottom) or \
        segment_touches_edges(bx, by, cx, cy, left, top, right, bottom) or \
        segment_touches_edges(cx, cy, ax, ay, left, top, right, bottom)


def grow_box(box: Box, by: float) -> Box:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)
