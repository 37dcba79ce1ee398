"""The 60-second tour: five illustrated steps that show what to do with the mouse and the keyboard.

Opened from the welcome page and from Help > 60-Second Tour.  Each step has a
small drawing in the window's palette (:class:`TourPicture`); arrow and page
keys step through it, so a presenter's remote works too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


@dataclass(frozen=True)
class TourStep:
    title: str
    text: str
    picture: str  # which illustration TourPicture draws


TOUR_STEPS: list[TourStep] = [
    TourStep("1. Add variables",
             "Double-click an empty part of the canvas and type a name, such as Jobs. Press Enter. "
             "Name things that can rise or fall.", "variables"),
    TourStep("2. Link causes to effects",
             "Drag from the edge of one variable to another to draw an arrow: this drives that. "
             "Or press L for the link tool and drag from one variable to the other.", "link"),
    TourStep("3. Give each link a sign",
             "Select a link and press + when both move the same way, \u2212 when they move opposite ways, "
             "? when you are not sure. Press D to mark a delay (two bars).", "signs"),
    TourStep("4. See the feedback loops",
             "The program finds every loop as you draw: R loops reinforce (they run away), B loops balance "
             "(they settle). Select one in the Loops panel to highlight it and read its story.", "loop"),
    TourStep("5. Present and share",
             "Press F5 to present the diagram loop by loop. Save it as one .cld file to send to a "
             "colleague, or export a picture, SVG or PDF. Press F1 for the full guide.", "share"),
]


class TourPicture(QWidget):
    """A small drawing for each tour step, in the window's palette."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture = "variables"
        self.setMinimumSize(420, 190)
        self.setAccessibleName("Illustration")

    def set_picture(self, name: str) -> None:
        self.picture = name
        self.update()

    # --- drawing helpers
    def _label(self, p: QPainter, centre: QPointF, text: str, box: bool = False) -> QRectF:
        metrics = p.fontMetrics()
        w = metrics.horizontalAdvance(text) + 20
        h = metrics.height() + 12
        rect = QRectF(centre.x() - w / 2, centre.y() - h / 2, w, h)
        if box:
            p.drawRect(rect)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        return rect

    def _arrow(self, p: QPainter, start: QPointF, end: QPointF, bend: float, sign: str = "",
               delay: bool = False) -> None:
        mid = (start + end) / 2
        dx, dy = end.x() - start.x(), end.y() - start.y()
        length = math.hypot(dx, dy) or 1
        normal = QPointF(-dy / length, dx / length)
        control = mid + normal * bend
        path = QPainterPath(start)
        path.quadTo(control, end)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        tangent = end - control
        t_len = math.hypot(tangent.x(), tangent.y()) or 1
        u = QPointF(tangent.x() / t_len, tangent.y() / t_len)
        n = QPointF(-u.y(), u.x())
        head = QPolygonF([end, end - u * 12 + n * 6, end - u * 12 - n * 6])
        p.setBrush(p.pen().color())
        p.drawPolygon(head)
        p.setBrush(Qt.BrushStyle.NoBrush)
        if sign:
            font = p.font()
            big = QFont(font)
            big.setPointSizeF(font.pointSizeF() * 1.4)
            big.setBold(True)
            p.setFont(big)
            spot = end - u * 26 + n * 14
            p.drawText(QRectF(spot.x() - 12, spot.y() - 12, 24, 24), Qt.AlignmentFlag.AlignCenter, sign)
            p.setFont(font)
        if delay:
            apex = path.pointAtPercent(0.5)
            angle = math.radians(-path.angleAtPercent(0.5))  # Qt counts degrees anticlockwise
            along = QPointF(math.cos(angle), math.sin(angle))
            across = QPointF(-along.y(), along.x())
            for offset in (-3.5, 3.5):
                c = apex + along * offset
                p.drawLine(c - across * 9, c + across * 9)

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.base())
        ink = pal.text().color()
        accent = pal.highlight().color()
        p.setPen(QPen(ink, 2))
        w, h = self.width(), self.height()
        left, right = QPointF(w * 0.25, h * 0.32), QPointF(w * 0.75, h * 0.32)
        low = QPointF(w * 0.5, h * 0.78)
        if self.picture == "variables":
            self._label(p, left, "Jobs")
            p.setPen(QPen(accent, 2, Qt.PenStyle.DashLine))
            rect = self._label(p, right, "Worklessness|")
            p.setPen(QPen(ink, 1))
            p.drawText(QRectF(rect.left() - 40, rect.bottom() + 8, rect.width() + 80, 24),
                       Qt.AlignmentFlag.AlignCenter, "double-click, type, Enter")
        elif self.picture == "link":
            a = self._label(p, left, "Jobs")
            b = self._label(p, right, "Worklessness")
            p.setPen(QPen(accent, 2.5))
            self._arrow(p, QPointF(a.right() + 4, a.center().y()), QPointF(b.left() - 4, b.center().y()), -30)
            p.setPen(QPen(ink, 1))
            p.drawText(QRectF(0, h * 0.62, w, 24), Qt.AlignmentFlag.AlignCenter, "drag from one to the other")
        elif self.picture == "signs":
            a = self._label(p, left, "Jobs")
            b = self._label(p, right, "Worklessness")
            c = self._label(p, low, "Skills")
            self._arrow(p, QPointF(a.right() + 4, a.center().y()), QPointF(b.left() - 4, b.center().y()), -30, "\u2212")
            self._arrow(p, QPointF(b.center().x(), b.bottom() + 4), QPointF(c.right() + 4, c.center().y()), -20,
                        "\u2212", delay=True)
            self._arrow(p, QPointF(c.left() - 4, c.center().y()), QPointF(a.center().x(), a.bottom() + 4), -20, "+")
        elif self.picture == "loop":
            a = self._label(p, left, "Jobs")
            b = self._label(p, right, "Worklessness")
            c = self._label(p, low, "Skills")
            p.setPen(QPen(accent, 2.5))
            self._arrow(p, QPointF(a.right() + 4, a.center().y()), QPointF(b.left() - 4, b.center().y()), -30, "\u2212")
            self._arrow(p, QPointF(b.center().x(), b.bottom() + 4), QPointF(c.right() + 4, c.center().y()), -20, "\u2212")
            self._arrow(p, QPointF(c.left() - 4, c.center().y()), QPointF(a.center().x(), a.bottom() + 4), -20, "+")
            centre = QPointF(w * 0.5, h * 0.48)
            p.setPen(QPen(ink, 2))
            p.drawArc(QRectF(centre.x() - 18, centre.y() - 18, 36, 36), 40 * 16, 280 * 16)
            font = QFont(p.font())
            font.setBold(True)
            p.setFont(font)
            p.drawText(QRectF(centre.x() - 18, centre.y() - 18, 36, 36), Qt.AlignmentFlag.AlignCenter, "R1")
        else:  # share
            p.setPen(QPen(ink, 2))
            page = QRectF(w * 0.18, h * 0.14, w * 0.18, h * 0.72)
            p.drawRect(page)
            p.drawText(page, Qt.AlignmentFlag.AlignCenter, ".cld")
            screen = QRectF(w * 0.5, h * 0.18, w * 0.34, h * 0.5)
            p.drawRect(screen)
            p.drawText(screen, Qt.AlignmentFlag.AlignCenter, "F5\npresent")
            p.drawLine(QPointF(screen.center().x(), screen.bottom()), QPointF(screen.center().x(), h * 0.82))
            p.drawLine(QPointF(screen.center().x() - 30, h * 0.82), QPointF(screen.center().x() + 30, h * 0.82))
        p.end()


class TourDialog(QDialog):
    """Five steps, about ten seconds each: Back, Next, Done; arrow keys and Esc work."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tourDialog")
        self.setWindowTitle("A 60-second tour")
        self.setAccessibleName("A 60-second tour of CLD Editor")
        self.index = 0
        self.picture = TourPicture()
        self.heading = QLabel()
        font = QFont()
        font.setPointSizeF(15)
        font.setBold(True)
        self.heading.setFont(font)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setMinimumHeight(60)
        self.progress = QLabel()
        self.back = QPushButton("\u2190 &Back")
        self.back.setAccessibleName("Previous step")
        self.next = QPushButton("&Next \u2192")
        self.next.setAccessibleName("Next step")
        self.next.setDefault(True)
        self.back.clicked.connect(lambda: self.go(self.index - 1))
        self.next.clicked.connect(self._next_or_done)
        row = QHBoxLayout()
        row.addWidget(self.progress)
        row.addStretch(1)
        row.addWidget(self.back)
        row.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        layout.addLayout(row)
        for button in (self.back, self.next):
            button.installEventFilter(self)  # buttons would spend arrow keys on moving focus
        self.resize(560, 420)
        self.go(0)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and Qt.Key(event.key()) in self.STEP_KEYS:
            self.keyPressEvent(event)
            return True
        return super().eventFilter(watched, event)

    #: Arrow and page keys step through the tour (presenter remotes send page keys).
    STEP_KEYS = {Qt.Key.Key_Right: 1, Qt.Key.Key_PageDown: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_PageUp: -1}

    def keyPressEvent(self, event) -> None:  # noqa: N802
        step = self.STEP_KEYS.get(Qt.Key(event.key()))
        if step is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.go(self.index + step)
            event.accept()
            return
        super().keyPressEvent(event)

    @property
    def steps(self) -> list[TourStep]:
        return TOUR_STEPS

    def go(self, index: int) -> None:
        """Show step ``index`` (clamped to the tour)."""
        self.index = max(0, min(index, len(TOUR_STEPS) - 1))
        step = TOUR_STEPS[self.index]
        self.heading.setText(step.title)
        self.text.setText(step.text)
        self.picture.set_picture(step.picture)
        self.picture.setAccessibleDescription(step.text)
        self.progress.setText(f"Step {self.index + 1} of {len(TOUR_STEPS)}")
        self.back.setEnabled(self.index > 0)
        last = self.index == len(TOUR_STEPS) - 1
        self.next.setText("&Done" if last else "&Next \u2192")
        self.next.setAccessibleName("Finish the tour" if last else "Next step")

    def _next_or_done(self) -> None:
        if self.index == len(TOUR_STEPS) - 1:
            self.accept()
        else:
            self.go(self.index + 1)
