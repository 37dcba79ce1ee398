"""Where each link's polarity sign and delay mark go, so that none can be read as another link's.

A sign belongs beside its own arrowhead, on the outside of its arc (the side
the curve bulges to; either side of a straight link).  When that spot would
touch anything drawn - another link's line, any arrowhead, another sign or
delay mark, a variable's name, a loop label, a note or a badge - the sign
moves back along its own link, a few pixels at a time, to the first spot
that touches nothing.  A delay mark (the double bar) sits across the middle
of its link and moves along it the same way.  When a link is so crowded that
no spot is free, the spot that touches the fewest things is kept and the
result says so.

Everything is plain geometry on :class:`~cld_editor.analysis.link_shape.LinkShape`
(the same shapes the canvas draws); what a mark must not touch is indexed in a
grid (:mod:`.mark_obstacles`) so that large diagrams stay fast.  The canvas,
every export and the tests use this one module.

Examples
--------
>>> from cld_editor.analysis.link_shape import curve_shape
>>> a = DrawnLink("a", curve_shape((0, 0), (300, 0), 0.0, (-40, -12, 40, 12), (260, -12, 340, 12)))
>>> marks = place_marks([a], [(-40, -12, 40, 12), (260, -12, 340, 12)])
>>> marks["a"].clear, [round(v) for v in marks["a"].sign]  # beside the arrowhead, above the line
(True, [233, -11])
"""

from __future__ import annotations

import math
from itertools import islice
from typing import Collection, Iterable, Iterator, Mapping, Sequence

from .box_geometry import boxes_touch, grow_box, segment_touches_box, triangle_touches_box  # noqa: F401 - shared
from .link_shape import ARROW_LEN, Box, LinkShape, Point
from .mark_obstacles import (  # noqa: F401 - the canvas and the tests use them from here
    DELAY_ACROSS, DELAY_ALONG, MARGIN, SIGN_CLEAR, SIGN_HALF, DrawnLink, Marks, Obstacles, delay_bars, delay_box,
    obstacles_for, sign_box)

#: Space kept between a sign and its own line.
SIGN_GAP = 3.0
#: How far back from the arrow's tip the first spot for a sign is.
SIGN_BACK = ARROW_LEN + SIGN_HALF + 1.5
#: How far a mark moves along its link between two tries.
STEP = 5.0
#: A sign stays within this share of its link from the arrowhead, and within SIGN_REACH_PX of it, so it
#: still reads as the arrow's (and a long link through a crowd is not searched end to end).
SIGN_REACH = 0.8
SIGN_REACH_PX = 240.0
#: A link whose first this-many spots all touch something is in a crowd with no clear spot near its
#: arrowhead: the least crowded of them is kept rather than searching the whole link (a hairball of
#: long links would otherwise cost seconds).
MAX_TRIES = 40
#: The same for a link already in a crowd while a drag moves it: its full search waits for the drag to rest.
QUICK_TRIES = 6
#: When no spot STEP apart is clear, a mark tries the spots this far apart in between.
FINE_STEP = 1.0
#: A delay mark stays within this share of its link either side of the middle.
DELAY_REACH = 0.45


# ------------------------------------------------------------------ walking a link
def _route(shape: LinkShape) -> list[Point]:
    """The link from the arrow's tip back to its start, as a polyline."""
    return [shape.tip, *reversed(shape.points)]


def _length(route: Sequence[Point]) -> float:
    return sum(math.dist(p, q) for p, q in zip(route, route[1:]))


def _at(route: Sequence[Point], distance: float) -> tuple[Point, Point]:
    """The point ``distance`` along ``route`` and the direction of travel of the link there."""
    for p, q in zip(route, route[1:]):
        piece = math.dist(p, q)
        if piece > 1e-9 and distance <= piece:
            f = distance / piece
            # The route runs backwards (tip to start): travel is from q to p.
            return (p[0] + (q[0] - p[0]) * f, p[1] + (q[1] - p[1]) * f), ((p[0] - q[0]) / piece, (p[1] - q[1]) / piece)
        distance -= piece
    p, q = route[-2], route[-1]
    piece = max(math.dist(p, q), 1e-9)
    return q, ((p[0] - q[0]) / piece, (p[1] - q[1]) / piece)


def _walk(route: Sequence[Point]) -> Iterator[tuple[Point, Point]]:
    """A generator that is sent growing distances and yields :func:`_at` for each, in one pass."""
    distance = yield ((0.0, 0.0), (1.0, 0.0))
    walked, i = 0.0, 0
    while True:
        while i < len(route) - 2 and walked + math.dist(route[i], route[i + 1]) < distance:
            walked += math.dist(route[i], route[i + 1])
            i += 1
        distance = yield _at(route[i:], distance - walked)


def first_sign_spot(link: DrawnLink) -> Point:
    """Where the sign goes when nothing is in the way: beside the arrowhead."""
    return next(_sign_candidates(link))[1]


def sign_spots(link: DrawnLink, inside: bool = False) -> list[Point]:
    """Candidate centres for a link's sign, best first: beside the arrowhead, then back along the link.

    ``inside=True``: the spots on the inside of a curved link's arc, tried
    only when no spot outside is clear.

    Examples
    --------
    >>> from cld_editor.analysis.link_shape import curve_shape
    >>> spots = sign_spots(DrawnLink("a", curve_shape((0, 0), (300, 0), 0.3, (-40, -12, 40, 12), (260, -12, 340, 12))))
    >>> all(y < 0 for _, y in spots)  # a curve bulging upwards keeps its sign above it
    True
    """
    return [spot for _, spot in _sign_candidates(link, inside)]


def _sign_candidates(link: DrawnLink, inside: bool = False,
                     gaps: Collection[int] = ()) -> Iterator[tuple[float, Point]]:
    """``(steps back from the arrowhead, centre)`` of each spot a sign may take, best first.

    A curved link's spots are on the outside of its arc; ``inside=True`` gives
    the spots on the inside instead (the last resort of a crowded link).
    ``gaps``: instead, the spots every :data:`FINE_STEP` between each step
    given and the next (a free stretch narrower than a step), their steps
    counted in fractions.
    """
    route = _route(link.shape)
    total = _length(route)
    reach = max(SIGN_BACK, min(total * SIGN_REACH, SIGN_REACH_PX))
    outside = link.shape.outside
    sides = ((-outside,) if inside else (outside,)) if outside else (1, -1)
    distance, step = min(SIGN_BACK, total / 2), 0
    last = max(gaps, default=-1)
    walk = _walk(route)
    next(walk)  # started: it now takes distances
    while distance <= reach + 1e-9 and (not gaps or step <= last):
        gap = STEP if distance < 60 else 2 * STEP  # fine steps near the arrowhead, coarser further back
        spots: Iterable[tuple[float, float]] = ((step, distance),)
        if gaps:
            fine = range(1, math.ceil(gap / FINE_STEP)) if step in gaps else range(0)
            spots = ((step + k * FINE_STEP / gap, distance + k * FINE_STEP) for k in fine)
        for at, d in spots:
            (x, y), (tx, ty) = walk.send(d)
            nx, ny = ty, -tx  # left of travel
            off = SIGN_HALF * (abs(nx) + abs(ny)) + link.width / 2 + SIGN_GAP
            for side in sides:
                yield at, (x + side * nx * off, y + side * ny * off)
        distance += gap
        step += 1


def delay_spots(link: DrawnLink) -> list[tuple[Point, Point]]:
    """Candidate (centre, tangent) pairs for a delay mark: the middle, then alternately either side of it."""
    return [spot for _, spot in _delay_candidates(link)]


def _delay_candidates(link: DrawnLink, gaps: Sequence[tuple[float, float]] = ()
                      ) -> Iterator[tuple[float, tuple[Point, Point]]]:
    """``(distance from the middle, spot)`` of :func:`delay_spots`, one at a time (a search that stops early
    walks no further).

    ``gaps``: instead, the spots every :data:`FINE_STEP` strictly between each
    pair of distances given (a free stretch narrower than a step).
    """
    route = _route(link.shape)
    total = _length(route)
    middle = total / 2
    if gaps:
        for lo, hi in gaps:
            for k in range(1, math.ceil((hi - lo) / FINE_STEP)):
                yield lo + k * FINE_STEP, _at(route, middle + lo + k * FINE_STEP)
        return
    # The visible middle (as the canvas always drew it) first, then steps away along the route.
    yield 0.0, (link.shape.middle, link.shape.middle_tangent)
    k = 1
    while k * STEP <= total * DELAY_REACH:
        for d in (k * STEP, -k * STEP):
            yield d, _at(route, middle + d)
        k += 1


def _narrow_gaps(counts: Mapping[float, int]) -> list[float]:
    """Each step whose spot and the next one along touch one thing each (the free stretch between two
    things may be narrower than a step), given what the spot at each step touched.

    Examples
    --------
    >>> _narrow_gaps({0: 1, 1: 1, 2: 3, 3: 1, 4: 1, 5: 0})
    [0, 3]
    """
    steps = sorted(counts)
    return [a for a, b in zip(steps, steps[1:]) if counts[a] == 1 and counts[b] == 1]


# ------------------------------------------------------------------ placing
def place_marks(links: Sequence[DrawnLink], boxes: Iterable[Box], fixed: Mapping[str, Marks] = {},
                only: Iterable[str] | None = None, area: Box | None = None,
                quick: Iterable[str] = (), index: Obstacles | None = None) -> dict[str, Marks]:
    """Place the sign and delay mark of each link in ``only`` (default: every link not in ``fixed``).

    ``boxes`` are the other things drawn (variable names, loop labels, notes,
    badges); ``fixed`` holds marks already placed, which are kept and
    avoided.  Signs are placed first, link by link in the order given, then
    delay marks.  ``area``, when given, holds every spot the placed links may
    take (a local update): what lies outside it is not indexed.  Links in
    ``quick`` (known to be in a crowd, moving with a drag) try only their
    first :data:`QUICK_TRIES` spots for each mark before they are called
    crowded; a mark is still said clear only when it touches nothing.
    ``index``: the obstacles, when the caller built them (from the same
    links, boxes and fixed marks); the placed marks are added to it.
    Returns the marks of the links placed.
    """
    quick = set(quick)
    chosen = set(only) if only is not None else None
    wanted = [link for link in links if (link.id in chosen if chosen is not None else link.id not in fixed)]
    if index is None:
        index = obstacles_for(links, boxes, {k: v for k, v in fixed.items() if chosen is None or k not in chosen}, area)
    signs: dict[str, tuple[Point, bool]] = {}
    for link in wanted:
        # Cost: anything touched outweighs everything else; then each step back from the arrowhead,
        # and being squeezed between other links, count about alike.
        best, best_cost, best_count = None, math.inf, math.inf
        limit = QUICK_TRIES if link.id in quick else MAX_TRIES
        # Outside the arc first, then (nowhere clear outside) inside: a clear spot there still reads
        # as this link's alone.  On each side the steps first; then (unless moving with a drag) the
        # pixels between two steps that each touch one thing, for a free stretch narrower than a
        # step; those are taken only when clear, so a crowded link keeps its least crowded step.
        for inside in (False, True) if link.shape.outside else (False,):
            if not best_count:
                break
            counts: dict[float, int] = {}
            for step, spot, cost, count in _costed(index, link, _sign_candidates(link, inside), limit):
                counts[step] = min(count, counts.get(step, count))  # a straight link: the better side
                if (count < best_count) if inside else (cost < best_cost):
                    best, best_cost, best_count = spot, cost, count
            gaps = _narrow_gaps(counts) if best_count and link.id not in quick else []
            if gaps:
                for _, spot, cost, count in _costed(index, link, _sign_candidates(link, inside, gaps), math.inf):
                    if count == 0 and (best_count or cost < best_cost):
                        best, best_cost, best_count = spot, cost, count
        sign = best if best is not None else link.shape.tip
        index.add_box(sign_box(sign), link.id, "sign")
        signs[link.id] = (sign, best_count == 0)
    placed: dict[str, Marks] = {}
    for link in wanted:
        sign, clear = signs[link.id]
        delay = None
        if link.delay:
            best_count, counts = math.inf, {}
            for offset, spot in islice(_delay_candidates(link), 2 * QUICK_TRIES if link.id in quick else None):
                count = counts[offset] = index.count(grow_box(delay_box(*spot, pen=link.width + 0.4), MARGIN),
                                                     skip_line_of=link.id)
                if count < best_count:
                    delay, best_count = spot, count
                    if count == 0:
                        break
            if best_count and link.id not in quick:
                # Nowhere clear a step apart: the pixels between two steps that each touch one thing.
                gaps = [(a, a + STEP) for a in _narrow_gaps(counts)]
                gaps.sort(key=lambda gap: abs(gap[0] + STEP / 2))  # nearest the middle first
                for _, spot in _delay_candidates(link, gaps) if gaps else ():
                    if not index.count(grow_box(delay_box(*spot, pen=link.width + 0.4), MARGIN), skip_line_of=link.id):
                        delay, best_count = spot, 0
                        break
            index.add_box(delay_box(*delay, pen=link.width + 0.4), link.id, "delay")
            clear = clear and best_count == 0
        placed[link.id] = Marks(sign, delay, clear)
    return placed


def _costed(index: Obstacles, link: DrawnLink, candidates: Iterable[tuple[float, Point]],
            limit: float = MAX_TRIES) -> Iterator[tuple[float, Point, float, int]]:
    """``(step, spot, cost, things touched)`` of the candidates worth trying, nearest the arrowhead first."""
    best, fewest = math.inf, math.inf
    for tries, (step, spot) in enumerate(candidates):
        if step > best or (tries >= limit and fewest > 0):
            return  # every later spot costs more than the best already found, or the link is in a crowd
        count, clearance = index.assess_sign(spot, link.id, enough=fewest)
        cost = count * 1000 + step + 2 * (1 - clearance)
        best, fewest = min(best, cost), min(fewest, count)
        yield step, spot, cost, count


def touches(links: Sequence[DrawnLink], boxes: Iterable[Box], marks: Mapping[str, Marks],
            owners: Iterable[str] | None = None, index: Obstacles | None = None) -> list[tuple[str, str, str]]:
    """Every ``(link id, mark, what it touches)`` where a placed mark touches something drawn.

    ``owners``: only the marks of these links are looked at (all by default);
    ``index``: the obstacles with every mark in it, when the caller has them.

    Examples
    --------
    >>> from cld_editor.analysis.link_shape import curve_shape
    >>> a = DrawnLink("a", curve_shape((0, 0), (300, 0), 0.0, (-40, -12, 40, 12), (260, -12, 340, 12)))
    >>> touches([a], [], {"a": Marks((150, 0))})  # a sign right on its own line
    [('a', 'sign', 'line of a')]
    """
    if index is None:
        index = obstacles_for(links, boxes, marks)
    widths = {link.id: link.width for link in links}
    found = []
    looked_at = set(marks) if owners is None else set(owners)
    for owner, placed in marks.items():
        if owner not in looked_at:
            continue
        for what, box, skip in (("sign", sign_box(placed.sign), ""),
                                ("delay", delay_box(*placed.delay, pen=widths.get(owner, 2.0) + 0.4)
                                 if placed.delay else None, owner)):
            if box is None:
                continue
            for kind, other in index.touching(box, skip_line_of=skip):
                entry = (owner, what, f"{kind} of {other}" if other else kind)
                if (other != owner or kind != what) and entry not in found:  # not the mark itself
                    found.append(entry)
    return found
