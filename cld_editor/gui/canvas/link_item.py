"""A causal link on the canvas: a smooth curve with an arrowhead, a polarity sign and maybe a delay mark.

The curve, arrowhead and hit shape come from
:func:`~cld_editor.analysis.link_shape.curve_shape` (Qt-free, so the layout,
the sign placement and the tests see the very points drawn here): a quadratic
Bézier whose middle sits ``curvature`` × chord length to the left of travel,
clipped at both labels' boxes.  Where the sign (+, −, ?: never colour alone)
and the delay mark (a double bar) go is decided for the whole scene by
:mod:`~cld_editor.analysis.sign_placement`: beside the arrowhead on the
outside of the arc, moved along the link when that spot would touch anything
else.  The sign is drawn by its own :class:`SignItem` above the presentation
pulse, so the pulse passes behind it.  The geometry is rebuilt only when an
end moves or the link changes, never while painting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...analysis.link_shape import ARROW_HALF, ARROW_LEN, GAP, PAIR_BEND, LinkShape, curve_shape, self_loop_shape
from ...analysis.sign_placement import SIGN_HALF, DrawnLink, Marks, delay_bars, first_sign_spot
from ...core.elements import Link
from .fonts import GLYPH_PX, scene_font

if TYPE_CHECKING:
    from .scene import DiagramScene
    from .variable_item import VariableItem

__all__ = ["ARROW_HALF", "ARROW_LEN", "GAP", "GLYPHS", "LinkItem", "SignItem", "line_width"]

HANDLE_R = 5.0
GLYPHS = {"+": "+", "-": "\u2212", "?": "?"}
#: Above the presentation pulse (500): the pulse passes behind signs.
SIGN_Z = 520.0


def _glyph_font() -> QFont:
    return scene_font(GLYPH_PX, bold=True)


def line_width(strength: float) -> float:
    """The pen width of a link of this strength (a stronger link is drawn thicker)."""
    return 1.1 + 0.5 * min(max(abs(strength), 0.5), 3.0)


def _box(rect: QRectF) -> tuple[float, float, float, float]:
    return (rect.left(), rect.top(), rect.right(), rect.bottom())


def _pt(p: tuple[float, float]) -> QPointF:
    return QPointF(p[0], p[1])


class SignItem(QGraphicsItem):
    """A link's polarity sign, drawn above the links and the presentation pulse; follows its link."""

    def __init__(self, link_item: "LinkItem") -> None:
        super().__init__()
        self.link_item = link_item
        self.setZValue(SIGN_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return QRectF(-10, -12, 20, 24)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene: DiagramScene = self.scene()  # type: ignore[assignment]
        if option.levelOfDetailFromTransform(painter.worldTransform()) < 0.3 and not scene.exporting:
            return  # smaller than about 4 px the sign cannot be read
        link = self.link_item.link
        marks = self.link_item.marks
        if not scene.exporting and marks is not None and marks.clear:
            # A disc of canvas under the sign: nothing else is ever drawn there, so it shows only when the
            # presentation pulse passes behind the sign, and keeps the sign readable on it.
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(scene.theme.canvas)
            painter.drawEllipse(QPointF(0, 0), SIGN_HALF + 1, SIGN_HALF + 1)
        glyph_pen = scene.link_style(link, False)[3]
        painter.setPen(glyph_pen)
        scene.draw_glyph(painter, QPointF(0, 0), link.polarity)
        if link.inferred:  # a sign worked out from the equation, not yet accepted: a dotted ring
            painter.setPen(QPen(glyph_pen.color(), 1.0, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), 8.5, 8.5)


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
        self.geometry: LinkShape | None = None
        self.marks: Marks | None = None
        self.sign = SignItem(self)
        self.update_geometry()

    @property
    def element_id(self) -> str:
        return self.link.id

    def set_link(self, link: Link) -> None:
        self.link = link
        self.setToolTip(link.notes or "")
        self.update_geometry()
        self.sign.update()

    # --------------------------------------------------------- geometry
    #: The bend given to a straight link that has a link back the other way, so the two never overlap.
    PAIR_BEND = PAIR_BEND

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
        length = (d.x() ** 2 + d.y() ** 2) ** 0.5
        normal = QPointF(d.y(), -d.x()) / length if length > 1e-9 else QPointF(0, -1)
        return p0, p2, normal, length

    def update_geometry(self) -> None:
        """Rebuild the curve from the ends; the sign and delay mark are then placed again by the scene."""
        self.prepareGeometryChange()
        self._shape = None
        if self.source is self.target:
            shape = self_loop_shape(_box(self.source.scene_label_rect()))
        else:
            p0, p2 = self.source.pos(), self.target.pos()
            shape = curve_shape((p0.x(), p0.y()), (p2.x(), p2.y()), self.curvature(),
                                _box(self.source.scene_label_rect()), _box(self.target.scene_label_rect()))
        self.geometry = shape
        path = QPainterPath(_pt(shape.start))
        if len(shape.controls) == 1:
            path.quadTo(_pt(shape.controls[0]), _pt(shape.end))
        else:
            path.cubicTo(_pt(shape.controls[0]), _pt(shape.controls[1]), _pt(shape.end))
        self._path = path
        self._arrow = QPolygonF([_pt(p) for p in shape.arrow])
        self._handle = _pt(shape.handle)
        # Until the scene places the marks among their neighbours: the first spots, beside the arrowhead.
        delay = (shape.middle, shape.middle_tangent) if self.link.delay else None
        self.set_marks(Marks(first_sign_spot(self.drawn()), delay, False), pending=True)

    def drawn(self) -> DrawnLink:
        """The link as the sign placement sees it: the drawn shape, pen width and delay."""
        assert self.geometry is not None
        return DrawnLink(self.link.id, self.geometry, line_width(self.link.strength), self.link.delay)

    def set_marks(self, marks: Marks, pending: bool = False) -> None:
        """Draw the sign and delay mark where ``marks`` says; ``pending`` asks the scene to place them."""
        self.prepareGeometryChange()
        self.marks = marks
        self._glyph_pos = _pt(marks.sign)
        self._delay_lines = [QLineF(_pt(a), _pt(b)) for a, b in delay_bars(*marks.delay)] if marks.delay else []
        self.sign.setPos(self._glyph_pos)
        glyph = QRectF(self._glyph_pos.x() - SIGN_HALF, self._glyph_pos.y() - SIGN_HALF, 2 * SIGN_HALF, 2 * SIGN_HALF)
        box = self._path.boundingRect() | self._arrow.boundingRect() | glyph
        for line in self._delay_lines:
            box |= QRectF(line.p1(), line.p2()).normalized()
        self._bounds = box.adjusted(-HANDLE_R - 8, -HANDLE_R - 8, HANDLE_R + 8, HANDLE_R + 8)
        self.bounds_box = _box(self._bounds)  # for the scene's quick searches by area
        self.update()
        scene = self.scene()
        if pending and scene is not None and hasattr(scene, "request_marks"):
            scene.request_marks(self)

    # The sign is a separate item (so it can sit above the pulse). The scene adds and removes it with the
    # link; every caller that dims, hides or shows a link is Python code, so these two keep it in step
    # without an itemChange hook, which would cost a Python call for every change of every link.
    def setOpacity(self, opacity: float) -> None:  # noqa: N802
        super().setOpacity(opacity)
        self.sign.setOpacity(opacity)

    def setVisible(self, visible: bool) -> None:  # noqa: N802
        super().setVisible(visible)
        self.sign.setVisible(visible)

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
        line_pen, mark_pen, brush, _ = scene.link_style(self.link, selected)
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
        if selected and self.source is not self.target:
            painter.setPen(QPen(scene.theme.selection, 1.2))
            painter.setBrush(scene.theme.canvas)
            painter.drawEllipse(self._handle, HANDLE_R, HANDLE_R)
