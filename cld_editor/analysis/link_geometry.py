"""The drawn shape of links, as the canvas draws them, without Qt.

The canvas (``gui/canvas/link_item.py``) draws a link as a quadratic Bézier
curve from the centre of its source to the centre of its target, whose middle
(the bend handle) sits ``curvature`` x chord length to the *left* of the
direction of travel, where "left" is the normal ``(dy, -dx)`` in scene
coordinates (y grows downwards).  The control point is therefore
``mid + 2 * curvature * length * normal``.  The curve is clipped where it
leaves the source's label box and enters the target's (each grown by a 3 px
gap).  A straight link with a link back the other way is drawn with a bend of
0.12 so the two do not overlap.

Everything here works on whole arrays of links at once (numpy), because the
layout scores thousands of candidate drawings.

Examples
--------
>>> import numpy as np
>>> p0, p2 = np.array([[0.0, 0.0]]), np.array([[100.0, 0.0]])
>>> mid = curve_middle(p0, p2, np.array([0.25]))
>>> mid.round(1).tolist()  # a quarter of the length to the left of travel: up on screen
[[50.0, -25.0]]
"""

from __future__ import annotations

import numpy as np

#: Space between the curve's end and the label box (px), the canvas's GAP.
GAP = 3.0
#: The bend the canvas gives a straight link that has a link back the other way.
PAIR_BEND = 0.12


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
