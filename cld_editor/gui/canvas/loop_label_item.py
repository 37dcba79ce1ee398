"""A loop label: a circular arrow around R or B and its number, with an optional name.

Placed and moved by the user; its position is the circle's centre.  The
arrow's turning direction shows the way the loop runs, as in the textbooks.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...core.elements import LoopLabel
from .fonts import LOOP_CODE_PX, LOOP_NAME_PX, scene_font

if TYPE_CHECKING:
    from .scene import DiagramScene

RADIUS = 17.0


def _fonts() -> tuple[QFont, QFont]:
    return scene_font(LOOP_CODE_PX, bold=True), scene_font(LOOP_NAME_PX, italic=True)


class LoopLabelItem(QGraphicsItem):
    """Draws one :class:`LoopLabel`."""

    kind = "loop_label"

    def __init__(self, label: LoopLabel) -> None:
        super().__init__()
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
        )
        self.setZValue(8)
        self.label = label
        self._code_font, self._name_font = _fonts()
        self._arc = self._build_arc()
        self.set_label(label)

    @property
    def element_id(self) -> str:
        return self.label.id

    @staticmethod
    def _build_arc() -> tuple[QPainterPath, QPolygonF]:
        path = QPainterPath()
        rect = QRectF(-RADIUS, -RADIUS, 2 * RADIUS, 2 * RADIUS)
        path.arcMoveTo(rect, 110)
        path.arcTo(rect, 110, 290)  # counter-clockwise, leaving a gap for the head
        end_angle = math.radians(110 + 290)
        tip = QPointF(RADIUS * math.cos(end_angle), -RADIUS * math.sin(end_angle))
        tangent = QPointF(-math.sin(end_angle), -math.cos(end_angle))
        side = QPointF(-tangent.y(), tangent.x())
        back = tip - tangent * 8
        head = QPolygonF([tip + tangent * 2, back + side * 4.5, back - side * 4.5])
        return path, head

    def set_label(self, label: LoopLabel) -> None:
        self.prepareGeometryChange()
        self.label = label
        metrics = QFontMetricsF(self._name_font)
        name_w = metrics.horizontalAdvance(label.name) if label.name else 0.0
        w = max(2 * RADIUS + 6, name_w + 8)
        h = 2 * RADIUS + 6 + (metrics.height() + 2 if label.name else 0)
        self._rect = QRectF(-w / 2, -RADIUS - 3, w, h)
        if self.pos() != QPointF(label.x, label.y):
            self.setPos(label.x, label.y)
        self.update()

    def code_text(self) -> str:
        return self.label.code or "?"

    def drawn_rect(self) -> QRectF:
        """The circle, its code and the name under it, in item coordinates (what signs keep off)."""
        return self._rect

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect.adjusted(-3, -3, 3, 3)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene: DiagramScene = self.scene()  # type: ignore[assignment]
        theme = scene.theme
        code = self.code_text()
        colour = theme.reinforcing if code.upper().startswith("R") else \
            theme.balancing if code.upper().startswith("B") else theme.muted
        if self.isSelected() and not scene.exporting:
            painter.setPen(QPen(theme.selection, 1.0, Qt.PenStyle.DotLine))
            painter.setBrush(theme.selection_fill)
            painter.drawRoundedRect(self._rect, 6, 6)
        path, head = self._arc
        painter.setPen(QPen(colour, 1.8))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(head)
        painter.setPen(colour)
        painter.setFont(self._code_font)
        painter.drawText(QRectF(-RADIUS, -RADIUS, 2 * RADIUS, 2 * RADIUS), Qt.AlignmentFlag.AlignCenter, code)
        if self.label.name:
            painter.setPen(theme.text)
            painter.setFont(self._name_font)
            painter.drawText(QRectF(self._rect.left(), RADIUS + 3, self._rect.width(), self._rect.bottom() - RADIUS - 3),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self.label.name)
