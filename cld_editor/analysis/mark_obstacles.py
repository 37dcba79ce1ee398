"""What a polarity sign or delay mark must not touch: everything drawn, indexed by where it is.

The sign placement (:mod:`.sign_placement`) asks two questions of a diagram
many times over: what does this box touch, and how clear of other links is a
sign here.  :class:`Obstacles` answers both from a grid of cells, so a query
looks only at what is drawn near it.  Each link's line and arrowhead, each
link's marks and each other box (names, loop labels, notes, badges) can be
taken out again, so a canvas can keep one index while a variable is dragged
and change only what moved, instead of indexing the whole diagram again on
every mouse move.  A ``window`` makes such an index answer as one built from
what lies in that box alone.

Examples
--------
>>> from cld_editor.analysis.link_shape import curve_shape
>>> a = DrawnLink("a", curve_shape((0, 0), (300, 0), 0.0, (-40, -12, 40, 12), (260, -12, 340, 12)))
>>> index = obstacles_for([a], [(-40, -12, 40, 12)])
>>> sorted(index.touching((140, -5, 150, 5)))  # a box on the link's line
[('line', 'a')]
>>> index.forget_link("a")
>>> sorted(index.touching((140, -5, 150, 5)))
[]
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping, Sequence

from .box_geometry import (boxes_touch, grow_box, segment_touches_box, segment_touches_edges,
                           triangle_touches_edges)
from .link_shape import Box, LinkShape, Point

#: Half the side of the square a sign (+, −, ?) may cover, its ink plus a pixel.
SIGN_HALF = 7.0
#: Placement keeps this much air round every mark, so that a curve drawn a hair differently
#: (on another device, at another zoom) still touches nothing.
MARGIN = 1.5
#: Other links keep this much farther from a sign than its own line, so it is never read as theirs.
SIGN_CLEAR = 6.0
#: Half the length of a delay bar (across the link) and half the gap between the two bars.
DELAY_ACROSS, DELAY_ALONG = 8.0, 2.5
#: Lines are indexed in pieces at most this long (a mark touching a line counts each piece it touches).
_PIECE = 48.0
#: The side of a cell of the grid: about a sign's reach, so a question looks at few things it cannot touch.
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
    """The box round a delay mark's bars, pen included.

    Examples
    --------
    >>> delay_box((0, 0), (1, 0))
    (-3.75, -9.25, 3.75, 9.25)
    """
    xs = [p[0] for bar in delay_bars(centre, tangent) for p in bar]
    ys = [p[1] for bar in delay_bars(centre, tangent) for p in bar]
    h = pen / 2
    return (min(xs) - h, min(ys) - h, max(xs) + h, max(ys) + h)


class Obstacles:
    """Everything drawn, in a grid of cells, each thing tagged with the link it belongs to ("" if none).

    ``area``: only things touching this box are kept when added (an index
    built for a local update needs no more); ``window``: queries see only
    things touching this box, as if the index had been built with that
    ``area`` (for an index kept between updates).  A link's line and
    arrowhead, its marks and each other box are remembered together, so
    :meth:`forget_link`, :meth:`forget_marks` and :meth:`forget_box` take
    them out again.
    """

    def __init__(self, area: Box | None = None) -> None:
        self.area = area
        self.window: Box | None = None
        self._cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        # (left, top, right, bottom, kind, owner, data, cells) of each thing; None: a free slot
        self._things: list[tuple | None] = []
        self._free: list[int] = []
        self._groups: dict[tuple, list[int]] = defaultdict(list)

    def _add(self, kind: str, owner: str, data: tuple, box: Box) -> None:
        if self.area is not None and not boxes_touch(box, self.area):
            return
        group = (owner, "link") if kind in ("line", "arrow") else (owner, "marks") if owner else ("", box)
        self._put(kind, owner, data if kind != "arrow" else (data, box), box, self._groups[group])

    def _put(self, kind: str, owner: str, data: tuple, box: Box, group: list[int]) -> None:
        cells = _cells_of(box)
        thing = (*box, kind, owner, data, cells)
        if self._free:
            index = self._free.pop()
            self._things[index] = thing
        else:
            index = len(self._things)
            self._things.append(thing)
        group.append(index)
        grid = self._cells
        for cell in cells:
            grid[cell].append(index)

    def _forget(self, group: tuple) -> None:
        for index in self._groups.pop(group, ()):
            for cell in self._things[index][7]:
                members = self._cells[cell]
                members.remove(index)
                if not members:
                    del self._cells[cell]
            self._things[index] = None
            self._free.append(index)

    def forget_link(self, owner: str) -> None:
        """Take out the line and arrowhead of link ``owner``."""
        self._forget((owner, "link"))

    def forget_marks(self, owner: str) -> None:
        """Take out the sign and delay mark of link ``owner``."""
        self._forget((owner, "marks"))

    def forget_box(self, box: Box) -> None:
        """Take out every box equal to ``box`` that belongs to no link."""
        self._forget(("", box))

    def add_box(self, box: Box, owner: str = "", kind: str = "box") -> None:
        """Index a box: a name, a label, a note or a badge (no owner), or a link's sign or delay mark."""
        self._add(kind, owner, box, box)

    def add_line(self, points: Sequence[Point], half_width: float, owner: str) -> None:
        """Index the line through ``points``, drawn ``2 * half_width`` wide, of link ``owner``."""
        area, group = self.area, self._groups[(owner, "link")]
        for data, box in _line_pieces(points, half_width):
            if area is None or boxes_touch(box, area):
                self._put("line", owner, data, box, group)

    def add_triangle(self, tri: tuple[Point, Point, Point], owner: str) -> None:
        """Index the arrowhead ``tri`` of link ``owner``."""
        xs, ys = [p[0] for p in tri], [p[1] for p in tri]
        self._add("arrow", owner, tri, (min(xs), min(ys), max(xs), max(ys)))

    def add_link(self, link: DrawnLink) -> None:
        """Index a link's line and arrowhead."""
        self.add_line(link.shape.points, link.width / 2, link.id)
        self.add_triangle(link.shape.arrow, link.id)

    def replace_link(self, link: DrawnLink) -> None:
        """Put ``link`` in place of the line and arrowhead indexed under its id.

        The same as :meth:`forget_link` then :meth:`add_link`, but a piece that
        stays in the same cells (most of them, when a variable is dragged a few
        pixels) keeps its place in the grid.
        """
        owner, old = link.id, self._groups.get((link.id, "link"))
        tri = link.shape.arrow
        xs, ys = [p[0] for p in tri], [p[1] for p in tri]
        tri_box = (min(xs), min(ys), max(xs), max(ys))
        new = [("line", data, box) for data, box in _line_pieces(link.shape.points, link.width / 2)]
        new.append(("arrow", (tri, tri_box), tri_box))
        things, grid = self._things, self._cells
        if self.area is not None or not old or len(old) != len(new) or things[old[-1]][4] != "arrow":
            self.forget_link(owner)
            self.add_link(link)
            return
        for index, (kind, data, box) in zip(old, new):
            cells, before = _cells_of(box), things[index][7]
            if cells != before:
                for cell in before:
                    members = grid[cell]
                    members.remove(index)
                    if not members:
                        del grid[cell]
                for cell in cells:
                    grid[cell].append(index)
            things[index] = (*box, kind, owner, data, cells)

    def add_marks(self, owner: str, marks: Marks, width: float = 2.1) -> None:
        """Index the sign and delay mark of link ``owner`` (drawn ``width`` wide), placed where ``marks`` says."""
        self.add_box(sign_box(marks.sign), owner, "sign")
        if marks.delay is not None:
            # The bars are drawn with the link's pen, a little wider: as the placement measured them.
            self.add_box(delay_box(*marks.delay, pen=width + 0.4), owner, "delay")

    def _near(self, box: Box) -> Iterator[tuple]:
        """Each thing in the cells ``box`` covers (once), within the window; between cells the caller may stop."""
        seen: set[int] = set()
        things, cells, window = self._things, self._cells, self.window
        for cell in _cells_of(box):
            members = cells.get(cell)
            if not members:
                continue
            for index in members:
                if index in seen:
                    continue
                seen.add(index)
                thing = things[index]
                if window is not None and not (thing[0] < window[2] and window[0] < thing[2]
                                               and thing[1] < window[3] and window[1] < thing[3]):
                    continue
                yield thing

    def touching(self, box: Box, skip_line_of: str = "") -> Iterator[tuple[str, str]]:
        """``(kind, owner)`` of each thing ``box`` touches (a link's own line skipped for its delay mark)."""
        for _, _, _, _, kind, owner, data, _ in self._near(box):
            if kind == "line" and skip_line_of and owner == skip_line_of:
                continue
            if _hits(kind, data, box):
                yield kind, owner

    def count(self, box: Box, skip_line_of: str = "") -> int:
        """How many things :meth:`touching` finds."""
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
        near = grow_box(box, SIGN_CLEAR)
        wide = grow_box(box, 2 * SIGN_CLEAR)
        w0, w1, w2, w3 = wide
        n0, n1, n2, n3 = near
        b0, b1, b2, b3 = box
        things, cells, window = self._things, self._cells, self.window
        seen: set[int] = set()
        count, clearance = 0, 1
        # Inlined (this is the placement's inner loop): each thing near the sign, once.
        for cell in _cells_of(wide):
            if count > enough:
                break
            for index in cells.get(cell, ()):
                if index in seen:
                    continue
                seen.add(index)
                left, top, right, bottom, kind, other, data, _ = things[index]
                if right < w0 or w2 < left or bottom < w1 or w3 < top:
                    continue  # clear even of the widest box (so of the others): most things, one test
                if window is not None and not (left < window[2] and window[0] < right
                                               and top < window[3] and window[1] < bottom):
                    continue
                # The tests of _hits written out (the same arithmetic): tens of thousands a drag step.
                if kind == "line":
                    (x0, y0), (x1, y1), hw, _ = data
                    if other != owner:
                        if segment_touches_edges(x0, y0, x1, y1, w0 - hw, w1 - hw, w2 + hw, w3 + hw):
                            if not (right < n0 or n2 < left or bottom < n1 or n3 < top) \
                                    and segment_touches_edges(x0, y0, x1, y1, n0 - hw, n1 - hw, n2 + hw, n3 + hw):
                                count += 1
                            else:
                                clearance = 0
                    elif not (right < b0 or b2 < left or bottom < b1 or b3 < top) \
                            and segment_touches_edges(x0, y0, x1, y1, b0 - hw, b1 - hw, b2 + hw, b3 + hw):
                        count += 1
                elif kind == "arrow":
                    tri = data[0]
                    if other != owner:
                        if triangle_touches_edges(tri, w0, w1, w2, w3):
                            if not (right < n0 or n2 < left or bottom < n1 or n3 < top) \
                                    and triangle_touches_edges(tri, n0, n1, n2, n3):
                                count += 1
                            else:
                                clearance = 0
                    elif not (right < b0 or b2 < left or bottom < b1 or b3 < top) \
                            and triangle_touches_edges(tri, b0, b1, b2, b3):
                        count += 1
                elif left < b2 and b0 < right and top < b3 and b1 < bottom:  # a box: a name, a label, a mark
                    count += 1
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
        return triangle_touches_edges(data[0], *box)
    return boxes_touch(data, box)


def _line_pieces(points: Sequence[Point], half_width: float) -> list[tuple[tuple, Box]]:
    """``((p, q, half width, box), box)`` of each piece of a drawn line, long pieces cut to about a cell."""
    pieces = []
    for p, q in zip(points, points[1:]):  # long pieces cut to about a cell, so each sits in few cells
        n = max(1, math.ceil(math.dist(p, q) / _PIECE))
        pieces += [((p[0] + (q[0] - p[0]) * k / n, p[1] + (q[1] - p[1]) * k / n),
                    (p[0] + (q[0] - p[0]) * (k + 1) / n, p[1] + (q[1] - p[1]) * (k + 1) / n)) for k in range(n)]
    hw, out = half_width, []
    for p, q in pieces:  # min and max written out (as Python picks them): a long link has a hundred pieces
        (px, py), (qx, qy) = p, q
        box = ((qx if qx < px else px) - hw, (qy if qy < py else py) - hw,
               (qx if qx > px else px) + hw, (qy if qy > py else py) + hw)
        out.append(((p, q, hw, box), box))
    return out


def _cells_of(box: Box) -> Iterable[tuple[int, int]]:
    x0, y0 = math.floor(box[0] / _CELL), math.floor(box[1] / _CELL)
    x1, y1 = math.floor(box[2] / _CELL), math.floor(box[3] / _CELL)
    if x0 == x1 and y0 == y1:
        return [(x0, y0)]
    if (x1 - x0 + 1) * (y1 - y0 + 1) > 4096:  # a degenerate huge box: clamp rather than hang
        x1, y1 = x0 + 63, y0 + 63
    return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]


def obstacles_for(links: Sequence[DrawnLink], boxes: Iterable[Box], marks: Mapping[str, Marks] = {},
                  area: Box | None = None) -> Obstacles:
    """An index of the lines and arrowheads of ``links``, the ``boxes`` and the placed ``marks`` (within ``area``)."""
    index = Obstacles(area=area)
    for box in boxes:
        index.add_box(box)
    widths = {}
    for link in links:
        index.add_link(link)
        widths[link.id] = link.width
    for owner, placed in marks.items():
        index.add_marks(owner, placed, widths.get(owner, 2.1))
    return index
