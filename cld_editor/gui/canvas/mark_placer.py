"""Signs and delay marks placed so that none touches anything else drawn.

The geometry is :mod:`cld_editor.analysis.sign_placement` (no Qt); this
module feeds it what the canvas shows and places marks lazily: a link that
changes asks for its marks once per turn of the event loop, and only the
links round a change are placed again, so a drag stays smooth.  A link that
was already in a crowd (no clear spot for its sign) looks only near its
arrowhead while it moves; its full search runs once the canvas has rested
for :attr:`MarkPlacer.SETTLE_MS`, and before any export.  One index of
everything drawn is kept between updates and changed only where something
moved, so a drag does not index the whole diagram again on every mouse move;
each update asks it about the area round the change alone, so the marks are
the same as an index of that area would give.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QTimer
from PySide6.QtWidgets import QGraphicsItem

from ...analysis.sign_placement import (DELAY_ACROSS, Obstacles, boxes_touch, grow_box, place_marks, sign_box,
                                         touches)
from .link_item import line_width

if TYPE_CHECKING:
    from .scene import DiagramScene


#: A link's marks are in the index as the placement put them in, not as fixed marks are: put in again.
_PLACED = object()
#: Nothing of a link's marks is in the index.
_ABSENT = object()


def _box(rect: QRectF) -> tuple[float, float, float, float]:
    return (rect.left(), rect.top(), rect.right(), rect.bottom())


class MarkPlacer:
    """The pending links of one scene, and how their marks are placed among their neighbours."""

    #: Above this many links signs are placed only where the canvas is painted close enough to read
    #: them (and all of them before an export), so a very large diagram opens as fast as before.
    LAZY_MARKS = 400
    #: A crowded link moved by a drag gets its full search once nothing has moved for this long.
    SETTLE_MS = 250

    def __init__(self, scene: DiagramScene) -> None:
        self.scene = scene
        self._pending: set[str] = set()
        self._area: QRectF | None = None  # where the canvas was last painted, on a large diagram
        self._extra: list[QGraphicsItem] = []  # other things drawn over the diagram (archetype role tags)
        self._timer = QTimer(scene)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._place_painted)
        self._unsettled: set[str] = set()  # crowded links placed by a quick search only
        self._settle_timer = QTimer(scene)
        self._settle_timer.setSingleShot(True)
        self._settle_timer.timeout.connect(self.place)
        self.reindex()

    def reindex(self) -> None:
        """Drop the kept index of what is drawn: the next update indexes everything afresh."""
        self._index = Obstacles()  # everything drawn, kept between local updates (see _synced_index)
        self._indexed: dict[str, tuple] = {}  # link id -> (shape, pen width) in the index
        self._indexed_marks: dict[str, object] = {}  # link id -> the Marks in the index as fixed marks
        self._indexed_boxes: dict[tuple, int] = {}  # other boxes in the index, with how many of each

    def add_obstacles(self, items: list[QGraphicsItem]) -> None:
        """Keep signs off these items too (drawn over the diagram by a panel), and move any they touch now."""
        self._extra.extend(items)
        for item in items:
            self.recheck(item.sceneBoundingRect())

    def remove_obstacles(self, items: list[QGraphicsItem]) -> None:
        """Forget items no longer drawn; signs moved for them may go back."""
        gone = set(map(id, items))
        rects = [item.sceneBoundingRect() for item in self._extra if id(item) in gone and item.scene() is not None]
        self._extra = [item for item in self._extra if id(item) not in gone]
        for rect in rects:
            self.recheck(rect)

    def _large(self) -> bool:
        return len(self.scene.links) > self.LAZY_MARKS

    def painted(self, rect: QRectF) -> None:
        """The canvas painted ``rect`` readably: on a large diagram, place the marks there soon after
        (never during the paint)."""
        if self._pending and self._large():
            self._area = rect if self._area is None else self._area | rect
            if not self._timer.isActive():
                self._timer.start(0)

    def _place_painted(self) -> None:
        if self._area is None and self._large():
            return  # grew large while opening: wait to be painted
        self.place(self._area, quick=True)

    def request(self, link_id: str) -> None:
        """Place the sign and delay mark among its neighbours soon (once per turn of the event loop)."""
        self._pending.add(link_id)
        if not self._large() and not self._timer.isActive():
            self._timer.start(0)

    def recheck(self, rect: QRectF) -> None:
        """Something other than a link changed in ``rect``: place the marks near it again."""
        box = _box(rect.adjusted(-20, -20, 20, 20))
        for item in self.scene.links.values():
            if boxes_touch(item.bounds_box, box):
                self.request(item.link.id)

    def _obstacles(self, region: tuple[float, float, float, float] | None = None) -> list[tuple]:
        """Boxes of what signs must not touch besides links: names, loop labels, notes and heat badges.

        Plain loops over the scene's own lists: on a large diagram being
        dragged, Qt's item index is rebuilt on every query and costs more.
        """
        rects = [item.mapRectToScene(item.drawn_rect()) for item in (*self.scene.loop_labels.values(), *self.scene.notes.values())]
        overlay = getattr(self.scene, "_heat_overlay", None)
        if overlay is not None:
            rects += [item.sceneBoundingRect() for item in overlay.items if getattr(item, "is_badge", False)]
        rects += [item.sceneBoundingRect() for item in self._extra if item.scene() is not None]
        boxes = [item.scene_label_box() for item in self.scene.variables.values()] + [_box(r) for r in rects]
        return boxes if region is None else [b for b in boxes if boxes_touch(b, region)]

    def place(self, area: QRectF | None = None, quick: bool = False) -> None:
        """Place the pending links' signs and delay marks so that none touches anything else drawn.

        When most links wait (the diagram was opened or reset) every link is
        placed afresh, in the diagram's order, as an export of the file is;
        otherwise only the links that changed, and any neighbour whose mark
        the change now touches, so a drag stays smooth on a large diagram.
        With ``area``, only the pending links that reach into it are placed
        (the part of a large diagram on screen); the others wait.  ``quick``
        (a change while the user works): links already in a crowd look only
        near their arrowhead, and get their full search when the canvas rests.
        """
        self._timer.stop()
        self._area = None
        if not quick:  # the full search for every crowded link placed quickly before
            self._settle_timer.stop()
            self._pending |= self._unsettled
            self._unsettled.clear()
        pending = {lid for lid in self._pending if lid in self.scene.links}
        if area is not None:
            box = _box(area)
            pending = {lid for lid in pending if boxes_touch(self.scene.links[lid].bounds_box, box)}
        self._pending -= pending
        if not pending:
            return
        if 2 * len(pending) >= len(self.scene.links):  # opening or resetting: every link, as a fresh export does
            drawn = [item.drawn() for item in self.scene.links.values()]
            for lid, marks in place_marks(drawn, self._obstacles()).items():
                self.scene.links[lid].set_marks(marks)
            return
        todo = pending
        for _ in range(3):  # the changed links, then neighbours whose marks they now touch, twice at most
            crowded = {lid for lid in todo if quick and self._crowded(lid)}
            self._unsettled |= crowded
            placed, todo = self._place_near(todo, crowded)
            for lid, marks in placed.items():
                self.scene.links[lid].set_marks(marks)
            if not todo:
                break
        if self._unsettled:
            self._settle_timer.start(self.SETTLE_MS)

    def _crowded(self, link_id: str) -> bool:
        marks = self.scene.links[link_id].marks
        return marks is not None and not marks.clear

    def _synced_index(self, todo: set[str], reach: tuple[float, float, float, float]) -> Obstacles:
        """The kept index, brought up to what is drawn now, with the marks of ``todo`` left out.

        Only what changed since the last update is taken out and put in again
        (a link whose shape or pen changed, marks set since, names moved), so
        a drag step costs what moved, not the whole diagram.  A link never
        indexed is put in only once it reaches into ``reach``: everything in the
        index is either as drawn now or (never put in) out of the update's
        window, so a large diagram is indexed a piece at a time as it is used.
        """
        index, links = self._index, self.scene.links
        for lid in [lid for lid in (*self._indexed, *self._indexed_marks) if lid not in links]:
            index.forget_link(lid)
            index.forget_marks(lid)
            self._indexed.pop(lid, None)
            self._indexed_marks.pop(lid, None)
        for lid, item in links.items():
            known = self._indexed.get(lid)  # a link's line and its marks are put in together
            if known is None and lid not in todo and not boxes_touch(item.bounds_box, reach):
                continue  # nothing of it indexed, and out of the window: it can wait
            marks, placed = None if lid in todo else item.marks, self._indexed_marks.get(lid, _ABSENT)
            drawn = (item.geometry, line_width(item.link.strength))
            if known is None or known[0] is not drawn[0] or known[1] != drawn[1]:
                index.replace_link(item.drawn())
                self._indexed[lid] = drawn
            if placed is not marks:
                index.forget_marks(lid)
                if marks is not None:
                    index.add_marks(lid, marks, drawn[1])
                self._indexed_marks[lid] = marks
        boxes: dict[tuple, int] = {}
        for box in self._obstacles():
            boxes[box] = boxes.get(box, 0) + 1
        for box, copies in self._indexed_boxes.items():
            if boxes.get(box) != copies:
                index.forget_box(box)
        for box, copies in boxes.items():
            if self._indexed_boxes.get(box) != copies:
                for _ in range(copies):
                    index.add_box(box)
        self._indexed_boxes = boxes
        return index

    def _place_near(self, todo: set[str], crowded: set[str] = frozenset()) -> tuple[dict, set[str]]:
        """Place ``todo``'s marks among the links round them; return them and the neighbours now touched.

        A mark stays within a few pixels of its own link, so the area round the
        links in ``todo`` holds every spot they may take and everything those
        spots may touch: the kept index is asked about that area alone.
        """
        links = self.scene.links
        region = QRectF()
        for lid in todo:
            region |= links[lid].boundingRect()
        area = _box(region.adjusted(-40, -40, 40, 40))
        # What the marks near the area may touch lies within a mark's reach of it: one window for both questions.
        reach = grow_box(area, 4 * DELAY_ACROSS)
        index = self._synced_index(todo, reach)
        index.window = reach
        try:
            drawn = [item.drawn() for lid, item in links.items() if lid in todo]
            for lid in todo:  # their marks go in as the placement puts them, not as fixed marks: redo next time
                self._indexed_marks[lid] = _PLACED
            placed = place_marks(drawn, (), {}, only=todo, quick=crowded, index=index)
            # Only marks that were clear can have been disturbed; a crowded link's mark touched something already.
            inside = {lid: item.marks for lid, item in links.items()
                      if lid not in todo and item.marks is not None and item.marks.clear
                      and boxes_touch(sign_box(item.marks.sign), area)}
            near = [links[lid].drawn() for lid in inside]
            stale = {owner for owner, _, _ in touches(near, (), inside, inside, index)}
        finally:
            index.window = None
        return placed, stale
