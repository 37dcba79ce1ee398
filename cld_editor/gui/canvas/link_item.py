"""A causal link on the canvas: a smooth curve with an arrowhead and a polarity glyph.

The curve is a quadratic Bézier whose middle sits ``curvature`` × chord length
to the left of the direction of travel (``Link.curvature``).  It is clipped at
both labels' boxes so the arrowhead stops at the target label's edge.  The
polarity is a glyph (+, −, ?) near the arrowhead, never colour alone; a delay
is the usual double bar across the middle.  The geometry is rebuilt only when
an end moves or the link changes, never while painting.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFont, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...core.elements import Link
from .fonts import GLYPH_PX, scene_font

if TYPE_CHECKING:
    from .scene import DiagramScene
    from .variable_item import VariableItem

ARROW_LEN = 11.0
ARROW_HALF = 5.0
GAP = 3.0  # space between the arrow tip and the label
HANDLE_R = 5.0
GLYPHS = {"+": "+", "-": "\u2212", "?": "?"}


def _glyph_font() -> QFont:
    return scene_font(GLYPH_PX, bold=True)


def quad(p0: QPointF, c: QPointF, p2: QPointF, t: float) -> QPointF:
    u = 1 - t
    return p0 * (u * u) + c * (2 * u * t) + p2 * (t * t)


def quad_tangent(p0: QPointF, c: QPointF, p2: QPointF, t: float) -> QPointF:
    return (c - p0) * (2 * (1 - t)) + (p2 - c) * (2 * t)


def _unit(v: QPointF) -> QPointF:
    length = math.hypot(v.x(), v.y())
    return v / length if length > 1e-9 else QPointF(1, 0)


def _exit_param(p0: QPointF, c: QPointF, p2: QPointF, rect: QRectF, lo: float, hi: float, inside_at_lo: bool) -> float:
    """Bisect for where the curve crosses the edge of ``rect`` between ``lo`` and ``hi``.

    Plain floats: this runs for every link when a large diagram opens.
    """
    x0, y0, cx, cy, x2, y2 = p0.x(), p0.y(), c.x(), c.y(), p2.x(), p2.y()
    left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
    for _ in range(14):
        mid = (lo + hi) / 2
        u = 1 - mid
        a, b, e = u * u, 2 * u * mid, mid * mid
        x, y = a * x0 + b * cx + e * x2, a * y0 + b * cy + e * y2
        if (left <= x <= right and top <= y <= bottom) == inside_at_lo:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


class LinkItem(QGraphicsItem):
    """Draws one :class:`Link` between two :class:`VariableItem`; geometry follows the ends."""

    kind = "link"

    def __init__(self, link: Link, source: "VariableItem", target: "VariableItem") -> None:
        super().__init__()
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)
        self.setZValue(5)
        self.link = link
        self.source = source
        self.target = target
        self.preview_curvature: float | None = None  # while the bend handle is dragged
        self.has_reverse = False  # a link runs the other way between the same variables
        self._dragging_handle = False
        self._shape: tuple[bool, QPainterPath] | None = None
        self._path = QPainterPath()
        self._arrow = QPolygonF()
        self._glyph_pos = QPointF()
        self._delay_lines: list[QLineF] = []
        self._handle = QPointF()
        self._bounds = QRectF()
        self.update_geometry()

    @property
    def element_id(self) -> str:
        return self.link.id

    def set_link(self, link: Link) -> None:
        self.link = link
        self.setToolTip(link.notes or "")
        self.update_geometry()

    # --------------------------------------------------------- geometry
    #: The bend given to a straight link that has a link back the other way, so the two never overlap.
    PAIR_BEND = 0.12

    def curvature(self) -> float:
        if self.preview_curvature is not None:
            return self.preview_curvature
        if self.link.curvature == 0.0 and self.has_reverse:
            return self.PAIR_BEND
        return self.link.curvature

    def chord(self) -> tuple[QPointF, QPointF, QPointF, float]:
        """Source centre, target centre, left normal of travel and the chord length."""
        p0, p2 = self.source.pos(), self.target.pos()
        d = p2 - p0
        length = math.hypot(d.x(), d.y())
        normal = QPointF(d.y(), -d.x()) / length if length > 1e-9 else QPointF(0, -1)
        return p0, p2, normal, length

    def update_geometry(self) -> None:
        self.prepareGeometryChange()
        self._shape = None
        if self.source is self.target:
            self._self_loop()
        else:
            self._curve()
        glyph = QRectF(self._glyph_pos.x() - 9, self._glyph_pos.y() - 11, 18, 22)
        box = self._path.boundingRect() | self._arrow.boundingRect() | glyph
        self._bounds = box.adjusted(-HANDLE_R - 8, -HANDLE_R - 8, HANDLE_R + 8, HANDLE_R + 8)
        self.update()

    def _curve(self) -> None:
        p0, p2, normal, length = self.chord()
        mid = (p0 + p2) / 2
        self._handle = mid + normal * (self.curvature() * length)
        c = self._handle * 2 - mid
        src = self.source.scene_label_rect().adjusted(-GAP, -GAP, GAP, GAP)
        dst = self.target.scene_label_rect().adjusted(-GAP, -GAP, GAP, GAP)
        if length < 1 or src.intersects(dst) and (src.contains(p2) or dst.contains(p0)):
            t0, t1 = 0.0, 1.0
        else:
            t0 = _exit_param(p0, c, p2, src, 0.0, 0.5, True) if src.contains(p0) else 0.0
            t1 = _exit_param(p0, c, p2, dst, 0.5, 1.0, False) if dst.contains(p2) else 1.0
        start, end = quad(p0, c, p2, t0), quad(p0, c, p2, t1)
        direction = _unit(quad_tangent(p0, c, p2, t1))
        # The sub-curve from t0 to t1 has this control point (blossom of the quadratic).
        ctrl = p0 * ((1 - t0) * (1 - t1)) + c * ((1 - t0) * t1 + t0 * (1 - t1)) + p2 * (t0 * t1)
        base = end - direction * (ARROW_LEN * 0.8)
        path = QPainterPath(start)
        path.quadTo(ctrl, base)
        self._path = path
        self._set_arrow(end, direction)
        tm = (t0 + t1) / 2
        centre = quad(p0, c, p2, tm)
        tangent = _unit(quad_tangent(p0, c, p2, tm))
        self._set_delay(centre, tangent)

    def _self_loop(self) -> None:
        rect = self.source.scene_label_rect()
        top, cx, w = rect.top() - GAP, rect.center().x(), max(rect.width() * 0.22, 14.0)
        start, end = QPointF(cx + w, top), QPointF(cx - w, top)
        lift = 46.0
        c1, c2 = QPointF(cx + w + 34, top - lift), QPointF(cx - w - 34, top - lift)
        direction = _unit(end - c2)
        base = end - direction * (ARROW_LEN * 0.8)
        path = QPainterPath(start)
        path.cubicTo(c1, c2, base)
        self._path = path
        self._handle = QPointF(cx, top - lift * 0.75)
        self._set_arrow(end, direction)
        self._set_delay(self._handle, QPointF(-1, 0))

    def _set_arrow(self, tip: QPointF, direction: QPointF) -> None:
        tx, ty, dx, dy = tip.x(), tip.y(), direction.x(), direction.y()
        bx, by = tx - dx * ARROW_LEN, ty - dy * ARROW_LEN
        sx, sy = -dy * ARROW_HALF, dx * ARROW_HALF
        self._arrow = QPolygonF([tip, QPointF(bx + sx, by + sy), QPointF(bx - sx, by - sy)])
        # The glyph sits beside the arrowhead, on the left of travel.
        back = ARROW_LEN + 7
        self._glyph_pos = QPointF(tx - dx * back + dy * 12, ty - dy * back - dx * 12)

    def _set_delay(self, centre: QPointF, tangent: QPointF) -> None:
        if not self.link.delay:
            self._delay_lines = []
            return
        side = QPointF(-tangent.y(), tangent.x()) * 8
        step = tangent * 2.5
        self._delay_lines = [QLineF(centre + step + side, centre + step - side),
                             QLineF(centre - step + side, centre - step - side)]

    def handle_pos(self) -> QPointF:
        """Where the bend handle is (the curve's middle), in scene coordinates."""
        return self._handle

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def shape(self) -> QPainterPath:
        # Cached per selection state, so selecting needs no itemChange hook (cheaper for 5,000 links).
        selected = self.isSelected()
        if self._shape is None or self._shape[0] != selected:
            stroker = QPainterPathStroker()
            stroker.setWidth(10)
            shape = stroker.createStroke(self._path)
            shape.addPolygon(self._arrow)
            if selected:
                shape.addEllipse(self._handle, HANDLE_R + 3, HANDLE_R + 3)
            self._shape = (selected, shape)
        return self._shape[1]

    # ----------------------------------------------------- bend handle
    def near_handle(self, scene_point: QPointF) -> bool:
        return self.isSelected() and self.source is not self.target and \
            QLineF(scene_point, self._handle).length() <= HANDLE_R + 4

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self.near_handle(event.scenePos()):
            self._dragging_handle = True
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._dragging_handle:
            p0, p2, normal, length = self.chord()
            if length > 1:
                offset = event.scenePos() - (p0 + p2) / 2
                value = (offset.x() * normal.x() + offset.y() * normal.y()) / length
                self.preview_curvature = round(max(-2.0, min(2.0, value)), 3)
                if abs(self.preview_curvature) < 0.02:
                    self.preview_curvature = 0.0  # snap straight
                self.update_geometry()
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._dragging_handle:
            self._dragging_handle = False
            value, self.preview_curvature = self.preview_curvature, None
            scene: DiagramScene = self.scene()  # type: ignore[assignment]
            if value is not None and value != self.link.curvature:
                scene.bend_link(self.link.id, value)
            self.update_geometry()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    # ------------------------------------------------------------ paint
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene: DiagramScene = self.scene()  # type: ignore[assignment]
        selected = self.isSelected() and not scene.exporting
        line_pen, mark_pen, brush, glyph_pen = scene.link_style(self.link, selected)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        far = lod < 0.3 and not scene.exporting
        if far:  # a whole large diagram in view: thin aliased lines are four times cheaper and look the same
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(line_pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        if self._delay_lines:
            painter.setPen(mark_pen)
            painter.drawLines(self._delay_lines)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(brush)
        painter.drawPolygon(self._arrow)
        if far:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        else:  # smaller than about 4 px the glyph cannot be read
            painter.setPen(glyph_pen)
            scene.draw_glyph(painter, self._glyph_pos, self.link.polarity)
            if self.link.inferred:  # a sign worked out from the equation, not yet accepted: a dotted ring
                ring = QPen(glyph_pen.color(), 1.0, Qt.PenStyle.DotLine)
                painter.setPen(ring)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(self._glyph_pos, 8.5, 8.5)
        if selected and self.source is not self.target:
            painter.setPen(QPen(scene.theme.selection, 1.2))
            painter.setBrush(scene.theme.canvas)
            painter.drawEllipse(self._handle, HANDLE_R, HANDLE_R)
