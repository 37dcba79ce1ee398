"""The heat view: how many loops pass through each variable and link, drawn on the canvas.

A soft halo behind each variable and a wide stroke under each link grow
stronger with the number of loops through them, and a small badge gives the
number itself (the count is written, never told by colour alone).  The
overlay lives in the scene below the diagram's items, ignores the mouse and
follows the diagram's edits, so it never gets in the way of editing.
"""

from __future__ import annotations

from typing import Any, Mapping

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPen, QRadialGradient
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsScene, QGraphicsSimpleTextItem

from ...analysis.sign_placement import boxes_touch, sign_box
from ...core.events import ElementChanged

HEAT_Z = -50.0


def _heat_colour(base: QColor, share: float, alpha: int) -> QColor:
    colour = QColor(base)
    colour.setAlpha(int(alpha * (0.25 + 0.75 * share)))
    return colour


def _link_path(scene: Any, link_id: str) -> QPainterPath | None:
    item = scene.links.get(link_id) if hasattr(scene, "links") else None
    if item is None:
        return None
    path = getattr(item, "_path", None)
    if isinstance(path, QPainterPath) and not path.isEmpty():
        return item.mapToScene(path)
    link = scene.diagram.links[link_id]
    a, b = scene.diagram.variables[link.source], scene.diagram.variables[link.target]
    straight = QPainterPath(QPointF(a.x, a.y))
    straight.lineTo(b.x, b.y)
    return straight


class HeatOverlay:
    """Draws loop counts on a :class:`~cld_editor.gui.canvas.DiagramScene` until :meth:`clear`."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self.scene = scene
        self.items: list[QGraphicsItem] = []
        self.variable_counts: dict[str, int] = {}
        self.link_counts: dict[str, int] = {}
        self._following = False
        self._signs: list[tuple[float, float, float, float]] = []

    def show(self, variable_counts: Mapping[str, int], link_counts: Mapping[str, int]) -> None:
        self.variable_counts = dict(variable_counts)
        self.link_counts = dict(link_counts)
        if not self._following and hasattr(self.scene, "diagram"):
            self.scene.diagram.subscribe(self._on_event)
            self._following = True
        self._draw()

    def clear(self) -> None:
        self._remove_items()
        self.variable_counts, self.link_counts = {}, {}
        if self._following:
            self.scene.diagram.unsubscribe(self._on_event)
            self._following = False

    def _on_event(self, event: Any) -> None:
        # Counts change only with the loops (the caller recomputes them); a
        # move or a bend only moves the drawing.
        if isinstance(event, ElementChanged) and event.kind in ("variable", "link"):
            self._draw()

    def _remove_items(self) -> None:
        for item in self.items:
            if item.scene() is self.scene:
                self.scene.removeItem(item)
        self.items = []

    def _add(self, item: QGraphicsItem, z: float = HEAT_Z) -> None:
        item.setZValue(z)
        item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        item.setAcceptHoverEvents(False)
        self.scene.addItem(item)
        self.items.append(item)

    def _sign_boxes(self) -> list[tuple[float, float, float, float]]:
        """Where the signs are now (placed first), so that no badge covers one."""
        place = getattr(self.scene, "place_marks", None)
        if place is not None:
            place()
        boxes = []
        for item in getattr(self.scene, "links", {}).values():
            sign = getattr(item, "sign", None)
            if sign is not None:
                boxes.append(sign_box((sign.scenePos().x(), sign.scenePos().y())))
        return boxes

    def _draw(self) -> None:
        self._remove_items()
        self._signs = self._sign_boxes()
        theme = getattr(self.scene, "theme", None)
        hot = QColor("#e0662c") if theme is None or not theme.dark else QColor("#ff8a4c")
        text_colour = theme.text if theme is not None else QColor("#22262b")
        top = max([*self.variable_counts.values(), *self.link_counts.values(), 1])
        font = QFont()
        font.setPixelSize(12)
        font.setBold(True)
        diagram = self.scene.diagram
        for link_id, count in self.link_counts.items():
            if count <= 0 or link_id not in diagram.links:
                continue
            path = _link_path(self.scene, link_id)
            if path is None:
                continue
            share = count / top
            stroke = QGraphicsPathItem(path)
            pen = QPen(_heat_colour(hot, share, 150), 4 + 14 * share)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            stroke.setPen(pen)
            self._add(stroke)
            # About a third of the way along (the middle holds the delay mark, the end the sign), at the
            # first spot there that covers no sign.
            spots = [path.pointAtPercent(path.percentAtLength(path.length() * share))
                     for share in (0.3, 0.22, 0.38, 0.15, 0.45, 0.08, 0.55)]
            self._badge(spots, str(count), font, hot, text_colour)
        for vid, count in self.variable_counts.items():
            if count <= 0 or vid not in diagram.variables:
                continue
            v = diagram.variables[vid]
            share = count / top
            radius = 34 + 30 * share
            gradient = QRadialGradient(QPointF(v.x, v.y), radius)
            gradient.setColorAt(0.0, _heat_colour(hot, share, 210))
            gradient.setColorAt(1.0, QColor(hot.red(), hot.green(), hot.blue(), 0))
            halo = QGraphicsPathItem()
            shape = QPainterPath()
            shape.addEllipse(QPointF(v.x, v.y), radius * 1.5, radius)
            halo.setPath(shape)
            halo.setPen(QPen(Qt.PenStyle.NoPen))
            halo.setBrush(QBrush(gradient))
            self._add(halo)
            item = self.scene.variables.get(vid) if hasattr(self.scene, "variables") else None
            rect = item.sceneBoundingRect() if item is not None else QRectF(v.x - 40, v.y - 12, 80, 24)
            corners = [QPointF(rect.right() + 2, rect.top() - 4), QPointF(rect.left() - 2, rect.top() - 4),
                       QPointF(rect.right() + 2, rect.bottom() + 4), QPointF(rect.left() - 2, rect.bottom() + 4)]
            self._badge(corners, str(count), font, hot, text_colour, z=50.0)

    def _badge(self, spots: list[QPointF], text: str, font: QFont, fill: QColor, ink: QColor,
               z: float = HEAT_Z + 1) -> None:
        """A count in a pill at the first of ``spots`` where it covers no sign."""
        label = QGraphicsSimpleTextItem(text)
        label.setFont(font)
        label.setBrush(QBrush(QColor("#ffffff")))
        box = label.boundingRect()
        w, h = max(box.width() + 10, box.height() + 4), box.height() + 4
        centre = spots[0]
        for spot in spots:
            pill_box = (spot.x() - w / 2, spot.y() - h / 2, spot.x() + w / 2, spot.y() + h / 2)
            if not any(boxes_touch(pill_box, sign) for sign in self._signs):
                centre = spot
                break
        pill = QGraphicsPathItem()
        shape = QPainterPath()
        shape.addRoundedRect(QRectF(centre.x() - w / 2, centre.y() - h / 2, w, h), h / 2, h / 2)
        pill.setPath(shape)
        pill.setBrush(QBrush(fill.darker(115)))
        pill.setPen(QPen(Qt.PenStyle.NoPen))
        pill.setToolTip(f"{text} {'loop passes' if text == '1' else 'loops pass'} through here")
        pill.is_badge = True  # signs keep off badges too (DiagramScene.place_marks)
        self._add(pill, z)
        label.setPos(centre.x() - box.width() / 2, centre.y() - box.height() / 2)
        self._add(label, z + 0.1)


def heat_overlay(scene: Any) -> HeatOverlay:
    """The scene's heat overlay (one per scene)."""
    overlay = getattr(scene, "_heat_overlay", None)
    if overlay is None:
        overlay = HeatOverlay(scene)
        scene._heat_overlay = overlay
    return overlay


def set_heat(scene: Any, variable_counts: Mapping[str, int], link_counts: Mapping[str, int]) -> None:
    """Show the heat view on ``scene`` (its own ``set_heat`` if it has one)."""
    if hasattr(scene, "set_heat"):
        scene.set_heat(variable_counts, link_counts)
    else:
        heat_overlay(scene).show(variable_counts, link_counts)


def clear_heat(scene: Any) -> None:
    """Hide the heat view."""
    if hasattr(scene, "clear_heat"):
        scene.clear_heat()
    else:
        heat_overlay(scene).clear()
