"""The legend of link line styles, drawn on the canvas itself.

A link's line says how sure its evidence is without relying on colour
(:data:`CONFIDENCE_LINES`: weak dashed, hypothesis dotted, contested dash-dot),
and in a merged map its thickness says how many people drew it.  The legend
explains exactly the styles the diagram uses.  It is a scene item, so every
picture made from the scene (PNG, SVG, PDF, print, copy as image) carries it
as drawn, with its words as real text in the vector formats.

It shows when some link states a confidence or was drawn by several people,
and sits in a free corner inside the diagram's bounds, or just outside them
(below or to the right, whichever makes the picture grow least) when no corner
is free: it never covers a variable, link or mark.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from ...core.diagram import Diagram
from .fonts import scene_font
from .link_item import line_width

if TYPE_CHECKING:
    from .scene import DiagramScene

#: How a link's line shows its evidence (the scene draws links with these; the legend explains them).
CONFIDENCE_LINES = {"weak": Qt.PenStyle.DashLine, "hypothesis": Qt.PenStyle.DotLine,
                    "contested": Qt.PenStyle.DashDotLine}
#: What each line the legend can show means, in the order it lists them.
MEANINGS = {
    "solid": "strong, moderate or not stated",
    "weak": "weak evidence",
    "hypothesis": "hypothesis",
    "contested": "contested",
    "inferred": "sign inferred from equations",
    "agreement": "thicker: drawn by more people",
}
TITLE = "Link lines"
TEXT_PX = 12
SAMPLE_W = 44.0
PAD = 10.0
ROW_H = 20.0
GAP = 18.0  # between the legend and anything else drawn
MARK_REACH = 60.0  # a link's sign and delay mark sit well within this distance of its box (about 20 units)
LARGE = 500  # links: from here on the legend settles after a pause in the edits


def line_kind(link) -> str:
    """Which legend line a link is drawn with: its confidence's style, else inferred (dashed), else solid."""
    if link.evidence.confidence in CONFIDENCE_LINES:
        return link.evidence.confidence
    return "inferred" if link.inferred else "solid"


def legend_entries(diagram: Diagram) -> list[str]:
    """The legend's lines (keys of :data:`MEANINGS`) for ``diagram``; empty when it needs none.

    A legend is needed when a link states a confidence or several people drew
    a link (the agreement view); it then lists only the styles in use.
    """
    links = list(diagram.links.values())
    agreement = any(len(link.perspectives) > 1 for link in links)
    if not agreement and not any(link.evidence.confidence for link in links):
        return []
    used = {line_kind(link) for link in links}
    if agreement:
        used.add("agreement")
    return [key for key in MEANINGS if key in used]


class ConfidenceLegend(QGraphicsItem):
    """The legend item of a :class:`~.scene.DiagramScene`; it follows the diagram on its own.

    ``wanted`` is the user's View > Line Style Legend choice.  The scene calls
    :meth:`changed` on every model event; the legend settles (chooses its lines
    and its corner) once the event loop is free, or at once through
    :meth:`settle`, which every export calls through ``content_rect``.
    """

    def __init__(self, scene: DiagramScene) -> None:
        super().__init__()
        self._owner = scene
        self.wanted = True
        self.entries: list[str] = []
        self._size = (0.0, 0.0)
        self._dirty = False
        self._font = scene_font(TEXT_PX)
        self._title_font = scene_font(TEXT_PX, bold=True)
        self._timer = QTimer(scene)  # dropped with the scene
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.settle)
        self.setZValue(5)  # above links, which pass beside it
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks go to the canvas below
        self.setVisible(False)
        scene.addItem(self)
        self.changed()

    def set_wanted(self, wanted: bool) -> None:
        """Show (when the diagram needs one) or hide the legend."""
        self.wanted = wanted
        self.changed()
        self.settle()

    def changed(self) -> None:
        """The diagram changed: settle again soon (many events in a row settle once).

        On a large diagram settling costs tens of milliseconds, so it waits
        for a pause in the edits; an export settles at once.
        """
        self._dirty = True
        self._timer.start(0 if len(self._owner.links) < LARGE else 300)

    def settle(self) -> None:
        """Choose the lines and the place now, if anything changed since the last time."""
        if not self._dirty:
            return
        self._dirty = False
        entries = legend_entries(self._owner.diagram) if self.wanted else []
        if not entries:
            self.entries = []
            self.setVisible(False)
            return
        if entries != self.entries:
            self.prepareGeometryChange()
            self.entries = entries
            self._size = self._measure()
        self.setVisible(True)
        self.setPos(self._place())
        self.update()

    def placed_rect(self) -> QRectF:
        """Where the legend is drawn in the scene; empty when it is hidden."""
        if self._owner.exporting:  # a picture places it afresh, among the signs as they now lie
            self._dirty = True
        self.settle()
        return self.sceneBoundingRect() if self.isVisible() else QRectF()

    # ------------------------------------------------------------ layout
    def _measure(self) -> tuple[float, float]:
        metrics = QFontMetricsF(self._font)
        words = max(metrics.horizontalAdvance(MEANINGS[key]) for key in self.entries)
        title = QFontMetricsF(self._title_font).horizontalAdvance(TITLE)
        width = PAD * 2 + max(SAMPLE_W + 8 + words, title)
        return width, PAD * 2 + ROW_H * (len(self.entries) + 1)

    def _solid_boxes(self) -> list[tuple[float, float, float, float]]:
        """``(left, top, right, bottom)`` of every name, note and loop label: nothing may cover them."""
        scene = self._owner
        boxes = [item.scene_label_box() for item in scene.variables.values()]
        for item in (*scene.notes.values(), *scene.loop_labels.values()):
            r = item.sceneBoundingRect()
            boxes.append((r.left(), r.top(), r.right(), r.bottom()))
        return boxes

    def _free(self, rect: QRectF, solid: list[tuple[float, float, float, float]]) -> bool:
        """Nothing drawn within :data:`GAP` of ``rect``.

        Plain loops over the boxes the items keep ready, not Qt's item index:
        on a large diagram just edited the index is rebuilt on every query.
        """
        room = rect.adjusted(-GAP, -GAP, GAP, GAP)
        x0, y0, x1, y1 = room.left(), room.top(), room.right(), room.bottom()
        if any(b[0] < x1 and b[2] > x0 and b[1] < y1 and b[3] > y0 for b in solid):
            return False
        for item in self._owner.links.values():
            b = item.bounds_box
            if b[0] < x1 + MARK_REACH and b[2] > x0 - MARK_REACH and b[1] < y1 + MARK_REACH and b[3] > y0 - MARK_REACH:
                if b[0] < x1 and b[2] > x0 and b[1] < y1 and b[3] > y0 and \
                        item.shape().intersects(item.mapRectFromScene(room)):  # the line itself, not its box
                    return False
                sign = item.sign
                if sign.isVisible() and sign.sceneBoundingRect().intersects(room):
                    return False
        return True

    def _place(self) -> QPointF:
        """A free corner inside the drawing's bounds, else just outside them, below or to the right."""
        width, height = self._size
        solid = self._solid_boxes()
        boxes = solid + [item.bounds_box for item in self._owner.links.values()]
        if not boxes:
            return QPointF(0, 0)
        bounds = QRectF(QPointF(min(b[0] for b in boxes), min(b[1] for b in boxes)),
                        QPointF(max(b[2] for b in boxes), max(b[3] for b in boxes)))
        if bounds.width() >= width + 2 * GAP and bounds.height() >= height + 2 * GAP:
            for x, y in ((bounds.right() - width, bounds.bottom() - height), (bounds.left(), bounds.bottom() - height),
                         (bounds.right() - width, bounds.top()), (bounds.left(), bounds.top())):
                if self._free(QRectF(x, y, width, height), solid):
                    return QPointF(x, y)
        # No free corner: beside the drawing, on the side that makes the picture grow least.
        below = bounds.width() * (height + GAP) <= bounds.height() * (width + GAP) or bounds.height() < height
        if below:
            spot, step = QRectF(bounds.left(), bounds.bottom() + GAP, width, height), QPointF(0, height / 2)
        else:
            spot, step = QRectF(bounds.right() + GAP, bounds.bottom() - height, width, height), QPointF(width / 4, 0)
        for _ in range(8):  # a sign or arrow head just past the bounds: step further out
            if self._free(spot, solid):
                break
            spot.translate(step)
        return spot.topLeft()

    # ------------------------------------------------------------ painting
    def boundingRect(self) -> QRectF:  # noqa: N802
        return QRectF(0, 0, *self._size)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        theme = self._owner.theme
        width, height = self._size
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(theme.muted, 1.0))
        owner = self._owner
        # A printed page keeps its paper white: no canvas-coloured box on it.
        painter.setBrush(theme.canvas if not owner.exporting or owner.export_background else Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(0.5, 0.5, width - 1, height - 1), 6, 6)
        painter.setPen(theme.text)
        painter.setFont(self._title_font)
        # drawText, not static text: SVG and PDF keep the words as text.
        painter.drawText(QRectF(PAD, PAD, width - 2 * PAD, ROW_H), Qt.AlignmentFlag.AlignLeft
                         | Qt.AlignmentFlag.AlignVCenter, TITLE)
        painter.setFont(self._font)
        for row, key in enumerate(self.entries, start=1):
            y = PAD + ROW_H * row + ROW_H / 2
            self._sample(painter, key, QPointF(PAD, y))
            painter.setPen(theme.text)
            painter.drawText(QRectF(PAD + SAMPLE_W + 8, y - ROW_H / 2, width - SAMPLE_W - 8 - 2 * PAD, ROW_H),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, MEANINGS[key])

    def _sample(self, painter: QPainter, key: str, left: QPointF) -> None:
        colour = self._owner.theme.link
        base = line_width(1.0)
        if key == "agreement":  # as thick as a link three people drew (the scene adds 1.2 per person)
            base += 2.4
        pen = QPen(colour, base)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        style = CONFIDENCE_LINES.get(key, Qt.PenStyle.DashLine if key == "inferred" else Qt.PenStyle.SolidLine)
        pen.setStyle(style)
        painter.setPen(pen)
        painter.drawLine(left, QPointF(left.x() + SAMPLE_W, left.y()))
