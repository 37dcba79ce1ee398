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
(the same shapes the canvas draws), with a grid so that large diagrams stay
fast.  The canvas, every export and the tests use this one module.

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
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping, Sequence

from .box_geometry import boxes_touch, grow_box, segment_touches_box, triangle_touches_box  # noqa: F401 - shared
from .link_shape import ARROW_LEN, Box, LinkShape, Point

#: Half the side of the square a sign (+, −, ?) may cover, its ink plus a pixel.
SIGN_HALF = 7.0
#: Space kept between a sign and its own line.
SIGN_GAP = 3.0
#: Placement keeps this much air round every mark, so that a curve drawn a hair differently
#: (on another device, at another zoom) still touches nothing.
MARGIN = 1.5
#: Other links keep this much farther from a sign than its own line, so it is never read as theirs.
SIGN_CLEAR = 6.0
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
#: Half the length of a delay bar (across the link) and half the gap between the two bars.
DELAY_ACROSS, DELAY_ALONG = 8.0, 2.5
#: A delay mark stays within this share of its link either side of the middle.
DELAY_REACH = 0.45
_CELL = 48.0


@dataclass(frozen=True)
class DrawnLink:
    """A link as drawn: its shape, its pen width and whether it carries a delay mark."""

    id: str
    shape: LinkShape
    width: float = 2.0
    delay: bool = False


@dataclass(frozen=True)
class Marks:
    """Where a link's sign (centre) and delay mark (centre and tangent) are drawn.

    ``clear`` is false when every spot on the link touched something and the
    least crowded one was kept.
    """

    sign: Point
    delay: tuple[Point, Point] | None = None
    clear: bool = True


def sign_box(centre: Point) -> Box:
    """The square a sign centred on ``centre`` may cover.

    Examples
    --------
    >>> sign_box((10, 20))
    (3.0, 13.0, 17.0, 27.0)
    """
    return (centre[0] - SIGN_HALF, centre[1] - SIGN_HALF, centre[0] + SIGN_HALF, centre[1] + SIGN_HALF)


def delay_bars(centre: Point, tangent: Point) -> tuple[tuple[Point, Point], tuple[Point, Point]]:
    """The two bars of a delay mark across a link at ``centre`` travelling along ``tangent``.

    Examples
    --------
    >>> delay_bars((0, 0), (1, 0))
    (((2.5, 8.0), (2.5, -8.0)), ((-2.5, 8.0), (-2.5, -8.0)))
    """
    (cx, cy), (tx, ty) = centre, tangent
    sx, sy = -ty * DELAY_ACROSS, tx * DELAY_ACROSS
    bars = []
    for k in (DELAY_ALONG, -DELAY_ALONG):
        mx, my = cx + tx * k, cy + ty * k
        bars.append(((mx + sx, my + sy), (mx - sx, my - sy)))
    return bars[0], bars[1]


def delay_box(centre: Point, tangent: Point, pen: float = 2.5) -> Box:
    """The box round a delay mark's bars, pen included."""
    xs = [p[0] for bar in delay_bars(centre, tangent) for p in bar]
    ys = [p[1] for bar in delay_bars(centre, tangent) for p in bar]
    h = pen / 2
    return (min(xs) - h, min(ys) - h, max(xs) + h, max(ys) + h)


# ------------------------------------------------------------------ obstacles
@dataclass
class Obstacles:
    """Everything drawn, in a grid of cells, each thing tagged with the link it belongs to ("" if none)."""

    _cells: dict[tuple[int, int], list[int]] = field(default_factory=lambda: defaultdict(list))
    _things: list[tuple[str, str, tuple]] = field(default_factory=list)
    #: Only things touching this box are kept (a local update needs no more); ``None``: everything.
    area: Box | None = None

    def _add(self, kind: str, owner: str, data: tuple, box: Box) -> None:
        if self.area is not None and not boxes_touch(box, self.area):
            return
        index = len(self._things)
        self._things.append((kind, owner, data if kind != "arrow" else (data, box)))
        for cell in _cells_of(box):
            self._cells[cell].append(index)

    def add_box(self, box: Box, owner: str = "", kind: str = "box") -> None:
        self._add(kind, owner, box, box)

    def add_line(self, points: Sequence[Point], half_width: float, owner: str) -> None:
        pieces = []
        for p, q in zip(points, points[1:]):  # long pieces cut to about a cell, so each sits in few cells
            n = max(1, math.ceil(math.dist(p, q) / _CELL))
            pieces += [((p[0] + (q[0] - p[0]) * k / n, p[1] + (q[1] - p[1]) * k / n),
                        (p[0] + (q[0] - p[0]) * (k + 1) / n, p[1] + (q[1] - p[1]) * (k + 1) / n)) for k in range(n)]
        for p, q in pieces:
            box = (min(p[0], q[0]) - half_width, min(p[1], q[1]) - half_width,
                   max(p[0], q[0]) + half_width, max(p[1], q[1]) + half_width)
            self._add("line", owner, (p, q, half_width, box), box)

    def add_triangle(self, tri: tuple[Point, Point, Point], owner: str) -> None:
        xs, ys = [p[0] for p in tri], [p[1] for p in tri]
        self._add("arrow", owner, tri, (min(xs), min(ys), max(xs), max(ys)))

    def add_link(self, link: DrawnLink) -> None:
        self.add_line(link.shape.points, link.width / 2, link.id)
        self.add_triangle(link.shape.arrow, link.id)

    def add_marks(self, owner: str, marks: Marks) -> None:
        self.add_box(sign_box(marks.sign), owner, "sign")
        if marks.delay is not None:
            self.add_box(delay_box(*marks.delay), owner, "delay")

    def touching(self, box: Box, skip_line_of: str = "") -> Iterator[tuple[str, str]]:
        """``(kind, owner)`` of each thing ``box`` touches (a link's own line skipped for its delay mark)."""
        seen: set[int] = set()
        for cell in _cells_of(box):
            for index in self._cells.get(cell, ()):
                if index in seen:
                    continue
                seen.add(index)
                kind, owner, data = self._things[index]
                if kind == "line" and skip_line_of and owner == skip_line_of:
                    continue
                if _hits(kind, data, box):
                    yield kind, owner

    def count(self, box: Box, skip_line_of: str = "") -> int:
        return sum(1 for _ in self.touching(box, skip_line_of))

    def assess_sign(self, centre: Point, owner: str, enough: float = math.inf) -> tuple[int, int]:
        """How many things a sign of ``owner`` at ``centre`` touches, and how clear it is of other links.

        Other links' lines and arrowheads within :data:`SIGN_CLEAR` count as
        touched (a sign must sit clearly nearer its own link).  The second
        number is whether they also stay a second step away (1) or not (0): a
        sign in open space reads better than one squeezed between lines.
        Counting stops once it passes ``enough`` (the spot is already worse
        than one found before).
        """
        box = grow_box(sign_box(centre), MARGIN)
        levels = [grow_box(box, SIGN_CLEAR), grow_box(box, 2 * SIGN_CLEAR)]
        seen: set[int] = set()
        count, clearance = 0, 1
        for cell in _cells_of(levels[-1]):
            if count > enough:
                break
            for index in self._cells.get(cell, ()):
                if index in seen:
                    continue
                seen.add(index)
                kind, other, data = self._things[index]
                if kind not in ("line", "arrow") or other == owner:
                    if kind in ("line", "arrow"):
                        count += _hits(kind, data, box)
                    else:
                        count += boxes_touch(data, box)
                    continue
                if not _hits(kind, data, levels[-1]):
                    continue  # far away: most things, one test
                for level, wide in enumerate(levels):
                    if _hits(kind, data, wide):
                        if level == 0:
                            count += 1
                        else:
                            clearance = min(clearance, level - 1)
                        break
        return count, clearance


def _hits(kind: str, data: tuple, box: Box) -> bool:
    if kind == "line":
        span = data[3]
        if span[2] < box[0] or box[2] < span[0] or span[3] < box[1] or box[3] < span[1]:
            return False  # the segment's own box is clear of it: the common case, decided cheaply
        return segment_touches_box(data[0], data[1], box, data[2])
    if kind == "arrow":
        span = data[1]
        if span[2] < box[0] or box[2] < span[0] or span[3] < box[1] or box[3] < span[1]:
            return False
        return triangle_touches_box(data[0], box)
    return boxes_touch(data, box)


def _cells_of(box: Box) -> Iterable[tuple[int, int]]:
    x0, y0 = math.floor(box[0] / _CELL), math.floor(box[1] / _CELL)
    x1, y1 = math.floor(box[2] / _CELL), math.floor(box[3] / _CELL)
    if (x1 - x0 + 1) * (y1 - y0 + 1) > 4096:  # a degenerate huge box: clamp rather than hang
        x1, y1 = x0 + 63, y0 + 63
    return ((x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1))


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


def _sign_candidates(link: DrawnLink, inside: bool = False) -> Iterator[tuple[int, Point]]:
    """``(steps back from the arrowhead, centre)`` of each spot a sign may take, best first.

    A curved link's spots are on the outside of its arc; ``inside=True`` gives
    the spots on the inside instead (the last resort of a crowded link).
    """
    route = _route(link.shape)
    total = _length(route)
    reach = max(SIGN_BACK, min(total * SIGN_REACH, SIGN_REACH_PX))
    outside = link.shape.outside
    sides = ((-outside,) if inside else (outside,)) if outside else (1, -1)
    distance, step = min(SIGN_BACK, total / 2), 0
    walk = _walk(route)
    next(walk)  # started: it now takes distances
    while distance <= reach + 1e-9:
        (x, y), (tx, ty) = walk.send(distance)
        nx, ny = ty, -tx  # left of travel
        off = SIGN_HALF * (abs(nx) + abs(ny)) + link.width / 2 + SIGN_GAP
        for side in sides:
            yield step, (x + side * nx * off, y + side * ny * off)
        distance += STEP if distance < 60 else 2 * STEP  # fine steps near the arrowhead, coarser further back
        step += 1


def delay_spots(link: DrawnLink) -> list[tuple[Point, Point]]:
    """Candidate (centre, tangent) pairs for a delay mark: the middle, then alternately either side of it."""
    route = _route(link.shape)
    total = _length(route)
    # The visible middle (as the canvas always drew it) first, then steps away along the route.
    spots = [(link.shape.middle, link.shape.middle_tangent)]
    middle = total / 2
    k = 1
    while k * STEP <= total * DELAY_REACH:
        for d in (middle + k * STEP, middle - k * STEP):
            spots.append(_at(route, d))
        k += 1
    return spots


# ------------------------------------------------------------------ placing
def obstacles_for(links: Sequence[DrawnLink], boxes: Iterable[Box], marks: Mapping[str, Marks] = {},
                  area: Box | None = None) -> Obstacles:
    """An index of the lines and arrowheads of ``links``, the ``boxes`` and the placed ``marks`` (within ``area``)."""
    index = Obstacles(area=area)
    for box in boxes:
        index.add_box(box)
    for link in links:
        index.add_link(link)
    for owner, placed in marks.items():
        index.add_marks(owner, placed)
    return index


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
        for spot, cost, count in _costed(index, link, _sign_candidates(link), limit):
            if cost < best_cost:
                best, best_cost, best_count = spot, cost, count
        if best_count and link.shape.outside:
            # Nowhere clear outside the arc: a clear spot inside still reads as this link's alone.
            for spot, cost, count in _costed(index, link, _sign_candidates(link, inside=True), limit):
                if count < best_count:
                    best, best_cost, best_count = spot, cost, count
        sign = best if best is not None else link.shape.tip
        index.add_box(sign_box(sign), link.id, "sign")
        signs[link.id] = (sign, best_count == 0)
    placed: dict[str, Marks] = {}
    for link in wanted:
        sign, clear = signs[link.id]
        delay = None
        if link.delay:
            best_count = math.inf
            for spot in delay_spots(link)[:2 * QUICK_TRIES if link.id in quick else None]:
                count = index.count(grow_box(delay_box(*spot, pen=link.width + 0.4), MARGIN), skip_line_of=link.id)
                if count < best_count:
                    delay, best_count = spot, count
                    if count == 0:
                        break
            index.add_box(delay_box(*delay, pen=link.width + 0.4), link.id, "delay")
            clear = clear and best_count == 0
        placed[link.id] = Marks(sign, delay, clear)
    return placed


def _costed(index: Obstacles, link: DrawnLink, candidates: Iterable[tuple[int, Point]],
            limit: int = MAX_TRIES) -> Iterator[tuple[Point, float, int]]:
    """``(spot, cost, things touched)`` of the candidates worth trying, nearest the arrowhead first."""
    best, fewest = math.inf, math.inf
    for tries, (step, spot) in enumerate(candidates):
        if step > best or (tries >= limit and fewest > 0):
            return  # every later spot costs more than the best already found, or the link is in a crowd
        count, clearance = index.assess_sign(spot, link.id, enough=fewest)
        cost = count * 1000 + step + 2 * (1 - clearance)
        best, fewest = min(best, cost), min(fewest, count)
        yield spot, cost, count


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
