"""The pulse of presentation mode: a glowing dot that runs around a highlighted loop.

On every lap it grows for a reinforcing loop (change feeds on itself) and
shrinks for a balancing one (change is pushed back); it follows the links'
drawn curves, so it travels the arrows the audience sees.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QRadialGradient
from PySide6.QtWidgets import QGraphicsItem

from ..canvas import DiagramScene


class LoopPath:
    """The drawn route of a loop through its links' curves, walked by length."""

    def __init__(self, scene: DiagramScene, link_ids: tuple[str, ...]) -> None:
        self.paths: list[QPainterPath] = []
        for lid in link_ids:
            item = scene.links.get(lid)
            path = getattr(item, "_path", None) if item is not None else None
            if isinstance(path, QPainterPath) and not path.isEmpty():
                self.paths.append(item.mapToScene(path))
            else:
                link = scene.diagram.links[lid]
                a, b = scene.diagram.variables[link.source], scene.diagram.variables[link.target]
                straight = QPainterPath(QPointF(a.x, a.y))
                straight.lineTo(b.x, b.y)
                self.paths.append(straight)
        self.lengths = [max(p.length(), 1e-6) for p in self.paths]
        self.total = sum(self.lengths)

    def point(self, fraction: float) -> QPointF:
        """The point ``fraction`` (0..1) of the way around the loop."""
        distance = (fraction % 1.0) * self.total
        for path, length in zip(self.paths, self.lengths):
            if distance <= length:
                return path.pointAtPercent(path.percentAtLength(distance))
            distance -= length
        return self.paths[-1].pointAtPercent(1.0)

    def bounds(self) -> QRectF:
        rect = QRectF()
        for path in self.paths:
            rect |= path.boundingRect()
        return rect


class PulseItem(QGraphicsItem):
    """A glowing pulse on its way around a loop, with a fading trail.

    Over one lap it grows (reinforcing: change feeds on itself) or shrinks
    (balancing: change is pushed back); an unknown loop keeps its size.
    """

    SMALL, LARGE = 6.0, 22.0

    def __init__(self, route: LoopPath, polarity: str, colour: QColor) -> None:
        super().__init__()
        self.route = route
        self.polarity = polarity
        self.colour = QColor(colour)
        self.phase = 0.0
        self.setZValue(500)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        margin = self.LARGE * 2.5
        self._bounds = route.bounds().adjusted(-margin, -margin, margin, margin)

    def radius(self, phase: float) -> float:
        share = phase % 1.0
        if self.polarity == "R":
            return self.SMALL + (self.LARGE - self.SMALL) * share
        if self.polarity == "B":
            return self.LARGE - (self.LARGE - self.SMALL) * share
        return (self.SMALL + self.LARGE) / 2

    def set_phase(self, phase: float) -> None:
        self.phase = phase
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def paint(self, painter: QPainter, option: Any, widget: Any = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        trail = 7
        for k in range(trail, -1, -1):
            phase = self.phase - k * 0.012
            if phase < 0 and self.phase < 0.1:
                continue
            centre = self.route.point(phase)
            r = self.radius(max(phase, 0.0))
            fade = 1.0 - k / (trail + 1)
            if k == 0:
                glow = QRadialGradient(centre, r * 2.2)
                halo = QColor(self.colour)
                halo.setAlpha(120)
                glow.setColorAt(0.0, halo)
                halo.setAlpha(0)
                glow.setColorAt(1.0, halo)
                painter.setBrush(QBrush(glow))
                painter.drawEllipse(centre, r * 2.2, r * 2.2)
                painter.setBrush(QBrush(self.colour))
                painter.setPen(QPen(QColor("#ffffff"), 2))
                painter.drawEllipse(centre, r, r)
                painter.setPen(Qt.PenStyle.NoPen)
            else:
                dot = QColor(self.colour)
                dot.setAlpha(int(150 * fade))
                painter.setBrush(QBrush(dot))
                painter.drawEllipse(centre, r * 0.55 * fade + 1.5, r * 0.55 * fade + 1.5)
