"""Drawing a link: a dashed line from the source variable follows the pointer to the target."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from .base import Gesture

if TYPE_CHECKING:
    from ..scene import DiagramScene
    from ..variable_item import VariableItem


class LinkGesture(Gesture):
    """Drag from ``source`` to another variable (or out and back to itself) to link them."""

    def __init__(self, scene: DiagramScene, source: VariableItem) -> None:
        super().__init__(scene)
        self.source = source
        self.left_source = False  # a link to itself needs the pointer to leave and come back
        self.rubber: QGraphicsPathItem | None = None

    def press(self, event) -> None:
        self.rubber = QGraphicsPathItem()
        self.rubber.setPen(QPen(self.scene.theme.selection, 1.5, Qt.PenStyle.DashLine))
        self.rubber.setZValue(50)
        self.scene.addItem(self.rubber)
        self._follow(event.scenePos())
        event.accept()

    def move(self, event) -> None:
        self._follow(event.scenePos())
        event.accept()

    def release(self, event) -> None:
        self._remove_rubber()
        event.accept()
        target = self.scene.variable_at(event.scenePos())
        if target is None or (target is self.source and not self.left_source):
            return
        scene = self.scene
        scene.add_link(self.source.element_id, target.element_id, scene.new_link_polarity())
        new = scene.diagram.link_between(self.source.element_id, target.element_id)
        if new is not None:
            scene.select_ids(link_ids=[new.id])

    def cancel(self) -> None:
        self._remove_rubber()

    def _remove_rubber(self) -> None:
        if self.rubber is not None:
            self.scene.removeItem(self.rubber)
            self.rubber = None

    def _follow(self, point: QPointF) -> None:
        src = self.source
        if not src.sceneBoundingRect().contains(point):
            self.left_source = True
        path = QPainterPath(src.pos())
        path.lineTo(point)
        target = self.scene.variable_at(point)
        if target is not None and (target is not src or self.left_source):
            path.addRoundedRect(target.scene_label_rect().adjusted(-4, -4, 4, 4), 5, 5)
        if self.rubber is not None:
            self.rubber.setPath(path)
