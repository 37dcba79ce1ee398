"""The view on the canvas: zoom (wheel, keys, fit), pan (middle mouse or space-drag),
rubber-band selection, keys that change selected links, and in-place name editing.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsView, QLineEdit, QMenu

from ...commands import MoveElements, intents
from .scene import FAR_ZOOM, DiagramScene

MIN_ZOOM, MAX_ZOOM = 0.05, 6.0
ZOOM_STEP = 1.2
POLARITY_KEYS = {"+": "+", "=": "+", "-": "-", "?": "?"}
NUDGE = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}


class NameEditor(QLineEdit):
    """A line editor floating over the canvas; Enter commits, Escape cancels."""

    committed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent) -> None:
        super().__init__(parent)
        self.setFrame(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumWidth(160)
        self._done = False
        self.returnPressed.connect(self._commit)

    def _commit(self) -> None:
        if not self._done:
            self._done = True
            self.committed.emit(self.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self._done = True
            self.cancelled.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        parent = self.parentWidget()
        if parent is not None and shiboken6.isValid(parent) and parent.isVisible():
            self._commit()  # clicking elsewhere keeps the name, as in a spreadsheet


class DiagramView(QGraphicsView):
    """A view on a :class:`DiagramScene` with the editor's mouse and keyboard gestures."""

    zoom_changed = Signal(float)
    #: A message for the status bar (for instance why a name was refused).
    message = Signal(str)

    def __init__(self, scene: DiagramScene, parent=None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSceneRect(QRectF(-50000, -50000, 100000, 100000))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._pan_from: QPoint | None = None
        self._space = False
        self.editor: NameEditor | None = None
        self.zoom_changed.connect(lambda factor: self.diagram_scene.set_far(factor < FAR_ZOOM))
        self.zoom_changed.connect(lambda factor: self.diagram_scene.set_view_zoom(factor))
        scene.new_variable_requested.connect(self.begin_new_variable)
        scene.rename_requested.connect(self.begin_rename)

    @property
    def diagram_scene(self) -> DiagramScene:
        return self.scene()  # type: ignore[return-value]

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        super().drawForeground(painter, rect)
        scene = self.diagram_scene
        if scene.variables or scene.notes or scene.exporting:
            return
        # An empty canvas says how to begin.
        painter.save()
        painter.resetTransform()
        painter.setPen(scene.theme.muted)
        font = painter.font()
        font.setPointSizeF(12)
        painter.setFont(font)
        painter.drawText(QRectF(self.viewport().rect()), Qt.AlignmentFlag.AlignCenter,
                         "Double-click anywhere to add a variable.\n"
                         "Drag from the edge of one variable to another to link them.")
        painter.restore()

    # ------------------------------------------------------------- zoom
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        centre = anchor if anchor is not None else self.mapToScene(self.viewport().rect().center())
        self.resetTransform()
        self.scale(factor, factor)
        self.centerOn(centre)
        self.zoom_changed.emit(factor)

    def zoom_by(self, step: float) -> None:
        old = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        target = max(MIN_ZOOM, min(MAX_ZOOM, self.zoom() * step))
        self.scale(target / self.zoom(), target / self.zoom())
        self.setTransformationAnchor(old)
        self.zoom_changed.emit(self.zoom())

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / ZOOM_STEP)

    def zoom_actual(self) -> None:
        self.set_zoom(1.0)

    def fit(self, max_zoom: float = 1.5) -> None:
        """Show the whole diagram, never magnified beyond ``max_zoom`` (opening a file passes 100 %)."""
        rect = self.diagram_scene.content_rect(40)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > max_zoom:
            self.set_zoom(max_zoom, rect.center())
        self.zoom_changed.emit(self.zoom())

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        pixels = event.pixelDelta()
        if not pixels.isNull() and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            super().wheelEvent(event)  # a touchpad swipe pans
            return
        delta = event.angleDelta().y()
        if delta == 0:
            super().wheelEvent(event)
            return
        step = ZOOM_STEP ** (delta / 120)
        target = max(MIN_ZOOM, min(MAX_ZOOM, self.zoom() * step))
        self.scale(target / self.zoom(), target / self.zoom())
        self.zoom_changed.emit(self.zoom())
        event.accept()

    # -------------------------------------------------------------- pan
    def _panning(self, event) -> bool:
        return event.button() == Qt.MouseButton.MiddleButton or (
            self._space and event.button() == Qt.MouseButton.LeftButton)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if self._panning(event):
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if self.editor is not None:
            self.editor.clearFocus()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._pan_from is not None:
            pos = event.position().toPoint()
            delta = pos - self._pan_from
            self._pan_from = pos
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._pan_from is not None:
            self._pan_from = None
            if self._space:
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            else:
                self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    # ------------------------------------------------------------- keys
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        if not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            text = event.text()
            if text in POLARITY_KEYS and self.set_polarity(POLARITY_KEYS[text]):
                event.accept()
                return
            if event.key() == Qt.Key.Key_D and self.toggle_delay():
                event.accept()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.diagram_scene.delete_selection():
                event.accept()
                return
            if event.key() in NUDGE and self.nudge(*NUDGE[event.key()],
                                                   10 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1):
                event.accept()
                return
            if event.key() == Qt.Key.Key_Escape and self.diagram_scene.cancel_gesture():
                event.accept()  # a drag under way stops first; the next Esc clears the selection
                return
            if event.key() == Qt.Key.Key_Escape and (self.diagram_scene.dismiss_highlight()
                                                     | bool(self.diagram_scene.selectedItems())):
                self.diagram_scene.clearSelection()
                event.accept()
                return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self._pan_from = None
            self.viewport().unsetCursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def set_polarity(self, polarity: str) -> bool:
        """Give the selected links ``polarity`` (one undo step); False when no link is selected."""
        scene = self.diagram_scene
        ids = scene.selected("link")
        if not ids:
            return False
        command = intents.set_polarity(scene.diagram, ids, polarity)
        if command is not None:
            scene.push(command)
        return True

    def nudge(self, dx: int, dy: int, step: int = 1) -> bool:
        """Move the selected variables, notes and loop labels by ``step`` pixels (one undo step)."""
        scene = self.diagram_scene
        moves = {}
        for kind in ("variable", "note", "loop_label"):
            for eid in scene.selected(kind):
                element = scene.diagram.elements(kind)[eid]
                moves[(kind, eid)] = (element.x + dx * step, element.y + dy * step)
        if not moves:
            return False
        scene.push(MoveElements(scene.diagram, moves, "Nudge"))
        return True

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        """Right-click: what can be done with the element under the pointer (or the canvas)."""
        scene = self.diagram_scene
        point = self.mapToScene(event.pos())
        item = next((i for i in scene.items(point) if getattr(i, "kind", None) in ("variable", "link")), None)
        if item is not None and not item.isSelected():
            scene.select_ids(**{f"{item.kind}_ids": [item.element_id]})
        menu = QMenu(self)
        if item is not None and item.kind == "variable":
            variable = scene.diagram.variables[item.element_id]
            menu.addAction("Rename", lambda: self.begin_rename(variable.id))
            stock = variable.kind == "stock"
            menu.addAction("Make Ordinary Variable" if stock else "Make Stock (a box)",
                           lambda: scene.push(intents.toggle_stock(scene.diagram, variable.id)))
            menu.addSeparator()
            menu.addAction("Delete", scene.delete_selection)
        elif item is not None and item.kind == "link":
            for text, polarity in (("Positive (+)", "+"), ("Negative (\u2212)", "-"), ("Unknown (?)", "?")):
                menu.addAction(text, lambda p=polarity: self.set_polarity(p))
            menu.addAction("Toggle Delay (D)", self.toggle_delay)
            link = scene.diagram.links[item.element_id]
            if link.curvature:
                menu.addAction("Straighten", lambda: scene.push(intents.straighten(scene.diagram, link.id)))
            menu.addSeparator()
            menu.addAction("Delete", scene.delete_selection)
        else:
            menu.addAction("Add Variable Here", lambda: self.begin_new_variable(point))
            menu.addAction("Fit to Window", self.fit)
        menu.exec(event.globalPos())

    def toggle_delay(self) -> bool:
        """Switch the delay mark of the selected links; False when no link is selected."""
        scene = self.diagram_scene
        ids = scene.selected("link")
        if not ids:
            return False
        command = intents.toggle_delay(scene.diagram, ids)
        if command is not None:
            scene.push(command)
        return True

    # ------------------------------------------------------ name editor
    def _open_editor(self, scene_pos: QPointF, text: str) -> NameEditor:
        self.close_editor()
        editor = NameEditor(self.viewport())
        editor.setText(text)
        editor.selectAll()
        editor.adjustSize()
        width = max(180, editor.fontMetrics().horizontalAdvance(text) + 40)
        editor.resize(width, editor.sizeHint().height())
        centre = self.mapFromScene(scene_pos)
        editor.move(centre.x() - width // 2, centre.y() - editor.height() // 2)
        editor.show()
        editor.setFocus(Qt.FocusReason.MouseFocusReason)
        editor.cancelled.connect(self.close_editor)
        self.editor = editor
        return editor

    def close_editor(self) -> None:
        if self.editor is not None:
            editor, self.editor = self.editor, None
            editor.hide()
            editor.deleteLater()
            self.setFocus()

    def begin_new_variable(self, scene_pos: QPointF) -> NameEditor:
        """Open the editor at ``scene_pos``; Enter adds a variable with the typed name."""
        editor = self._open_editor(scene_pos, "")
        editor.setPlaceholderText("Name of the variable")
        x, y = round(scene_pos.x(), 1), round(scene_pos.y(), 1)
        editor.committed.connect(lambda text: self._add_named(text, x, y))
        return editor

    def _add_named(self, text: str, x: float, y: float) -> None:
        if not shiboken6.isValid(self):
            return  # the window is being torn down
        self.close_editor()
        scene = self.diagram_scene
        try:
            added = intents.add_variable(scene.diagram, text, x, y)
        except intents.EditRefused as refused:
            self.message.emit(refused.what)
            return
        if added is not None:
            command, variable = added
            scene.push(command)
            scene.select_ids(variable_ids=[variable.id])

    def begin_rename(self, variable_id: str) -> NameEditor:
        """Open the editor on a variable; Enter renames it."""
        scene = self.diagram_scene
        variable = scene.diagram.variables[variable_id]
        editor = self._open_editor(QPointF(variable.x, variable.y), variable.name)
        editor.committed.connect(lambda text: self._rename(variable_id, text))
        return editor

    def _rename(self, variable_id: str, text: str) -> None:
        if not shiboken6.isValid(self):
            return
        self.close_editor()
        scene = self.diagram_scene
        if not intents.clean_name(text):
            return  # an emptied editor keeps the name, as Esc does
        try:
            command = intents.rename(scene.diagram, variable_id, text)
        except intents.EditRefused as refused:
            self.message.emit(refused.what)
            return
        if command is not None:
            scene.push(command)
