"""The diagram scene: canvas items built and updated from the model's events only.

Other parts of the program use:

- ``scene.selection_changed(variable_ids, link_ids)``: a signal with the ids
  of the selected variables and links;
- ``scene.highlight(variable_ids, link_ids)`` / ``scene.clear_highlight()``:
  show some elements and dim the rest (loops panel, presentation);
- ``scene.select_ids(variable_ids=..., link_ids=...)`` and ``scene.selected(kind)``.

Gestures on the scene (drawing a link, dragging items, bending a link) end in
commands pushed on ``scene.undo_stack``; the items then follow the model.
"""

from __future__ import annotations

import math
from typing import Any, Iterable

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen, QStaticText, QUndoStack
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsScene

from ...commands import AddElements, MoveElements, RemoveElements, UpdateElement
from ...commands.edits import MERGE_CURVATURE
from ...core.diagram import Diagram
from ...core.elements import Link
from ...core.events import DiagramReset, ElementAdded, ElementChanged, ElementRemoved
from ..theme import LIGHT, Theme
from ...analysis.sign_placement import boxes_touch, place_marks, sign_box, touches
from .link_item import GLYPHS, LinkItem, _glyph_font, line_width
from .loop_label_item import LoopLabelItem
from .note_item import NoteItem
from .overview import FAR_ZOOM, OverviewMixin  # noqa: F401 - FAR_ZOOM is used by the view
from .variable_item import VariableItem

GRID = 40.0


def _box(rect: QRectF) -> tuple[float, float, float, float]:
    return (rect.left(), rect.top(), rect.right(), rect.bottom())


class DiagramScene(OverviewMixin, QGraphicsScene):
    """Shows a :class:`Diagram`; one item per element, kept in step by events."""

    selection_changed = Signal(list, list)
    #: Double-click on empty canvas at a scene point: the view opens a name editor.
    new_variable_requested = Signal(QPointF)
    #: Double-click on a variable (id): the view opens the rename editor.
    rename_requested = Signal(str)
    #: Double-click on a note or loop label: ``(kind, id)``.
    edit_requested = Signal(str, str)

    def __init__(self, diagram: Diagram, undo_stack: QUndoStack | None = None, theme: Theme = LIGHT,
                 parent=None) -> None:
        super().__init__(parent)
        self.diagram = diagram
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.theme = theme
        self.exporting = False
        self.export_background = True  # an export fills the canvas colour behind the drawing
        self.show_grid = True
        self.mode = "select"  # or "link": every drag from a variable draws a link
        self.snap = False  # round dropped positions to half the grid
        self.glyph_font = _glyph_font()
        self._styles: dict[tuple, tuple] = {}
        self._glyphs: dict[str, QStaticText] = {}
        self.far = False  # drawing the overview instead of the items
        self._overview: tuple[QPainterPath, QPainterPath, list[QRectF]] | None = None
        self.variables: dict[str, VariableItem] = {}
        self.links: dict[str, LinkItem] = {}
        self.notes: dict[str, NoteItem] = {}
        self.loop_labels: dict[str, LoopLabelItem] = {}
        self._rubber_link: QGraphicsPathItem | None = None
        self._link_source: VariableItem | None = None
        self._left_source = False
        self._highlighted: tuple[set[str], set[str]] | None = None
        # Links whose sign and delay mark wait to be placed among their neighbours (see place_marks).
        self._marks_pending: set[str] = set()
        self._marks_timer = QTimer(self)
        self._marks_timer.setSingleShot(True)
        self._marks_timer.timeout.connect(self._place_painted)
        self._marks_area: QRectF | None = None  # where the canvas was last painted, on a large diagram
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.selectionChanged.connect(self._emit_selection)
        diagram.subscribe(self._on_event)
        self.rebuild()

    def detach(self) -> None:
        """Stop following the diagram (before the scene is dropped)."""
        self.diagram.unsubscribe(self._on_event)

    # ------------------------------------------------------------ model
    def _maps(self) -> dict[str, dict[str, Any]]:
        return {"variable": self.variables, "link": self.links, "note": self.notes, "loop_label": self.loop_labels}

    def rebuild(self) -> None:
        """Drop every item and build them again from the diagram."""
        self.blockSignals(True)
        for mapping in self._maps().values():
            for item in mapping.values():
                self.removeItem(item)
                if isinstance(item, LinkItem):
                    self.removeItem(item.sign)
            mapping.clear()
        self.blockSignals(False)
        for v in self.diagram.variables.values():
            self._add("variable", v)
        for link in self.diagram.links.values():
            self._add("link", link)
        for note in self.diagram.notes.values():
            self._add("note", note)
        for label in self.diagram.loop_labels.values():
            self._add("loop_label", label)
        self._apply_highlight()
        self._emit_selection()

    def _add(self, kind: str, element: Any) -> None:
        if kind == "variable":
            item: QGraphicsItem = VariableItem(element)
        elif kind == "link":
            src, dst = self.variables[element.source], self.variables[element.target]
            item = LinkItem(element, src, dst)
            src.links.append(item)
            if dst is not src:
                dst.links.append(item)
                self._pair_changed(element.source, element.target, item)
        elif kind == "note":
            item = NoteItem(element)
        else:
            item = LoopLabelItem(element)
        self._maps()[kind][element.id] = item
        if self.far and kind in ("variable", "link"):
            item.setOpacity(0.0)
        self.addItem(item)
        if isinstance(item, LinkItem):
            self.addItem(item.sign)
            self.request_marks(item)
        elif kind in ("loop_label", "note"):
            self._recheck_marks(item.sceneBoundingRect())

    def _remove(self, kind: str, element_id: str) -> None:
        item = self._maps()[kind].pop(element_id, None)
        if item is None:
            return
        if kind == "link":
            for end in (item.source, item.target):
                if item in end.links:
                    end.links.remove(item)
            self._pair_changed(item.link.source, item.link.target, None)
            self.removeItem(item.sign)
        self.removeItem(item)

    def _pair_changed(self, source: str, target: str, added: LinkItem | None) -> None:
        """Keep ``has_reverse`` right for a link and the one going back, if any."""
        if source == target:
            return
        back = self.diagram.link_between(target, source)
        back_item = self.links.get(back.id) if back is not None else None
        if back_item is None:
            return
        back_item.has_reverse = added is not None
        back_item.update_geometry()
        if added is not None:
            added.has_reverse = True
            added.update_geometry()

    def _on_event(self, event: Any) -> None:
        self._overview = None
        if isinstance(event, ElementAdded):
            self._add(event.kind, event.element)
            self._apply_highlight()
        elif isinstance(event, ElementRemoved):
            self._remove(event.kind, event.element.id)
        elif isinstance(event, ElementChanged):
            self._change(event.kind, event.old, event.new)
        elif isinstance(event, DiagramReset):
            self.rebuild()

    def _change(self, kind: str, old: Any, new: Any) -> None:
        item = self._maps()[kind].get(new.id)
        if item is None:
            return
        if kind == "variable":
            item.set_variable(new)
            if (old.name, old.kind) != (new.name, new.kind):
                for link in item.links:
                    link.update_geometry()
        elif kind == "link":
            if (old.source, old.target) != (new.source, new.target):
                self._remove("link", new.id)
                self._add("link", new)
            else:
                item.set_link(new)
        elif kind == "note":
            before = item.sceneBoundingRect()
            item.set_note(new)
            self._recheck_marks(before | item.sceneBoundingRect())
        else:
            before = item.sceneBoundingRect()
            item.set_label(new)
            self._recheck_marks(before | item.sceneBoundingRect())

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._styles.clear()
        self.update()

    # ---------------------------------------------------- paint caches
    def link_style(self, link: Link, selected: bool) -> tuple[QPen, QPen, QBrush, QPen]:
        """Pens and brush for a link, shared by every link that looks the same (no per-paint objects)."""
        key = (link.polarity, round(link.strength, 2), link.inferred, selected)
        style = self._styles.get(key)
        if style is None:
            theme = self.theme
            colour = theme.selection if selected else theme.link
            width = line_width(link.strength)
            line = QPen(colour, width + (0.6 if selected else 0.0))
            line.setCapStyle(Qt.PenCapStyle.RoundCap)
            if link.inferred:
                line.setStyle(Qt.PenStyle.DashLine)
            mark = QPen(colour, width + 0.4)
            glyph = QPen({"+": theme.positive, "-": theme.negative, "?": theme.unknown}[link.polarity])
            style = (line, mark, QBrush(colour), glyph)
            self._styles[key] = style
        return style

    def draw_glyph(self, painter: QPainter, centre: QPointF, polarity: str) -> None:
        """Draw + / − / ? centred on ``centre``: cached glyphs on screen, real text in vector exports."""
        painter.setFont(self.glyph_font)
        if self.exporting:
            painter.drawText(QRectF(centre.x() - 9, centre.y() - 11, 18, 22), Qt.AlignmentFlag.AlignCenter,
                             GLYPHS[polarity])
            return
        static = self._glyphs.get(polarity)
        if static is None:
            static = QStaticText(GLYPHS[polarity])
            static.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
            static.prepare(font=self.glyph_font)
            self._glyphs[polarity] = static
        size = static.size()
        painter.drawStaticText(QPointF(centre.x() - size.width() / 2, centre.y() - size.height() / 2), static)

    # ------------------------------------------------- signs and delays

    #: Above this many links signs are placed only where the canvas is painted close enough to read
    #: them (and all of them before an export), so a very large diagram opens as fast as before.
    LAZY_MARKS = 400

    def request_marks(self, item: LinkItem) -> None:
        """Place ``item``'s sign and delay mark among its neighbours soon (once per turn of the event loop)."""
        self._marks_pending.add(item.link.id)
        if len(self.links) <= self.LAZY_MARKS and not self._marks_timer.isActive():
            self._marks_timer.start(0)

    def _place_painted(self) -> None:
        if self._marks_area is None and len(self.links) > self.LAZY_MARKS:
            return  # grew large while opening: wait to be painted
        self.place_marks(self._marks_area)

    def _recheck_marks(self, rect: QRectF) -> None:
        """Something other than a link changed in ``rect``: place the marks near it again."""
        box = _box(rect.adjusted(-20, -20, 20, 20))
        for item in self.links.values():
            if boxes_touch(item.bounds_box, box):
                self.request_marks(item)

    def _obstacle_boxes(self, region: tuple[float, float, float, float] | None = None) -> list[tuple]:
        """Boxes of what signs must not touch besides links: names, loop labels, notes and heat badges.

        Plain loops over the scene's own lists: on a large diagram being
        dragged, Qt's item index is rebuilt on every query and costs more.
        """
        rects = [item.mapRectToScene(item.drawn_rect()) for item in (*self.loop_labels.values(), *self.notes.values())]
        overlay = getattr(self, "_heat_overlay", None)
        if overlay is not None:
            rects += [item.sceneBoundingRect() for item in overlay.items if getattr(item, "is_badge", False)]
        boxes = [item.scene_label_box() for item in self.variables.values()] + [_box(r) for r in rects]
        return boxes if region is None else [b for b in boxes if boxes_touch(b, region)]

    def place_marks(self, area: QRectF | None = None) -> None:
        """Place the pending links' signs and delay marks so that none touches anything else drawn.

        When most links wait (the diagram was opened or reset) every link is
        placed afresh, in the diagram's order, as an export of the file is;
        otherwise only the links that changed, and any neighbour whose mark
        the change now touches, so a drag stays smooth on a large diagram.
        With ``area``, only the pending links that reach into it are placed
        (the part of a large diagram on screen); the others wait.
        """
        self._marks_timer.stop()
        self._marks_area = None
        pending = {lid for lid in self._marks_pending if lid in self.links}
        if area is not None:
            box = _box(area)
            pending = {lid for lid in pending if boxes_touch(self.links[lid].bounds_box, box)}
        self._marks_pending -= pending
        if not pending:
            return
        if 2 * len(pending) >= len(self.links):  # opening or resetting: every link, as a fresh export does
            drawn = [item.drawn() for item in self.links.values()]
            for lid, marks in place_marks(drawn, self._obstacle_boxes()).items():
                self.links[lid].set_marks(marks)
            return
        todo = pending
        for _ in range(3):  # the changed links, then neighbours whose marks they now touch, twice at most
            placed, todo = self._place_near(todo)
            for lid, marks in placed.items():
                self.links[lid].set_marks(marks)
            if not todo:
                break

    def _place_near(self, todo: set[str]) -> tuple[dict, set[str]]:
        """Place ``todo``'s marks among the links round them; return them and the neighbours now touched.

        A mark stays within a few pixels of its own link, so the area round the
        links in ``todo`` holds every spot they may take and everything those
        spots may touch: nothing outside it needs looking at.
        """
        region = QRectF()
        for lid in todo:
            region |= self.links[lid].boundingRect()
        area = _box(region.adjusted(-40, -40, 40, 40))
        near = [lid for lid, item in self.links.items() if lid in todo or boxes_touch(item.bounds_box, area)]
        drawn = [self.links[lid].drawn() for lid in near]
        boxes = self._obstacle_boxes(area)
        fixed = {lid: self.links[lid].marks for lid in near if lid not in todo and self.links[lid].marks}
        placed = place_marks(drawn, boxes, fixed, only=todo, area=area)
        # Only marks that were clear can have been disturbed; a crowded link's mark touched something already.
        inside = {lid for lid in fixed if fixed[lid].clear and boxes_touch(sign_box(fixed[lid].sign), area)}
        stale = {owner for owner, _, _ in touches(drawn, boxes, {**fixed, **placed}) if owner in inside}
        return placed, stale

    # -------------------------------------------------------- selection
    def item_for(self, kind: str, element_id: str) -> QGraphicsItem | None:
        return self._maps()[kind].get(element_id)

    def selected(self, kind: str) -> list[str]:
        """Ids of the selected elements of ``kind``, in diagram order."""
        mapping = self._maps()[kind]
        chosen = {item.element_id for item in self.selectedItems() if getattr(item, "kind", None) == kind}
        return [eid for eid in mapping if eid in chosen]

    def selected_targets(self) -> list[tuple[str, str]]:
        return [(kind, eid) for kind in ("variable", "link", "note", "loop_label") for eid in self.selected(kind)]

    def select_ids(self, variable_ids: Iterable[str] = (), link_ids: Iterable[str] = (),
                   note_ids: Iterable[str] = (), loop_label_ids: Iterable[str] = ()) -> None:
        """Replace the selection by the given elements."""
        self.blockSignals(True)
        self.clearSelection()
        for kind, ids in (("variable", variable_ids), ("link", link_ids), ("note", note_ids),
                          ("loop_label", loop_label_ids)):
            for eid in ids:
                item = self._maps()[kind].get(eid)
                if item is not None:
                    item.setSelected(True)
        self.blockSignals(False)
        self._emit_selection()

    def _emit_selection(self) -> None:
        self.selection_changed.emit(self.selected("variable"), self.selected("link"))

    # -------------------------------------------------------- highlight
    def highlight(self, variable_ids: Iterable[str], link_ids: Iterable[str]) -> None:
        """Show these variables and links at full strength and dim everything else."""
        self._highlighted = (set(variable_ids), set(link_ids))
        self.set_far(False)
        self._apply_highlight()

    def clear_highlight(self) -> None:
        """Undo :meth:`highlight`."""
        self._highlighted = None
        self._apply_highlight()

    def _apply_highlight(self) -> None:
        if self.far:
            return
        dim = self.theme.dim_opacity
        if self._highlighted is None:
            for mapping in self._maps().values():
                for item in mapping.values():
                    item.setOpacity(1.0)
            return
        variables, links = self._highlighted
        for vid, item in self.variables.items():
            item.setOpacity(1.0 if vid in variables else dim)
        for lid, item in self.links.items():
            item.setOpacity(1.0 if lid in links else dim)
        for mapping in (self.notes, self.loop_labels):
            for item in mapping.values():
                item.setOpacity(dim)

    # -------------------------------------------------------- commands
    def push(self, command) -> None:
        self.undo_stack.push(command)

    def delete_selection(self, text: str = "Delete") -> bool:
        """Delete the selected elements (variables take their links) as one command."""
        targets = self.selected_targets()
        if not targets:
            return False
        if len(targets) > 1:
            label = f"{text} {len(targets)} items"
        else:
            label = f"{text} {self.describe(*targets[0])}"
        self.push(RemoveElements(self.diagram, targets, label))
        return True

    def describe(self, kind: str, eid: str) -> str:
        """A short name of an element for the undo history."""
        d = self.diagram
        if kind == "variable":
            return f'"{d.variables[eid].name}"'
        if kind == "link":
            link = d.links[eid]
            return f'link "{d.variables[link.source].name}" \u2192 "{d.variables[link.target].name}"'
        return kind.replace("_", " ")

    def bend_link(self, link_id: str, curvature: float) -> None:
        self.push(UpdateElement(self.diagram, "link", link_id, {"curvature": curvature}, "Bend link",
                                MERGE_CURVATURE))

    def add_link(self, source: str, target: str, polarity: str = "+", delay: bool = False) -> Link | None:
        """Push a command adding a link, unless one exists already; return it."""
        if self.diagram.link_between(source, target) is not None:
            return None
        link = Link(self.diagram.new_id("link"), source, target, polarity, delay,
                    curvature=0.0 if source == target else 0.12)
        self.push(AddElements(self.diagram, [("link", link)], "Add link"))
        return link

    def commit_moves(self) -> bool:
        """Turn items dragged away from their model positions into one Move command."""
        moves: dict[tuple[str, str], tuple[float, float]] = {}
        for kind, mapping in (("variable", self.variables), ("note", self.notes), ("loop_label", self.loop_labels)):
            for eid, item in mapping.items():
                element = self.diagram.elements(kind)[eid]
                pos = item.pos()
                if abs(pos.x() - element.x) > 1e-6 or abs(pos.y() - element.y) > 1e-6:
                    if self.snap:
                        step = GRID / 2
                        moves[(kind, eid)] = (round(pos.x() / step) * step, round(pos.y() / step) * step)
                    else:
                        moves[(kind, eid)] = (round(pos.x(), 1), round(pos.y(), 1))
        if not moves:
            return False
        if all(moves[key] == (self.diagram.elements(key[0])[key[1]].x, self.diagram.elements(key[0])[key[1]].y)
               for key in moves):  # snapped back where it was
            for kind, eid in moves:
                element = self.diagram.elements(kind)[eid]
                self._maps()[kind][eid].setPos(element.x, element.y)
            return False
        self.push(MoveElements(self.diagram, moves, "Move" if len(moves) > 1 else "Move " + self.describe(*next(iter(moves)))))
        return True

    # ---------------------------------------------------------- mouse
    def variable_at(self, point: QPointF) -> VariableItem | None:
        for item in self.items(point):
            if isinstance(item, VariableItem):
                return item
        return None

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            item = self.variable_at(event.scenePos())
            link_item = next((i for i in self.items(event.scenePos()) if isinstance(i, LinkItem)), None)
            if link_item is not None and link_item.near_handle(event.scenePos()):
                super().mousePressEvent(event)
                return
            if item is not None and (self.mode == "link" or item.in_connector(event.scenePos())):
                self._start_link(item, event.scenePos())
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._link_source is not None:
            self._drag_link(event.scenePos())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._link_source is not None and event.button() == Qt.MouseButton.LeftButton:
            self._finish_link(event.scenePos())
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self.commit_moves()

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseDoubleClickEvent(event)
            return
        for item in self.items(event.scenePos()):
            if isinstance(item, VariableItem):
                self.rename_requested.emit(item.element_id)
                event.accept()
                return
            if isinstance(item, (NoteItem, LoopLabelItem)):
                self.edit_requested.emit(item.kind, item.element_id)
                event.accept()
                return
            if isinstance(item, LinkItem):
                super().mouseDoubleClickEvent(event)
                return
        self.new_variable_requested.emit(event.scenePos())
        event.accept()

    def _start_link(self, item: VariableItem, point: QPointF) -> None:
        self._link_source = item
        self._left_source = False
        pen = QPen(self.theme.selection, 1.5, Qt.PenStyle.DashLine)
        self._rubber_link = QGraphicsPathItem()
        self._rubber_link.setPen(pen)
        self._rubber_link.setZValue(50)
        self.addItem(self._rubber_link)
        self._drag_link(point)

    def _drag_link(self, point: QPointF) -> None:
        src = self._link_source
        assert src is not None and self._rubber_link is not None
        if not src.sceneBoundingRect().contains(point):
            self._left_source = True
        path = QPainterPath(src.pos())
        path.lineTo(point)
        target = self.variable_at(point)
        if target is not None and (target is not src or self._left_source):
            rect = target.scene_label_rect().adjusted(-4, -4, 4, 4)
            path.addRoundedRect(rect, 5, 5)
        self._rubber_link.setPath(path)

    def _finish_link(self, point: QPointF) -> None:
        src, rubber = self._link_source, self._rubber_link
        self._link_source = self._rubber_link = None
        if rubber is not None:
            self.removeItem(rubber)
        target = self.variable_at(point)
        if src is None or target is None or (target is src and not self._left_source):
            return
        self.add_link(src.element_id, target.element_id, getattr(self, "default_polarity", "+"))
        new = self.diagram.link_between(src.element_id, target.element_id)
        if new is not None:
            self.select_ids(link_ids=[new.id])

    # ------------------------------------------------------ background
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        if not self.exporting or self.export_background:  # a printed page keeps the paper's own white
            painter.fillRect(rect, self.theme.canvas)
        if self._marks_pending and len(self.links) > self.LAZY_MARKS and not self.exporting and not self.far \
                and painter.worldTransform().m11() >= 0.3:
            # A large diagram places its signs where they are painted readably (see LAZY_MARKS): soon after
            # this paint, never during it.
            self._marks_area = rect if self._marks_area is None else self._marks_area | rect
            if not self._marks_timer.isActive():
                self._marks_timer.start(0)
        if self.exporting or not self.show_grid:
            return
        scale = painter.worldTransform().m11()
        if scale < 0.45:
            return  # too dense to help when zoomed far out
        painter.setPen(QPen(self.theme.grid, 0))
        left = math.floor(rect.left() / GRID) * GRID
        top = math.floor(rect.top() / GRID) * GRID
        lines = []
        x = left
        while x < rect.right():
            lines.append(QLineF(x, rect.top(), x, rect.bottom()))
            x += GRID
        y = top
        while y < rect.bottom():
            lines.append(QLineF(rect.left(), y, rect.right(), y))
            y += GRID
        painter.drawLines(lines)

    def content_rect(self, margin: float = 24.0) -> QRectF:
        """The bounding box of everything drawn, with a margin."""
        rect = QRectF()
        for mapping in self._maps().values():
            for item in mapping.values():
                rect |= item.sceneBoundingRect()
        if rect.isNull():
            rect = QRectF(-100, -60, 200, 120)
        return rect.adjusted(-margin, -margin, margin, margin)
