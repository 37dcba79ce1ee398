"""Gestures that forgive: a loop highlight ends with a click on empty canvas or Esc anywhere."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from _editor_helpers import click, drag, make_window, small_diagram, vp


def _show_a_loop(qtbot, window):
    panel = window.loop_panels.loops
    qtbot.waitUntil(lambda: panel.live.outcome is not None and not panel.live.running, timeout=10000)
    panel.next_action.trigger()
    assert panel.current_loop() is not None
    skills = window.diagram.variable_by_name("Skills").id
    assert window.canvas.variables[skills].opacity() == 1.0
    return panel


def _dimmed(window) -> bool:
    return any(item.opacity() < 1.0 for item in window.canvas.links.values())


def test_a_click_on_empty_canvas_ends_the_loop_highlight(qtbot):
    d = small_diagram()
    d.new_variable("Apart", 600, 400)  # on no loop: dimmed while the loop shows
    window = make_window(qtbot, d)
    panel = _show_a_loop(qtbot, window)
    assert window.canvas.variables[d.variable_by_name("Apart").id].opacity() < 1.0
    click(window.view, (150, -150))
    assert not _dimmed(window)
    assert all(item.opacity() == 1.0 for item in window.canvas.variables.values())
    assert panel.current_loop() is None  # the panel no longer claims to show it


def test_a_click_on_a_variable_keeps_the_highlight(qtbot):
    window = make_window(qtbot, small_diagram())
    panel = _show_a_loop(qtbot, window)
    click(window.view, (0, 0))  # on "Jobs"
    assert panel.current_loop() is not None


def test_escape_on_the_canvas_ends_the_loop_highlight(qtbot):
    d = small_diagram()
    d.new_variable("Apart", 600, 400)
    window = make_window(qtbot, d)
    panel = _show_a_loop(qtbot, window)
    window.view.setFocus()
    QTest.keyClick(window.view.viewport(), Qt.Key.Key_Escape)
    assert window.canvas.variables[d.variable_by_name("Apart").id].opacity() == 1.0
    assert panel.current_loop() is None


def test_escape_elsewhere_in_the_window_ends_the_loop_highlight(qtbot):
    d = small_diagram()
    d.new_variable("Apart", 600, 400)
    window = make_window(qtbot, d)
    panel = _show_a_loop(qtbot, window)
    window.history.setFocus()  # the History panel
    QTest.keyClick(window.history, Qt.Key.Key_Escape)
    assert window.canvas.variables[d.variable_by_name("Apart").id].opacity() == 1.0
    assert panel.current_loop() is None


def test_a_variable_dropped_on_another_is_nudged_aside_in_the_same_step(qtbot):
    window = make_window(qtbot, small_diagram())
    d = window.diagram
    jobs, skills = d.variable_by_name("Jobs"), d.variable_by_name("Skills")
    drag(window.view, (150, 220), (4, 2))  # Skills dropped on Jobs
    moved = d.variables[skills.id]
    assert (moved.x, moved.y) != (150, 220)
    a = window.canvas.variables[jobs.id].scene_label_rect()
    b = window.canvas.variables[skills.id].scene_label_rect()
    assert not a.intersects(b)
    assert abs(moved.x - 4) + abs(moved.y - 2) < 120  # near where it was dropped
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert (d.variables[skills.id].x, d.variables[skills.id].y) == (150, 220)


def test_a_drop_on_free_canvas_lands_exactly_where_it_was_dropped(qtbot):
    window = make_window(qtbot, small_diagram())
    d = window.diagram
    drag(window.view, (150, 220), (150, 120))
    skills = d.variable_by_name("Skills")
    assert (skills.x, skills.y) == (150, 120)


def test_the_link_handle_stays_ten_screen_pixels_wide_when_zoomed_out(qtbot):
    window = make_window(qtbot)
    d = window.diagram
    a = d.new_variable("Stress", 0, 0)
    b = d.new_variable("Sleep", 500, 0)
    window.view.set_zoom(0.4, QPointF(250, 0))
    edge = window.canvas.variables[a.id].scene_label_rect().right()
    # 8 screen pixels (20 scene units at 40 %) outside the name: on the handle, not on the canvas.
    assert window.canvas.variables[a.id].in_connector(QPointF(edge + 20, 0))
    drag(window.view, (edge + 20, 0), (500, 0))
    link = d.link_between(a.id, b.id)
    assert link is not None
    assert window.undo_stack.count() == 1


def test_at_actual_size_the_handle_is_as_before_and_the_middle_still_moves(qtbot):
    window = make_window(qtbot)
    d = window.diagram
    a = d.new_variable("Stress", 0, 0)
    item = window.canvas.variables[a.id]
    assert not item.in_connector(QPointF(item.scene_label_rect().right() + 12, 0))
    drag(window.view, (0, 0), (60, 40))
    assert (d.variables[a.id].x, d.variables[a.id].y) == (60, 40)


def test_escape_while_drawing_a_link_draws_nothing(qtbot):
    window = make_window(qtbot)
    d = window.diagram
    a = d.new_variable("Stress", 0, 0)
    d.new_variable("Sleep", 300, 0)
    viewport = window.view.viewport()
    ring = window.canvas.variables[a.id].scene_label_rect().right() + 4
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, vp(window.view, (ring, 0)))
    QTest.mouseMove(viewport, vp(window.view, (300, 0)), 5)
    window.view.setFocus()
    QTest.keyClick(viewport, Qt.Key.Key_Escape)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, vp(window.view, (300, 0)))
    assert not d.links and window.undo_stack.count() == 0
    assert not any(item.scene() is not None and type(item).__name__ == "QGraphicsPathItem"
                   for item in window.canvas.items())


def test_escape_while_moving_puts_the_variable_back(qtbot):
    window = make_window(qtbot, small_diagram())
    d = window.diagram
    jobs = d.variable_by_name("Jobs")
    viewport = window.view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, vp(window.view, (0, 0)))
    for step in range(1, 5):
        QTest.mouseMove(viewport, vp(window.view, (20 * step, 10 * step)), 5)
    window.view.setFocus()
    QTest.keyClick(viewport, Qt.Key.Key_Escape)
    QTest.mouseMove(viewport, vp(window.view, (120, 60)), 5)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, vp(window.view, (120, 60)))
    assert (d.variables[jobs.id].x, d.variables[jobs.id].y) == (0, 0)
    assert window.canvas.variables[jobs.id].pos() == QPointF(0, 0)
    assert window.undo_stack.count() == 0
