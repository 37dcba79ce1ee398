"""The drawn shape of a link, computed without Qt: one link for the canvas, many at once for the layout.

A link between two variables is a quadratic Bézier curve from the centre of
its source to the centre of its target whose middle (the bend handle) sits
``curvature`` × chord length to the left of travel; "left" is the normal
``(dy, -dx)`` with y growing downwards, so the control point is
``mid + 2 * curvature * length * normal``.  The curve is cut where it leaves
the source's label box and where it enters the target's (each grown by
:data:`GAP`), and the arrowhead's tip sits on the target's edge.  A straight
link with a link back the other way is drawn with a bend of :data:`PAIR_BEND`
so the two do not overlap.  A link from a variable to itself is a loop over
the top of its label.

Two views of that one curve live here:

* :func:`curve_shape` and :func:`self_loop_shape` give one link's
  :class:`LinkShape`; the canvas's link item builds its painter path,
  arrowhead and hit shape from it, and the sign placement (``sign_placement``)
  checks the same points, so what is checked is what is drawn.
* :func:`sample_curves` and its helpers work on whole arrays of links at once
  (numpy), because the layout scores thousands of candidate drawings.  They
  sample the clipped curve from the source's edge to the arrow's tip, and
  treat two label boxes that overlap as drawing the whole curve (a drawing the
  layout rejects anyway), which is all its scores need.

Examples
--------
>>> shape = curve_shape((0, 0), (200, 0), 0.0, (-40, -12, 40, 12), (160, -12, 240, 12))
>>> [round(v, 1) for v in shape.tip]  # stops at the target's box, less the gap
[157.0, 0.0]
>>> shape.outside  # a straight link has no outside: either side will do
0
>>> import numpy as np
>>> mid = curve_middle(np.array([[0.0, 0.0]]), np.array([[100.0, 0.0]]), np.array([0.25]))
>>> mid.round(1).tolist()  # a quarter of the length to the left of travel: up on screen
[[50.0, -25.0]]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

Point = tuple[float, float]
#: ``(left, top, right, bottom)`` in scene units.
Box = tuple[float, float, float, float]

ARROW_LEN = 11.0
ARROW_HALF = 5.0
GAP = 3.0  # space between either end of the curve and its label box (px)
#: The bend given to a straight link that has a link back the other way, so the two never overlap.
PAIR_BEND = 0.12
#: Below this bend a link reads as straight: its sign may go on either side.
STRAIGHT = 0.02
SELF_LIFT = 46.0
#: At most this many straight pieces stand for a curve when checking what it touches; a straight
#: link needs one, a gentle bend a few (each piece strays at most about half a pixel from the curve).
SAMPLES = 24


@dataclass(frozen=True)
class LinkShape:
    """Everything the canvas draws for a link, in scene coordinates.

    ``start``, ``controls`` and ``end`` are the painter path (one control point:
    quadratic, two: cubic), ending at the arrowhead's base; ``tip`` and
    ``direction`` place the arrowhead; ``points`` samples the drawn line;
    ``outside`` is the side of travel the curve bulges to (+1 left, -1 right,
    0 straight), where its sign belongs.
    """

    start: Point
    controls: tuple[Point, ...]
    end: Point
    tip: Point
    direction: Point
    handle: Point
    points: tuple[Point, ...]
    arrow: tuple[Point, Point, Point]
    outside: int
    middle: Point  # half way along the visible curve, where a delay mark goes
    middle_tangent: Point


def _quad(p0: Point, c: Point, p2: Point, t: float) -> Point:
    u = 1 - t
    a, b, e = u * u, 2 * u * t, t * t
    return (a * p0[0] + b * c[0] + e * p2[0], a * p0[1] + b * c[1] + e * p2[1])


def _quad_points(p0: Point, c: Point, p2: Point, pieces: int) -> tuple[Point, ...]:
    """``pieces + 1`` points evenly spaced in t along a quadratic (inlined: it runs for every link)."""
    (x0, y0), (cx, cy), (x2, y2) = p0, c, p2
    out = []
    for k in range(pieces + 1):
        t = k / pieces
        u = 1 - t
        a, b, e = u * u, 2 * u * t, t * t
        out.append((a * x0 + b * cx + e * x2, a * y0 + b * cy + e * y2))
    return tuple(out)


def _quad_tangent(p0: Point, c: Point, p2: Point, t: float) -> Point:
    return _unit(((c[0] - p0[0]) * 2 * (1 - t) + (p2[0] - c[0]) * 2 * t,
                  (c[1] - p0[1]) * 2 * (1 - t) + (p2[1] - c[1]) * 2 * t))


def _cubic(p0: Point, c1: Point, c2: Point, p3: Point, t: float) -> Point:
    u = 1 - t
    a, b, c, d = u ** 3, 3 * u * u * t, 3 * u * t * t, t ** 3
    return (a * p0[0] + b * c1[0] + c * c2[0] + d * p3[0], a * p0[1] + b * c1[1] + c * c2[1] + d * p3[1])


def _unit(v: Point) -> Point:
    length = math.hypot(v[0], v[1])
    return (v[0] / length, v[1] / length) if length > 1e-9 else (1.0, 0.0)


def contains(box: Box, p: Point) -> bool:
    """Whether ``p`` lies in ``box``, edges included (as Qt's ``QRectF.contains``)."""
    return box[0] <= p[0] <= box[2] and box[1] <= p[1] <= box[3]


def grow(box: Box, by: float) -> Box:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def _exit_param(p0: Point, c: Point, p2: Point, box: Box, lo: float, hi: float, inside_at_lo: bool) -> float:
    """Bisect for where the curve crosses the edge of ``box`` between ``lo`` and ``hi``.

    Plain floats, inlined: this runs twice for every link when a large diagram opens.
    """
    (x0, y0), (cx, cy), (x2, y2) = p0, c, p2
    left, top, right, bottom = box
    for _ in range(14):
        mid = (lo + hi) / 2
        u = 1 - mid
        a, b, e = u * u, 2 * u * mid, mid * mid
        x, y = a * x0 + b * cx + e * x2, a * y0 + b * cy + e * y2
        if (left <= x <= right and top <= y <= bottom) == inside_at_lo:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def arrowhead(tip: Point, direction: Point) -> tuple[Point, Point, Point]:
    """The arrowhead's triangle: the tip and the two corners of its base."""
    (tx, ty), (dx, dy) = tip, direction
    bx, by = tx - dx * ARROW_LEN, ty - dy * ARROW_LEN
    sx, sy = -dy * ARROW_HALF, dx * ARROW_HALF
    return (tip, (bx + sx, by + sy), (bx - sx, by - sy))


def curve_shape(p0: Point, p2: Point, curvature: float, source: Box, target: Box) -> LinkShape:
    """The drawn shape of a link from ``p0`` to ``p2`` (label centres) between two label boxes.

    Examples
    --------
    >>> bent = curve_shape((0, 0), (200, 0), 0.25, (-40, -12, 40, 12), (160, -12, 240, 12))
    >>> bent.outside, [round(v) for v in bent.handle]  # bulges up: left of travel
    (1, [100, -50])
    """
    dx, dy = p2[0] - p0[0], p2[1] - p0[1]
    length = math.hypot(dx, dy)
    normal = (dy / length, -dx / length) if length > 1e-9 else (0.0, -1.0)
    mid = ((p0[0] + p2[0]) / 2, (p0[1] + p2[1]) / 2)
    handle = (mid[0] + normal[0] * curvature * length, mid[1] + normal[1] * curvature * length)
    c = (2 * handle[0] - mid[0], 2 * handle[1] - mid[1])
    src, dst = grow(source, GAP), grow(target, GAP)
    overlap = src[0] < dst[2] and dst[0] < src[2] and src[1] < dst[3] and dst[1] < src[3]
    if length < 1 or overlap and (contains(src, p2) or contains(dst, p0)):
        t0, t1 = 0.0, 1.0
    else:
        t0 = _exit_param(p0, c, p2, src, 0.0, 0.5, True) if contains(src, p0) else 0.0
        t1 = _exit_param(p0, c, p2, dst, 0.5, 1.0, False) if contains(dst, p2) else 1.0
    start, tip = _quad(p0, c, p2, t0), _quad(p0, c, p2, t1)
    direction = _quad_tangent(p0, c, p2, t1)
    # The sub-curve from t0 to t1 has this control point (blossom of the quadratic).
    a, b, e = (1 - t0) * (1 - t1), (1 - t0) * t1 + t0 * (1 - t1), t0 * t1
    ctrl = (p0[0] * a + c[0] * b + p2[0] * e, p0[1] * a + c[1] * b + p2[1] * e)
    end = (tip[0] - direction[0] * ARROW_LEN * 0.8, tip[1] - direction[1] * ARROW_LEN * 0.8)
    # A quadratic's chord error over n pieces is about its bulge / n^2: keep that under half a pixel.
    bulge = abs(curvature) * length * (t1 - t0)
    pieces = max(1, min(SAMPLES, math.ceil(math.sqrt(2 * bulge))))
    points = _quad_points(start, ctrl, end, pieces)
    tm = (t0 + t1) / 2
    outside = 0 if abs(curvature) < STRAIGHT else (1 if curvature > 0 else -1)
    return LinkShape(start, (ctrl,), end, tip, direction, handle, points, arrowhead(tip, direction), outside,
                     _quad(p0, c, p2, tm), _quad_tangent(p0, c, p2, tm))


def self_loop_shape(label: Box) -> LinkShape:
    """The loop a link from a variable to itself draws over the top of its label."""
    top, cx = label[1] - GAP, (label[0] + label[2]) / 2
    w = max((label[2] - label[0]) * 0.22, 14.0)
    start, tip = (cx + w, top), (cx - w, top)
    c1, c2 = (cx + w + 34, top - SELF_LIFT), (cx - w - 34, top - SELF_LIFT)
    direction = _unit((tip[0] - c2[0], tip[1] - c2[1]))
    end = (tip[0] - direction[0] * ARROW_LEN * 0.8, tip[1] - direction[1] * ARROW_LEN * 0.8)
    points = tuple(_cubic(start, c1, c2, end, k / SAMPLES) for k in range(SAMPLES + 1))
    handle = (cx, top - SELF_LIFT * 0.75)
    # Travelling right to left over the top, the loop's inside is on the left: its outside is the right.
    return LinkShape(start, (c1, c2), end, tip, direction, handle, points, arrowhead(tip, direction), -1,
                     handle, (-1.0, 0.0))


# ------------------------------------------------------------------ many links at once (the layout)
def normals(p0: np.ndarray, p2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Left normals of travel ``(dy, -dx) / length`` and chord lengths, one per link."""
    d = p2 - p0
    length = np.hypot(d[:, 0], d[:, 1])
    safe = np.where(length > 1e-9, length, 1.0)
    n = np.stack([d[:, 1] / safe, -d[:, 0] / safe], axis=1)
    n[length <= 1e-9] = (0.0, -1.0)
    return n, length


def control_points(p0: np.ndarray, p2: np.ndarray, curvature: np.ndarray) -> np.ndarray:
    """The Bézier control point of each link."""
    n, length = normals(p0, p2)
    return (p0 + p2) / 2 + n * (2 * curvature * length)[:, None]


def curve_middle(p0: np.ndarray, p2: np.ndarray, curvature: np.ndarray) -> np.ndarray:
    """The point half way along each curve (the canvas's bend handle)."""
    n, length = normals(p0, p2)
    return (p0 + p2) / 2 + n * (curvature * length)[:, None]


def _bezier(p0: np.ndarray, c: np.ndarray, p2: np.ndarray, t: np.ndarray) -> np.ndarray:
    u = 1 - t
    return p0 * (u * u)[..., None] + c * (2 * u * t)[..., None] + p2 * (t * t)[..., None]


def _inside(points: np.ndarray, centre: np.ndarray, half: np.ndarray) -> np.ndarray:
    d = np.abs(points - centre)
    return (d[..., 0] <= half[..., 0]) & (d[..., 1] <= half[..., 1])


def _exit(p0, c, p2, centre, half, lo, hi, inside_at_lo):
    lo, hi = lo.copy(), hi.copy()
    for _ in range(14):
        mid = (lo + hi) / 2
        inside = _inside(_bezier(p0, c, p2, mid), centre, half)
        keep = inside == inside_at_lo
        lo = np.where(keep, mid, lo)
        hi = np.where(keep, hi, mid)
    return (lo + hi) / 2


def sample_curves(p0: np.ndarray, p2: np.ndarray, curvature: np.ndarray, half0: np.ndarray,
                  half2: np.ndarray, steps: int = 8) -> np.ndarray:
    """Points along each visible curve, shape ``(links, steps + 1, 2)``.

    Parameters
    ----------
    p0, p2 : ndarray
        Centres of the source and target labels, shape ``(links, 2)``.
    curvature : ndarray
        The curvature each link is drawn with (see :func:`drawn_curvature`).
    half0, half2 : ndarray
        Half width and half height of the source and target label boxes.
    steps : int
        Number of straight pieces each curve is cut into.

    Examples
    --------
    >>> import numpy as np
    >>> pts = sample_curves(np.array([[0.0, 0]]), np.array([[200.0, 0]]), np.array([0.0]),
    ...                     np.array([[40.0, 12]]), np.array([[40.0, 12]]), steps=2)
    >>> pts[0, :, 0].round().tolist()  # from the source box's edge to the target's
    [43.0, 100.0, 157.0]
    """
    c = control_points(p0, p2, curvature)
    h0, h2 = half0 + GAP, half2 + GAP
    m = len(p0)
    zero, half_t, one = np.zeros(m), np.full(m, 0.5), np.ones(m)
    t0 = _exit(p0, c, p2, p0, h0, zero, half_t, True)
    t1 = _exit(p0, c, p2, p2, h2, half_t, one, False)
    # Boxes that overlap each other: the canvas draws the whole curve.
    clash = np.all(np.abs(p2 - p0) < h0 + h2, axis=1)
    t0 = np.where(clash, 0.0, t0)
    t1 = np.where(clash, 1.0, t1)
    frac = np.linspace(0.0, 1.0, steps + 1)
    t = t0[:, None] + (t1 - t0)[:, None] * frac[None, :]
    return _bezier(p0[:, None, :], c[:, None, :], p2[:, None, :], t)


def drawn_curvature(curvature: np.ndarray, reverse: np.ndarray) -> np.ndarray:
    """Curvature as the canvas draws it: a straight link with a link back gets :data:`PAIR_BEND`.

    ``reverse`` says, per link, whether a link runs the other way between the
    same two variables.

    Examples
    --------
    >>> import numpy as np
    >>> drawn_curvature(np.array([0.0, 0.3]), np.array([True, True])).tolist()
    [0.12, 0.3]
    """
    return np.where((curvature == 0.0) & reverse, PAIR_BEND, curvature)
