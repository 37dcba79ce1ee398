"""Shared helpers for the editor's GUI tests: a window fixture and real mouse gestures."""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, QPoint, QPointF, QStandardPaths, Qt
from PySide6.QtTest import QTest

from cld_editor.core import Diagram


def isolate_settings() -> None:
    """Keep recent files, window geometry and autosaves of tests out of the user's folders."""
    QStandardPaths.setTestModeEnabled(True)
    QCoreApplication.setOrganizationName(f"cld-editor-tests-{os.getpid()}")  # one store per test process
    QCoreApplication.setApplicationName("cld-editor-tests")


def small_diagram() -> Diagram:
    d = Diagram(title="Small")
    jobs = d.new_variable("Jobs", 0, 0)
    work = d.new_variable("Worklessness", 300, 0)
    skills = d.new_variable("Skills", 150, 220)
    d.new_link(jobs.id, work.id, "-")
    d.new_link(work.id, skills.id, "-", delay=True)
    d.new_link(skills.id, jobs.id, "+")
    return d


def make_window(qtbot, diagram: Diagram | None = None, path: str | None = None):
    from cld_editor.gui.window.main_window import MainWindow
    from cld_editor.gui.theme import LIGHT

    isolate_settings()
    window = MainWindow(diagram, path, LIGHT, show_start=False)
    window.errors = []
    window.show_error = lambda title, text, details="": window.errors.append((title, text, details))
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    # Closing at the end of a test must not stop on the "unsaved changes" question.
    qtbot.addWidget(window, before_close_func=lambda w: w.undo_stack.setClean())
    window.resize(1100, 750)
    window.show()
    qtbot.waitExposed(window)
    window.view.set_zoom(1.0, QPointF(150, 100))
    return window


def vp(view, scene_point) -> QPoint:
    """A scene point in viewport coordinates."""
    return view.mapFromScene(QPointF(*scene_point) if isinstance(scene_point, tuple) else scene_point)


def click(view, scene_point, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, vp(view, scene_point))


def double_click(view, scene_point) -> None:
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                      vp(view, scene_point))


def drag(view, start, end, steps: int = 8) -> None:
    """Press at ``start``, move in steps, release at ``end`` (scene coordinates)."""
    a, b = vp(view, start), vp(view, end)
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for i in range(1, steps + 1):
        p = a + (b - a) * (i / steps)
        QTest.mouseMove(viewport, p, 5)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b, 5)
