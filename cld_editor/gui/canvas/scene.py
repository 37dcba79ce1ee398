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

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen, QStaticText, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from ...commands import MoveElements, RemoveElements, UpdateElement
from ...commands.edits import MERGE_CURVATURE
from ...commands import intents
from ...core.diagram import Diagram
from ...core.elements import Link
from ...core.events import DiagramReset, ElementAdded, ElementChanged, ElementRemoved
from ..settings import Settings
from ..theme import LIGHT, Theme
from .drops import GRID, dragged_moves, nudge_apart
from .mark_placer import MarkPlacer
from .legend import CONFIDENCE_LINES, ConfidenceLegend
from .link_item import GLYPHS, LinkItem, _glyph_font, line_width
from .loop_label_item import LoopLabelItem
from .note_item import NoteItem
from .overview import FAR_ZOOM, OverviewMixin  # noqa: F401 - FAR_ZOOM is used by the view
from .gestures import Gesture, gesture_for
from .variable_item import VariableItem, ring_for_zoom



class DiagramScene(OverviewMixin, QGraphicsScene):
    """Shows a :class:`Diagram`; one item per element, kept in step by events."""

    selection_changed = Signal(list, list)
    #: Double-click on empty canvas at a scene point: the view opens a name editor.
    new_variable_requested = Signal(QPointF)
    #: Double-click on a variable (id): the view opens the rename editor.
    rename_requested = Signal(str)
    #: Double-click on a note or loop label: ``(kind, id)``.
    edit_requested = Signal(str, str)
    #: The user dismissed a highlight (click on empty canvas, Esc): panels drop the loop they showed.
    highlight_dismissed = Signal()

    def __init__(self, diagram: Diagram, undo_stack: QUndoStack | None = None, theme: Theme = LIGHT,
                 parent=None, preferences: Settings | None = None) -> None:
        super().__init__(parent)
        self.diagram = diagram
        #: The user's preferences (the sign of a new link); None in scenes that only show a diagram.
        self.preferences = preferences
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
        self._gesture: Gesture | None = None  # the drag under way (see gestures/)
        self._highlighted: tuple[set[str], set[str]] | None = None
        self._ring = ring_for_zoom(1.0)
        #: Places signs and delay marks so that none touches anything else drawn.
        self.marks = MarkPlacer(self)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.selectionChanged.connect(self._emit_selection)
        diagram.subscribe(self._on_event)
        self.rebuild()
        self.legend = ConfidenceLegend(self)  # the line styles explained, in every picture of the scene

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
            item.set_ring(self._ring)
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
            self.marks.recheck(item.sceneBoundingRect())

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
        self.legend.changed()
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
            self.marks.recheck(before | item.sceneBoundingRect())
        else:
            before = item.sceneBoundingRect()
            item.set_label(new)
            self.marks.recheck(before | item.sceneBoundingRect())

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._styles.clear()
        self.update()

    # ---------------------------------------------------- paint caches
    def link_style(self, link: Link, selected: bool) -> tuple[QPen, QPen, QBrush, QPen]:
        """Pens and brush for a link, shared by every link that looks the same (no per-paint objects)."""
        agreement = min(len(link.perspectives), 4)  # in a merged map: how many people drew the link
        key = (link.polarity, round(link.strength, 2), link.inferred, link.evidence.confidence, agreement,
               selected)
        style = self._styles.get(key)
        if style is None:
            theme = self.theme
            colour = theme.selection if selected else theme.link
            width = line_width(link.strength)
            width += 1.2 * max(agreement - 1, 0)  # the agreement view: more people, a thicker line
            line = QPen(colour, width + (0.6 if selected else 0.0))
            line.setCapStyle(Qt.PenCapStyle.RoundCap)
            if link.inferred:
                line.setStyle(Qt.PenStyle.DashLine)
            # Confidence without relying on colour (CONFIDENCE_LINES): weak dashed, hypothesis dotted,
            # contested dash-dot.
            style_name = CONFIDENCE_LINES.get(link.evidence.confidence)
            if style_name is not None:
                line.setStyle(style_name)
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
    def request_marks(self, item: LinkItem) -> None:
        """Place ``item``'s sign and delay mark among its neighbours soon (see :class:`MarkPlacer`)."""
        self.marks.request(item.link.id)

    def place_marks(self, area: QRectF | None = None) -> None:
        """Place the pending signs and delay marks (in ``area`` only, when given) now; an export calls this."""
        self.marks.place(area)

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

    def set_view_zoom(self, zoom: float) -> None:
        """Keep every variable's link ring at least 10 screen pixels wide at the view's ``zoom``."""
        ring = ring_for_zoom(zoom)
        if ring != self._ring:
            self._ring = ring
            for item in self.variables.values():
                item.set_ring(ring)

    def dismiss_highlight(self) -> bool:
        """Clear the highlight because the user asked (the showing panel follows); False when there was none."""
        if self._highlighted is None:
            return False
        self.clear_highlight()
        self.highlight_dismissed.emit()
        return True

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
    def push(self, command: QUndoCommand | None) -> None:
        """Push an edit on the undo stack; ``None`` (an intent that changes nothing) adds no step."""
        if command is not None:
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
        made = intents.add_link(self.diagram, source, target, polarity, delay)
        if made is None:
            return None
        self.push(made[0])
        return made[1]

    def commit_moves(self) -> bool:
        """Turn items dragged away from their model positions into one Move command."""
        moves = dragged_moves(self)
        if not moves:
            return False
        nudge_apart(self, moves)
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
        if event.button() != Qt.MouseButton.LeftButton or self._gesture is not None:
            super().mousePressEvent(event)
            return
        self._gesture = gesture_for(self, event)
        self._gesture.press(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._gesture is not None:
            self._gesture.move(event)
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._gesture is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        gesture, self._gesture = self._gesture, None
        gesture.release(event)

    def cancel_gesture(self) -> bool:
        """Stop the drag under way without changing the diagram (Esc); False when there is none."""
        gesture, self._gesture = self._gesture, None
        if gesture is None:
            return False
        gesture.cancel()
        return True

    def put_back_dragged(self) -> None:
        """Return items dragged away from their model positions (a cancelled move)."""
        for kind, mapping in (("variable", self.variables), ("note", self.notes), ("loop_label", self.loop_labels)):
            elements = self.diagram.elements(kind)
            for eid, item in mapping.items():
                element = elements[eid]
                if (item.pos().x(), item.pos().y()) != (element.x, element.y):
                    item.setPos(element.x, element.y)

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

    def new_link_polarity(self) -> str:
        """The sign a newly drawn link gets: the user's preference, ``+`` without one."""
        return self.preferences.default_polarity if self.preferences is not None else "+"

    # ------------------------------------------------------ background
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        if not self.exporting or self.export_background:  # a printed page keeps the paper's own white
            painter.fillRect(rect, self.theme.canvas)
        if not self.exporting and not self.far and painter.worldTransform().m11() >= 0.3:
            self.marks.painted(rect)  # a large diagram places its signs where they are painted readably
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
        rect |= self.legend.placed_rect()
        return rect.adjusted(-margin, -margin, margin, margin)
