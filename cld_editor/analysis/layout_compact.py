"""Compaction: a finished layout drawn smaller, as long as it stays as clear as promised.

Stress layouts keep every link near one comfortable length, which leaves
empty space between the parts of a larger diagram.  :func:`compact` takes
the chosen drawing and shrinks it towards its centre by steps (both axes,
then across, then down), each time pushing labels apart again only as much
as they now overlap (like Graphviz's prism overlap removal, which spreads a
drawing only as far as needed).  A step is kept only when it makes the
drawing smaller, the result is still :func:`allowed` and no more short loops
are squashed out of round (:func:`misshapen`) than before; the shrunk drawing
is then polished once (troubled variables try nearby spots at the shorter
link length) and the polish kept if it scores better.

Examples
--------
>>> import numpy as np
>>> from cld_editor.core import Diagram
>>> from cld_editor.analysis.layout_quality import DrawingProblem
>>> d = Diagram()
>>> ids = [d.new_variable(n).id for n in ("Jobs", "Income", "Spending")]
>>> for i in range(3):
...     _ = d.new_link(ids[i], ids[(i + 1) % 3])
>>> problem = DrawingProblem(d)
>>> loose = np.array([[0.0, -600.0], [520.0, 300.0], [-520.0, 300.0]])
>>> tight = compact(problem, loose, unit=150.0)
>>> problem.quality(tight).area < problem.quality(loose).area / 4
True
>>> q = problem.quality(tight)
>>> (q.overlaps, q.crossings, q.through, q.wrong)
(0, 0, 0, 0)
"""

from __future__ import annotations

import numpy as np

from .layout_place import ROUND_LOOP, improve, separate
from .layout_quality import DrawingProblem, Quality

#: Shrink factors tried in turn: a bold step first, finer ones once a bolder step is refused.
FACTORS = (0.85, 0.93, 0.97)
#: Which axes a step shrinks: both (keeps the shape), then across, then down.
AXES = (np.array([1.0, 1.0]), np.array([1.0, 0.0]), np.array([0.0, 1.0]))
#: A step must save at least this share of the area to be worth taking.
MIN_GAIN = 0.01
#: At most this many steps are measured (each costs one push apart and one score).
BUDGET = 40
#: In a part of more than :data:`FITS` variables, a compacted drawing may have links through
#: names up to this share of its links, and arcs bulging the wrong way up to this share of its
#: loop links (never fewer than it had): a large diagram that fits the window is worth a few.
#: A smaller part fits anyway and keeps all its clarity.
THROUGH_SHARE, WRONG_SHARE, FITS = 0.1, 0.05, 24
#: A short loop reads as a circle while its members' farthest distance from their centre is
#: within this factor of the nearest.
ROUND_RATIO = 1.25
#: Rounds of moving troubled variables after the last shrink.
POLISH = 2


def allowed(q: Quality, first: Quality, links: int, share: float = 1.0) -> bool:
    """Whether a compacted drawing ``q`` is still as clear as promised, against the drawing ``first``.

    No overlap and no more crossings than ``first``; links through names and
    wrong-way arcs no more than ``first`` had or than ``share`` times their
    allowance (:data:`THROUGH_SHARE` of the ``links``, :data:`WRONG_SHARE` of
    the loop links), whichever is more.

    Examples
    --------
    >>> first = Quality(0, 3, 0, 0, 20, 100.0, 1.0)
    >>> allowed(first._replace(through=2), first, links=30)
    True
    >>> allowed(first._replace(through=2), first, links=30, share=0.0)
    False
    >>> allowed(first._replace(through=4), first, 30), allowed(first._replace(crossings=4), first, 30)
    (False, False)
    """
    return (q.overlaps == 0 and q.crossings <= first.crossings
            and q.through <= max(first.through, int(share * THROUGH_SHARE * links))
            and q.wrong <= max(first.wrong, int(share * WRONG_SHARE * q.loop_links)))


def misshapen(problem: DrawingProblem, xy: np.ndarray) -> int:
    """How many short loops (up to :data:`~.layout_place.ROUND_LOOP` variables) are not round.

    A loop is round when its members' farthest distance from their centre is
    within :data:`ROUND_RATIO` of the nearest.

    Examples
    --------
    >>> import numpy as np
    >>> from cld_editor.core import Diagram
    >>> d = Diagram()
    >>> ids = [d.new_variable(n).id for n in ("Jobs", "Income", "Spending", "Demand")]
    >>> for i in range(4):
    ...     _ = d.new_link(ids[i], ids[(i + 1) % 4])
    >>> p = DrawingProblem(d)
    >>> misshapen(p, np.array([[0.0, -100], [100, 0], [0, 100], [-100, 0]]))
    0
    >>> misshapen(p, np.array([[0.0, -50], [100, 0], [0, 50], [-100, 0]]))
    1
    """
    count = 0
    for loop in problem.curver.loops:
        if 2 < len(loop) <= ROUND_LOOP:
            pts = xy[list(loop)]
            r = np.hypot(*(pts - pts.mean(axis=0)).T)
            count += bool(r.max() > ROUND_RATIO * r.min())
    return count


def compact(problem: DrawingProblem, xy: np.ndarray, unit: float, budget: int = BUDGET) -> np.ndarray:
    """``xy`` shrunk by steps while the drawing gets smaller and stays :func:`allowed`.

    Parameters
    ----------
    problem : DrawingProblem
        The diagram (one connected part) being drawn.
    xy : ndarray
        Its positions, one row per variable.
    unit : float
        The link length the drawing was made with (px); the polish aims at it shrunk alike.
    budget : int, optional
        How many steps to measure at most.

    Returns
    -------
    ndarray
        The smallest accepted drawing in whole pixels (``xy`` rounded when no step was kept).
    """
    # Whole pixels, as the layout hands them out, so what is measured here is what is drawn.
    xy = np.round(xy)
    if len(xy) < 3:
        return xy
    # Ties between equally short loops settled where the drawing is, as the canvas will settle them.
    problem = DrawingProblem(problem.diagram, dict(zip(problem.var_ids, map(tuple, xy))))
    first = now = problem.quality(xy)
    if first.overlaps:
        return xy
    shapes = misshapen(problem, xy)
    links = len(problem.src)
    share = 0.0 if len(xy) <= FITS else 1.0
    size = 1.0  # how far the drawing has shrunk (geometric mean of the two axes)
    tried = 0
    progress = True
    while progress and tried < budget:
        progress = False
        for axes in AXES:
            for factor in FACTORS:
                if tried >= budget:
                    break
                tried += 1
                scale = 1.0 - (1.0 - factor) * axes
                centre = xy.mean(axis=0)
                step = np.round(separate(centre + (xy - centre) * scale, problem.half, problem.linked))
                q = problem.quality(step)
                if q.area < now.area * (1.0 - MIN_GAIN) and allowed(q, first, links, share) \
                        and misshapen(problem, step) <= shapes:
                    xy, now, progress = step, q, True
                    size *= float(np.sqrt(scale.prod()))
                    break
    if POLISH and size < 1.0:
        again = improve(problem, xy, unit * size, np.arange(len(xy)), passes=POLISH)
        again = np.round(separate(again, problem.half, problem.linked))
        q = problem.quality(again)
        # Kept only if clearer on the whole, hardly bigger, and still within what was allowed.
        if q.score < now.score and q.area <= now.area * 1.03 and allowed(q, first, links, share) \
                and misshapen(problem, again) <= shapes:
            xy = again
    return xy
