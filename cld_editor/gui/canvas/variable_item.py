"""A variable on the canvas: its wrapped name, in a box when it is a stock.

The wrapped lines and their ``QStaticText`` are computed once per name (not
per paint), so a full repaint of thousands of labels stays fast.  The item's
position is the variable's centre.  A thin ring around the label is the
"connector": dragging from it draws a link instead of moving the variable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QStaticText, QTextOption
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...core.elements import Variable
from ...analysis import label_geometry
from .fonts import NAME_PX, scene_font

if TYPE_CHECKING:
    from .scene import DiagramScene

WRAP_WIDTH = 140.0  # px: about 18 characters of the canvas font
PAD_X, PAD_Y = 6.0, 4.0
CONNECTOR = 9.0  # width of the ring that starts a link, in scene units at 100 % zoom
#: The ring is never narrower than this on screen, however far out the view is zoomed ...
MIN_HANDLE_PX = 10.0
#: ... nor wider than this in scene units (so far out, variables do not swallow the canvas).
MAX_RING = 48.0


def ring_for_zoom(zoom: float) -> float:
    """The link ring's width in scene units at ``zoom``: at least 10 screen pixels, within reason.

    >>> ring_for_zoom(1.0), ring_for_zoom(0.5), ring_for_zoom(0.05)
    (10.0, 20.0, 48.0)
    """
    return min(MAX_RING, max(CONNECTOR, MIN_HANDLE_PX / max(zoom, 1e-6)))
_POSITION_CHANGED = QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged


def canvas_font() -> QFont:
    return scene_font(NAME_PX)


def wrap_lines(text: str, metrics: QFontMetricsF, width: float = WRAP_WIDTH) -> list[str]:
    """Greedy word wrap (the rule layout mirrors); a single over-long word is kept whole rather than cut."""
    return label_geometry.wrap_lines(text, width, metrics.horizontalAdvance)


class VariableItem(QGraphicsItem):
    """Draws one :class:`Variable`; ``set_variable`` refreshes it from the model."""

    def __init__(self, variable: Variable) -> None:
        super().__init__()
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
            | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
        )
        self.setAcceptHoverEvents(True)
        self.setZValue(10)
        self.variable = variable
        self.links: list = []  # LinkItems that touch this variable (kept by the scene)
        self._hover = False
        self.ring = ring_for_zoom(1.0)
        self._box_cache: tuple[float, float, float, float] | None = None
        self.set_variable(variable)

    # ------------------------------------------------------------ model
    @property
    def element_id(self) -> str:
        return self.variable.id

    kind = "variable"

    def set_variable(self, variable: Variable) -> None:
        layout_changed = (variable.name, variable.kind) != (self.variable.name, self.variable.kind) \
            or not hasattr(self, "_lines")
        self.variable = variable
        if layout_changed:
            self.prepareGeometryChange()
            self._layout()
            self._box_cache = None
        if self.pos() != QPointF(variable.x, variable.y):
            self.setPos(variable.x, variable.y)
        self.setToolTip(self._tooltip())
        self.update()

    def _tooltip(self) -> str:
        v = self.variable
        parts = [v.name]
        if v.kind != "auxiliary":
            parts.append(f"({v.kind})")
        if v.units:
            parts.append(f"[{v.units}]")
        text = " ".join(parts)
        return f"{text}\n{v.notes}" if v.notes else text

    def _layout(self) -> None:
        font = canvas_font()
        metrics = QFontMetricsF(font)
        self._font = font
        self._lines = wrap_lines(self.variable.name, metrics)
        self._line_h = metrics.height()
        widths = [metrics.horizontalAdvance(line) for line in self._lines]
        self._widths = widths
        w = max(widths) if widths else 10.0
        h = self._line_h * len(self._lines)
        self._text_rect = QRectF(-w / 2, -h / 2, w, h)
        pad = 10.0 if self.variable.kind == "stock" else PAD_X
        self._label_rect = self._text_rect.adjusted(-pad, -PAD_Y - (3 if self.variable.kind == "stock" else 0),
                                                    pad, PAD_Y + (3 if self.variable.kind == "stock" else 0))
        self._static = []
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.NoWrap)
        for line in self._lines:
            st = QStaticText(line)
            st.setTextOption(option)
            st.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
            self._static.append(st)

    # --------------------------------------------------------- geometry
    def label_rect(self) -> QRectF:
        """The label's box in item coordinates (where links stop)."""
        return self._label_rect

    def scene_label_rect(self) -> QRectF:
        return self._label_rect.translated(self.pos())

    def scene_label_box(self) -> tuple[float, float, float, float]:
        """The label's box in the scene as ``(left, top, right, bottom)``, kept until it moves or changes."""
        if self._box_cache is None:
            r = self.scene_label_rect()
            self._box_cache = (r.left(), r.top(), r.right(), r.bottom())
        return self._box_cache

    def set_ring(self, ring: float) -> None:
        """Widen or narrow the link ring (the view keeps it at least 10 screen pixels: :func:`ring_for_zoom`)."""
        if ring != self.ring:
            self.prepareGeometryChange()
            self.ring = ring
            self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        r = self.ring
        return self._label_rect.adjusted(-r - 2, -r - 2, r + 2, r + 2)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self._label_rect.adjusted(-self.ring, -self.ring, self.ring, self.ring))
        return path

    def in_connector(self, scene_point: QPointF) -> bool:
        """Whether a scene point lies on the connector ring (outside the label, inside the ring)."""
        p = self.mapFromScene(scene_point)
        outer = self._label_rect.adjusted(-self.ring, -self.ring, self.ring, self.ring)
        return outer.contains(p) and not self._label_rect.adjusted(1, 1, -1, -1).contains(p)

    # ----------------------------------------------------------- events
    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value):  # noqa: N802
        if change == _POSITION_CHANGED:
            self._box_cache = None
            for link in self.links:
                link.update_geometry()
            scene = self.scene()
            if scene is not None and scene.far:
                scene.overview_changed()
        return super().itemChange(change, value)

    def hoverEnterEvent(self, event) -> None:  # noqa: N802
        self._hover = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverMoveEvent(self, event) -> None:  # noqa: N802
        cursor = Qt.CursorShape.CrossCursor if self.in_connector(event.scenePos()) else Qt.CursorShape.SizeAllCursor
        self.setCursor(cursor)
        super().hoverMoveEvent(event)

    def hoverLeaveEvent(self, event) -> None:  # noqa: N802
        self._hover = False
        self.unsetCursor()
        self.update()
        super().hoverLeaveEvent(event)

    # ------------------------------------------------------------ paint
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene: DiagramScene | None = self.scene()  # type: ignore[assignment]
        theme = scene.theme
        selected = self.isSelected() and not scene.exporting
        rect = self._label_rect
        if self.variable.kind == "stock":
            painter.setPen(QPen(theme.stock_border, 1.4))
            painter.setBrush(theme.stock_fill)
            painter.drawRect(rect)
        if selected:
            painter.setPen(QPen(theme.selection, 1.2, Qt.PenStyle.SolidLine))
            painter.setBrush(theme.selection_fill)
            painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), 4, 4)
        elif self._hover and not scene.exporting:
            painter.setPen(QPen(theme.selection, 1.0, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            half = self.ring / 2  # the link ring, shown while the pointer is on the variable
            painter.drawRoundedRect(rect.adjusted(-half, -half, half, half), 6, 6)
        colour = theme.text
        if self.variable.colour:
            from PySide6.QtGui import QColor

            custom = QColor(self.variable.colour)
            if custom.isValid():
                colour = custom
        painter.setPen(colour)
        painter.setFont(self._font)
        y = self._text_rect.top()
        # Vector targets (SVG, PDF, printers) get real text; the screen gets cached glyphs.
        vector = painter.paintEngine() is not None and painter.paintEngine().type() not in (
            painter.paintEngine().Type.Raster, painter.paintEngine().Type.OpenGL2)
        for line, width, static in zip(self._lines, self._widths, self._static):
            x = -width / 2
            if vector:
                painter.drawText(QRectF(x - 1, y, width + 2, self._line_h), Qt.AlignmentFlag.AlignCenter, line)
            else:
                painter.drawStaticText(QPointF(x, y), static)
            y += self._line_h
