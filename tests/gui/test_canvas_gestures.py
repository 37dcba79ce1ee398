"""Drawing and editing with real mouse and keyboard gestures on the canvas."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from _editor_helpers import click, double_click, drag, make_window, small_diagram


def _names(window) -> list[str]:
    return [v.name for v in window.diagram.variables.values()]


def test_double_click_adds_a_variable_named_in_place(qtbot):
    window = make_window(qtbot)
    view = window.view
    double_click(view, (40, 60))
    assert view.editor is not None and view.editor.isVisible()
    QTest.keyClicks(view.editor, "Jobs")
    QTest.keyClick(view.editor, Qt.Key.Key_Return)
    assert _names(window) == ["Jobs"]
    jobs = next(iter(window.diagram.variables.values()))
    assert (jobs.x, jobs.y) == (40, 60)
    assert window.undo_stack.count() == 1
    assert window.isWindowModified()
    window.undo_stack.undo()
    assert _names(window) == []


def test_escape_cancels_the_new_name(qtbot):
    window = make_window(qtbot)
    double_click(window.view, (0, 0))
    QTest.keyClicks(window.view.editor, "Nothing")
    QTest.keyClick(window.view.editor, Qt.Key.Key_Escape)
    assert _names(window) == [] and window.undo_stack.count() == 0


def test_a_taken_name_is_refused_with_a_message(qtbot):
    window = make_window(qtbot, small_diagram())
    double_click(window.view, (150, -150))
    QTest.keyClicks(window.view.editor, "jobs")
    QTest.keyClick(window.view.editor, Qt.Key.Key_Return)
    assert len(window.diagram.variables) == 3
    assert "already" in window.statusBar().currentMessage()


def test_drag_from_the_edge_of_a_variable_links_it(qtbot):
    window = make_window(qtbot)
    d = window.diagram
    a = d.new_variable("Stress", 0, 0)
    b = d.new_variable("Sleep", 300, 0)
    ring = window.canvas.variables[a.id].scene_label_rect().right() + 4
    drag(window.view, (ring, 0), (300, 0))
    link = d.link_between(a.id, b.id)
    assert link is not None and link.polarity == "+"
    assert window.undo_stack.count() == 1
    assert window.canvas.selected("link") == [link.id]


def test_dragging_the_middle_of_a_variable_moves_it_in_one_step(qtbot):
    window = make_window(qtbot, small_diagram())
    d = window.diagram
    jobs = d.variable_by_name("Jobs")
    link_item = window.canvas.links[d.link_between(jobs.id, d.variable_by_name("Worklessness").id).id]
    before_path = link_item._path.boundingRect()
    drag(window.view, (0, 0), (40, 90))
    moved = d.variables[jobs.id]
    assert (moved.x, moved.y) == (40, 90)
    assert not d.links_of(jobs.id) == []
    assert link_item._path.boundingRect() != before_path  # links follow
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert (d.variables[jobs.id].x, d.variables[jobs.id].y) == (0, 0)
    assert window.canvas.variables[jobs.id].pos() == QPointF(0, 0)


def test_link_tool_links_from_anywhere_on_a_variable(qtbot):
    window = make_window(qtbot, small_diagram())
    d = window.diagram
    window.set_tool("link")
    drag(window.view, (300, 0), (0, 0))
    assert d.link_between(d.variable_by_name("Worklessness").id, d.variable_by_name("Jobs").id) is not None
    assert all((v.x, v.y) != (0, 0) or v.name == "Jobs" for v in d.variables.values())


def test_keys_set_polarity_and_delay_of_the_selected_link(qtbot):
    window = make_window(qtbot, small_diagram())
    d = window.diagram
    jobs, work = d.variable_by_name("Jobs"), d.variable_by_name("Worklessness")
    link = d.link_between(jobs.id, work.id)
    click(window.view, (150, 0))
    assert window.canvas.selected("link") == [link.id]
    view = window.view
    QTest.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.NoModifier)
    assert d.links[link.id].polarity == "+"
    QTest.keyClick(view, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    assert d.links[link.id].polarity == "?"
    QTest.keyClick(view, Qt.Key.Key_Minus)
    assert d.links[link.id].polarity == "-"
    QTest.keyClick(view, Qt.Key.Key_D)
    assert d.links[link.id].delay is True
    QTest.keyClick(view, Qt.Key.Key_D)
    assert d.links[link.id].delay is False
    for _ in range(5):
        window.undo_stack.undo()
    assert d.links[link.id] == link


def test_double_click_a_variable_renames_it(qtbot):
    window = make_window(qtbot, small_diagram())
    d = window.diagram
    double_click(window.view, (0, 0))
    editor = window.view.editor
    assert editor.text() == "Jobs"
    editor.selectAll()
    QTest.keyClicks(editor, "Local jobs")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    assert d.variable_by_name("Local jobs") is not None and d.variable_by_name("Jobs") is None
    window.undo_stack.undo()
    assert d.variable_by_name("Jobs") is not None


def test_delete_takes_the_links_and_undo_restores_exactly(qtbot):
    original = small_diagram()
    window = make_window(qtbot, small_diagram())
    click(window.view, (300, 0))
    QTest.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.diagram.variable_by_name("Worklessness") is None
    assert len(window.diagram.links) == 1
    assert len(window.canvas.links) == 1
    window.undo_stack.undo()
    assert window.diagram == original
    assert len(window.canvas.links) == 3


def test_rubber_band_selects_several_and_moves_them_together(qtbot):
    window = make_window(qtbot, small_diagram())
    drag(window.view, (-80, -60), (380, 40))
    assert sorted(window.canvas.selected("variable")) == sorted(
        [window.diagram.variable_by_name(n).id for n in ("Jobs", "Worklessness")])
    drag(window.view, (0, 0), (0, -50))
    d = window.diagram
    assert d.variable_by_name("Jobs").y == -50 and d.variable_by_name("Worklessness").y == -50
    assert d.variable_by_name("Skills").y == 220
    assert window.undo_stack.count() == 1


def test_bend_handle_sets_curvature(qtbot):
    window = make_window(qtbot, small_diagram())
    d = window.diagram
    jobs, work = d.variable_by_name("Jobs"), d.variable_by_name("Worklessness")
    link = d.link_between(jobs.id, work.id)
    click(window.view, (150, 0))
    handle = window.canvas.links[link.id].handle_pos()
    drag(window.view, (handle.x(), handle.y()), (150, -60))
    # Travelling right, "left" is up the screen: 60 px over a 300 px chord.
    assert abs(d.links[link.id].curvature - 0.2) < 0.01
    assert window.undo_stack.count() == 1


def test_copy_paste_between_windows_renames_clashes(qtbot):
    first = make_window(qtbot, small_diagram())
    first.select_all()
    first.act["copy"].trigger()
    second = make_window(qtbot)
    second.paste()
    assert sorted(_names(second)) == ["Jobs", "Skills", "Worklessness"]
    assert len(second.diagram.links) == 3
    first.paste()
    assert "Jobs 2" in _names(first) and len(first.diagram.links) == 6
    first.undo_stack.undo()
    assert first.diagram == small_diagram()


def test_find_selects_and_centres_a_variable(qtbot):
    window = make_window(qtbot, small_diagram())
    assert window.find_variable("skil")
    assert window.canvas.selected("variable") == [window.diagram.variable_by_name("Skills").id]
    assert not window.find_variable("nothing like it")


def test_align_and_layout_are_single_undo_steps(qtbot):
    window = make_window(qtbot, small_diagram())
    window.select_all()
    window.act["align_top"].trigger()
    ys = {round(window.canvas.variables[v].sceneBoundingRect().top(), 3) for v in window.diagram.variables}
    assert len(ys) == 1
    window.act["layout"].trigger()
    assert window.undo_stack.count() == 2
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert window.diagram == small_diagram()


def test_highlight_dims_the_rest(qtbot):
    window = make_window(qtbot, small_diagram())
    d = window.diagram
    jobs = d.variable_by_name("Jobs").id
    window.canvas.highlight([jobs], [])
    assert window.canvas.variables[jobs].opacity() == 1.0
    other = d.variable_by_name("Skills").id
    assert window.canvas.variables[other].opacity() < 0.5
    window.canvas.clear_highlight()
    assert window.canvas.variables[other].opacity() == 1.0


def test_selection_signal_carries_ids(qtbot):
    window = make_window(qtbot, small_diagram())
    seen = []
    window.selection_changed.connect(lambda v, l: seen.append((v, l)))
    click(window.view, (0, 0))
    assert seen[-1] == ([window.diagram.variable_by_name("Jobs").id], [])


def test_far_zoom_draws_an_overview_and_exports_in_full(qtbot, monkeypatch, tmp_path):
    from cld_editor.gui.canvas import overview as overview_module

    monkeypatch.setattr(overview_module, "FAR_MIN_ITEMS", 1)
    window = make_window(qtbot, small_diagram())
    window.view.set_zoom(0.2)
    assert window.canvas.far
    assert all(item.opacity() == 0.0 for item in window.canvas.variables.values())
    window.view.viewport().repaint()
    assert window.export_to(str(tmp_path / "far.svg"))
    assert ">Skills<" in "".join((tmp_path / "far.svg").read_text(encoding="utf-8").split())
    assert window.canvas.far
    window.canvas.highlight([window.diagram.variable_by_name("Jobs").id], [])
    assert not window.canvas.far  # a highlight always draws in full
    window.canvas.clear_highlight()
    window.view.set_zoom(1.0)
    assert not window.canvas.far
    assert all(item.opacity() == 1.0 for item in window.canvas.variables.values())


def test_arrow_keys_nudge_and_escape_clears(qtbot):
    window = make_window(qtbot, small_diagram())
    click(window.view, (0, 0))
    QTest.keyClick(window.view, Qt.Key.Key_Right)
    QTest.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    jobs = window.diagram.variable_by_name("Jobs")
    assert (jobs.x, jobs.y) == (1, 10)
    QTest.keyClick(window.view, Qt.Key.Key_Escape)
    assert not window.canvas.selectedItems()


def test_a_link_from_a_variable_to_itself(qtbot):
    window = make_window(qtbot, small_diagram())
    d = window.diagram
    window.set_tool("link")
    # Leave the variable and come back: a loop of length one.
    a = QPointF(0, 0)
    from _editor_helpers import vp

    viewport = window.view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, vp(window.view, a))
    for point in ((0, -40), (0, -80), (10, -40), (0, 0)):
        QTest.mouseMove(viewport, vp(window.view, point), 5)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, vp(window.view, a), 5)
    jobs = d.variable_by_name("Jobs").id
    assert d.link_between(jobs, jobs) is not None
    assert window.canvas.links[d.link_between(jobs, jobs).id].boundingRect().top() < -40


def test_a_link_and_its_reverse_curve_apart(qtbot):
    window = make_window(qtbot, small_diagram())
    d = window.diagram
    jobs, work = d.variable_by_name("Jobs").id, d.variable_by_name("Worklessness").id
    window.canvas.add_link(work, jobs)
    there = window.canvas.links[d.link_between(jobs, work).id]
    back = window.canvas.links[d.link_between(work, jobs).id]
    assert there.has_reverse and back.has_reverse
    assert there.handle_pos().y() < 0 < back.handle_pos().y()
    window.undo_stack.undo()
    assert not there.has_reverse and there.handle_pos().y() == 0
