"""Presentation mode: the diagram for a room, built up step by step, then loop by loop.

Full screen, large type, nothing to edit.  The diagram appears in its build
order (see :mod:`cld_editor.analysis.presentation_steps`; a trainer can set it), then whole,
then each loop in turn: highlighted on the diagram, its story as the caption,
and a pulse running around it - growing on every lap for a reinforcing loop,
shrinking for a balancing one.

Keys (presenter remotes send Page Up/Page Down):

==========================================  =================================
Page Down, Right, Down, Space, Enter, N      next step
Page Up, Left, Up, Backspace, P              previous step
Home / End                                   first / last step
``+`` / ``-``                                pulse faster / slower
``.`` or ``B``                               pause or resume the pulse
Esc, Q                                       leave presentation mode
==========================================  =================================

A left click goes forward and a right click back.  The window draws with the
canvas's own scene and items, on a copy of the diagram, so nothing shown here
can change the file.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QElapsedTimer, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QFont, QKeyEvent, QMouseEvent, QPainter
from PySide6.QtWidgets import QFrame, QGraphicsView, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ...core.diagram import Diagram
from ..canvas import DiagramScene
from .pulse import LoopPath, PulseItem
from ...analysis.presentation_steps import Plan, Step, make_plan
from ..settings import Settings
from ..theme import LIGHT, Theme

#: Seconds for one lap of the pulse at normal speed, and the speed limits.
LAP_SECONDS = 3.0
SPEEDS = (0.25, 4.0)
FADE_MS = 450
ZOOM_MS = 500
FRAME_MS = 16
#: A loop is shown at most this much closer than the whole diagram.
MAX_LOOP_ZOOM = 2.2

NEXT_KEYS = {Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Space, Qt.Key.Key_Return,
             Qt.Key.Key_Enter, Qt.Key.Key_N}
PREVIOUS_KEYS = {Qt.Key.Key_PageUp, Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Backspace, Qt.Key.Key_P}


def preferred_font_points() -> int:
    """The caption size chosen in Preferences ("Presentation font size"), in points."""
    return Settings().present_font_size  # a broken stored value reads as the documented default (28)


def presentation_theme(window_theme: Theme | None) -> Theme:
    """Light for projectors (they wash out dark themes), unless the user chose high contrast."""
    if window_theme is not None and window_theme.name == "high-contrast":
        return window_theme
    return LIGHT


class PresentationWindow(QWidget):
    """Presentation mode on a diagram (or on a main window's diagram).

    Parameters
    ----------
    diagram : Diagram or object with ``diagram``
        What to present; a main window may be passed (its diagram and theme
        are used).  The window works on a copy.
    parent : QWidget, optional
    fullscreen : bool
        :meth:`show` fills the screen (tests and screenshots pass ``False``).
    theme : Theme, optional
        Colours; the light theme by default (projectors wash out dark ones).

    Signals
    -------
    step_changed(int)
        The index of the step now shown.
    """

    step_changed = Signal(int)

    def __init__(self, diagram: Any, parent: QWidget | None = None, fullscreen: bool = True,
                 theme: Theme | None = None) -> None:
        if not isinstance(diagram, Diagram) and hasattr(diagram, "diagram"):
            owner = diagram
            diagram = owner.diagram
            parent = None
            if theme is None:
                theme = presentation_theme(getattr(owner, "theme", None))
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("presentation")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.theme = theme or LIGHT
        self.source = diagram
        self.diagram = diagram.copy()
        self.fullscreen = fullscreen
        self.setWindowTitle(f"{self.diagram.title or 'Diagram'} \u2014 presentation")
        self.scene = DiagramScene(self.diagram, theme=self.theme, parent=self)
        self.scene.show_grid = False
        self.scene.setBackgroundBrush(QBrush(self.theme.canvas))
        self.view = QGraphicsView(self.scene)
        self.view.setObjectName("presentation-view")
        self.view.setInteractive(False)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.viewport().setCursor(Qt.CursorShape.BlankCursor if fullscreen else Qt.CursorShape.ArrowCursor)
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)
        self.heading = QLabel()
        self.heading.setObjectName("presentation-heading")
        self.caption = QLabel()
        self.caption.setObjectName("presentation-caption")
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.footer = QLabel()
        self.footer.setObjectName("presentation-footer")
        # Long headings and stories wrap or clip: they never widen the window past the screen.
        for label in (self.heading, self.caption, self.footer):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.heading.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.caption)
        layout.addWidget(self.footer)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._style()

        self.plan: Plan = make_plan(self.diagram)
        self.index = -1
        self.speed = 1.0
        self.paused = False
        self.pulse: PulseItem | None = None
        self._fading: dict[Any, float] = {}
        self._frame = QTimer(self)
        self._frame.setInterval(FRAME_MS)
        self._frame.timeout.connect(self._animate)
        self._clock = QElapsedTimer()
        self._fade_clock = QElapsedTimer()
        self._phase = 0.0
        self._whole = self.scene.content_rect(40)
        # Room to centre any part of the diagram: a view never scrolls past its scene rect.
        self.view.setSceneRect(self._whole.adjusted(-4000, -4000, 4000, 4000))
        self._shown_rect = QRectF(self._whole)
        self._zoom_from = QRectF(self._whole)
        self._zoom_to = QRectF(self._whole)
        self._zoom_clock = QElapsedTimer()
        self.go(0)

    # -------------------------------------------------------------- look
    def _style(self) -> None:
        t = self.theme
        self.setStyleSheet(
            f"QWidget#presentation {{ background: {t.canvas.name()}; }}"
            f"QLabel {{ color: {t.text.name()}; background: transparent; }}"
            f"QLabel#presentation-footer {{ color: {t.muted.name()}; }}"
        )
        self.setAutoFillBackground(True)

    def _scale_fonts(self) -> None:
        # The caption at the preferred size (Preferences), made smaller only
        # when the screen could not hold four lines of story and the diagram.
        preferred = preferred_font_points() * self.logicalDpiY() / 72.0
        unit = max(12.0, min(preferred, 1.1 * min(self.height() / 32.0, self.width() / 42.0)))
        for label, factor, bold in ((self.heading, 1.45, True), (self.caption, 1.0, False),
                                    (self.footer, 0.55, False)):
            font = QFont(label.font())
            font.setPixelSize(int(unit * factor))
            font.setBold(bold)
            label.setFont(font)
        margin = int(unit * 0.9)
        self.layout().setContentsMargins(margin, int(margin * 0.6), margin, int(margin * 0.5))
        # Four lines of story at the bottom, always the same height, so the
        # diagram above never jumps from one step to the next.
        self._unit = unit
        self.caption.setFixedHeight(int(unit * 1.4 * 4))
        self._fit_caption()

    def _fit_caption(self) -> None:
        """Shrink the caption's type until a long story fits its four lines."""
        unit = getattr(self, "_unit", None)
        if unit is None:
            return
        width = max(self.caption.width(), self.width() - 2 * self.layout().contentsMargins().left(), 100)
        font = QFont(self.caption.font())
        size = int(unit)
        while True:
            font.setPixelSize(size)
            self.caption.setFont(font)
            if size <= 12 or self.caption.heightForWidth(width) <= self.caption.maximumHeight():
                break
            size -= 1

    def show(self) -> None:
        if self.fullscreen:
            self.showFullScreen()
        else:
            super().show()
        self.activateWindow()
        self.setFocus()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._scale_fonts()
        self._fit()

    def _fit(self) -> None:
        self.view.fitInView(self._shown_rect, Qt.AspectRatioMode.KeepAspectRatio)

    def target_rect(self, step: Step) -> QRectF:
        """What the view frames: what is built so far, the whole diagram, or a loop and its surroundings."""
        if step.kind == "whole" or (step.kind == "build" and step.visible == frozenset(self.diagram.variables)):
            return QRectF(self._whole)
        if step.loop is not None:
            variables, links = step.loop.variables, step.loop.links
        else:
            variables = [v for v in self.diagram.variables if v in step.visible]
            links = [lid for lid, link in self.diagram.links.items()
                     if link.source in step.visible and link.target in step.visible]
        rect = QRectF()
        for vid in variables:
            rect |= self.scene.variables[vid].sceneBoundingRect()
        for lid in links:
            rect |= self.scene.links[lid].sceneBoundingRect()
        rect = rect.adjusted(-70, -70, 70, 70)
        # Not closer than MAX_LOOP_ZOOM times the whole view, and centred on what is framed.
        least_w = self._whole.width() / MAX_LOOP_ZOOM
        least_h = self._whole.height() / MAX_LOOP_ZOOM
        centre = rect.center()
        w, h = max(rect.width(), least_w), max(rect.height(), least_h)
        return QRectF(centre.x() - w / 2, centre.y() - h / 2, w, h)

    def _zoom(self, rect: QRectF, animate: bool) -> None:
        self._zoom_from = QRectF(self._shown_rect)
        self._zoom_to = QRectF(rect)
        if not animate or not self.isVisible():
            self._shown_rect = QRectF(rect)
            self._fit()
            return
        self._zoom_clock.start()

    def _zooming(self) -> bool:
        return self._shown_rect != self._zoom_to

    def _step_zoom(self) -> None:
        share = min(1.0, self._zoom_clock.elapsed() / ZOOM_MS) if self._zoom_clock.isValid() else 1.0
        ease = 1 - (1 - share) ** 3
        a, b = self._zoom_from, self._zoom_to
        self._shown_rect = QRectF(a.x() + (b.x() - a.x()) * ease, a.y() + (b.y() - a.y()) * ease,
                                  a.width() + (b.width() - a.width()) * ease,
                                  a.height() + (b.height() - a.height()) * ease)
        if share >= 1.0:
            self._shown_rect = QRectF(b)
        self._fit()

    # ------------------------------------------------------------- steps
    @property
    def step(self) -> Step:
        return self.plan[self.index]

    def next(self) -> None:
        self.go(self.index + 1)

    def previous(self) -> None:
        self.go(self.index - 1)

    def go(self, index: int) -> None:
        """Show step ``index`` (clamped to the plan)."""
        if not len(self.plan):
            self.heading.setText(self.diagram.title or "An empty diagram")
            self.caption.setText("There is nothing to present yet: add some variables and links first.")
            self.footer.setText("Esc to leave")
            return
        index = max(0, min(index, len(self.plan) - 1))
        forward = index == self.index + 1
        previous = self.step.visible if self.index >= 0 else frozenset()
        self.index = index
        step = self.step
        self._show_items(step, previous if forward else step.visible)
        self._set_pulse(step)
        self._zoom(self.target_rect(step), animate=True)
        self._run_timer()
        self.heading.setText(step.heading)
        self.caption.setText(step.caption)
        self._fit_caption()
        self._update_footer()
        self.step_changed.emit(index)

    def _update_footer(self) -> None:
        step = self.step
        parts = [f"Step {self.index + 1} of {len(self.plan)}"]
        if step.kind == "loop":
            state = "paused" if self.paused else f"speed \u00d7{self.speed:g}"
            parts.append(f"pulse {state} (+/\u2212, B to pause)")
        parts.append("\u2192 next  \u00b7  \u2190 back  \u00b7  Esc to leave")
        self.footer.setText("   \u00b7   ".join(parts))

    def _show_items(self, step: Step, already: frozenset[str]) -> None:
        scene = self.scene
        visible = step.visible
        scene.clear_highlight()
        whole = step.kind != "build"
        for vid, item in scene.variables.items():
            item.setVisible(vid in visible)
        for lid, item in scene.links.items():
            link = self.diagram.links[lid]
            item.setVisible(link.source in visible and link.target in visible)
        for label_id, item in scene.loop_labels.items():
            label = self.diagram.loop_labels[label_id]
            item.setVisible(whole and all(v in visible for v in label.members))
        for item in scene.notes.values():
            item.setVisible(whole)
        if step.loop is not None:
            scene.highlight(step.loop.variables, step.loop.links)
            for label_id, item in scene.loop_labels.items():
                if frozenset(self.diagram.loop_labels[label_id].members) == frozenset(step.loop.variables):
                    item.setOpacity(1.0)
        # New arrivals fade in: the variables this step adds and their links.
        self._fading = {}
        if step.kind == "build":
            for vid in visible - already:
                self._fading[scene.variables[vid]] = 0.0
            for lid, item in scene.links.items():
                link = self.diagram.links[lid]
                if item.isVisible() and not (link.source in already and link.target in already):
                    self._fading[item] = 0.0
            for item in self._fading:
                item.setOpacity(0.0)
            self._fade_clock.start()
        self._run_timer()

    def _set_pulse(self, step: Step) -> None:
        if self.pulse is not None:
            self.scene.removeItem(self.pulse)
            self.pulse = None
        if step.loop is None:
            self._run_timer()
            return
        route = LoopPath(self.scene, step.loop.links)
        colour = {"R": self.theme.reinforcing, "B": self.theme.balancing}.get(step.loop.polarity, self.theme.unknown)
        self.pulse = PulseItem(route, step.loop.polarity, colour)
        self.scene.addItem(self.pulse)
        self._phase = 0.0
        self.pulse.set_phase(0.0)
        self._clock.start()
        self._run_timer()

    # --------------------------------------------------------- animation
    def _run_timer(self) -> None:
        wanted = bool(self._fading) or (self.pulse is not None and not self.paused) or self._zooming()
        if wanted and not self._frame.isActive() and self.isVisible():
            self._clock.start()
            self._frame.start()
        elif not wanted:
            self._frame.stop()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._run_timer()

    def advance(self, seconds: float) -> None:
        """Move the pulse on by ``seconds`` of animation time (the frame timer calls this)."""
        if self.pulse is not None and not self.paused:
            laps = seconds * self.speed / LAP_SECONDS
            self._phase = (self._phase + laps) % 1.0
            self.pulse.set_phase(self._phase)

    def _animate(self) -> None:
        elapsed = self._clock.restart() / 1000.0
        self.advance(min(elapsed, 0.1))
        if self._fading:
            share = min(1.0, self._fade_clock.elapsed() / FADE_MS)
            for item in self._fading:
                item.setOpacity(share)
            if share >= 1.0:
                self._fading = {}
        if self._zooming():
            self._step_zoom()
        self._run_timer()

    def finish_transitions(self) -> None:
        """End the fade-in and the zoom at once (for screenshots and tests)."""
        for item in self._fading:
            item.setOpacity(1.0)
        self._fading = {}
        self._shown_rect = QRectF(self._zoom_to)
        self._fit()
        self._run_timer()

    def set_speed(self, speed: float) -> None:
        """Set the pulse speed (1 = a lap in :data:`LAP_SECONDS`), within :data:`SPEEDS`."""
        self.speed = round(max(SPEEDS[0], min(SPEEDS[1], speed)), 3)
        self._update_footer()

    def toggle_pause(self) -> None:
        self.paused = not self.paused
        self._update_footer()
        self._run_timer()

    # -------------------------------------------------------------- input
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        text = event.text()
        if key in NEXT_KEYS:
            self.next()
        elif key in PREVIOUS_KEYS:
            self.previous()
        elif key == Qt.Key.Key_Home:
            self.go(0)
        elif key == Qt.Key.Key_End:
            self.go(len(self.plan) - 1)
        elif text == "+" or key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.set_speed(self.speed * 1.25)
        elif text == "-" or key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.set_speed(self.speed / 1.25)
        elif key in (Qt.Key.Key_Period, Qt.Key.Key_B):
            self.toggle_pause()
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_Q):
            self.close()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.next()
        elif event.button() == Qt.MouseButton.RightButton:
            self.previous()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        kind = event.type()
        if kind == event.Type.MouseButtonPress:
            self.mousePressEvent(event)
            return True
        if kind in (event.Type.Wheel, event.Type.MouseButtonDblClick, event.Type.MouseMove):
            return True  # nothing to scroll, zoom or drag here
        if kind == event.Type.KeyPress:
            self.keyPressEvent(event)
            return True
        return super().eventFilter(watched, event)

    def closeEvent(self, event) -> None:  # noqa: N802
        self._frame.stop()
        self.scene.detach()
        super().closeEvent(event)
