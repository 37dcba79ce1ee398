"""The window's other duties: crash recovery, dropped files, the properties panel, snapping."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest

from cld_editor.io import save

from _editor_helpers import drag, make_window, small_diagram


def test_crash_recovery_restores_the_autosave_as_unsaved_work(qtbot, tmp_path):
    from cld_editor.gui.app import offer_recovery
    from cld_editor.gui.window.main_window import WINDOWS

    path = tmp_path / "w.cld"
    save(small_diagram(), path)
    window = make_window(qtbot)
    window.open_file(str(path))
    window.select_all()
    window.view.set_polarity("?")
    window.autosaver.save_now()
    data = window.autosaver.data_path
    window.autosaver._lock.unlock()  # the program "crashed"
    asked = []
    restored = offer_recovery(ask=lambda orphan: asked.append(orphan) or orphan.data == data)
    try:
        assert any(o.data == data for o in asked)
        mine = [w for w in restored if w.file_path == str(path)]
        assert mine and mine[0].diagram == window.diagram
        assert mine[0].isWindowModified()
        assert not data.exists()  # offered once, then gone
    finally:
        for w in restored:
            w.undo_stack.setClean()
            w.close()
    assert all(w in WINDOWS for w in [window])


def test_dropping_a_file_opens_it(qtbot, tmp_path):
    path = tmp_path / "dropped.cld"
    save(small_diagram(), path)
    window = make_window(qtbot)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.file_path == str(path) and window.diagram == small_diagram()


def test_properties_panel_edits_are_undoable(qtbot):
    window = make_window(qtbot, small_diagram())
    d = window.diagram
    jobs = d.variable_by_name("Jobs")
    window.canvas.select_ids(variable_ids=[jobs.id])
    panel = window.properties
    assert panel.pages.currentWidget() is panel.variable_page
    panel.name_edit.setFocus()
    panel.name_edit.selectAll()
    QTest.keyClicks(panel.name_edit, "Vacancies")
    QTest.keyClick(panel.name_edit, Qt.Key.Key_Return)
    assert d.variables[jobs.id].name == "Vacancies"
    panel.kind_box.setCurrentIndex(panel.kind_box.findData("stock"))
    assert d.variables[jobs.id].kind == "stock"
    link = d.link_between(jobs.id, d.variable_by_name("Worklessness").id)
    window.canvas.select_ids(link_ids=[link.id])
    assert panel.pages.currentWidget() is panel.link_page
    panel.delay_check.setChecked(True)
    panel.confidence_box.setCurrentIndex(panel.confidence_box.findData("strong"))
    assert d.links[link.id].delay and d.links[link.id].evidence.confidence == "strong"
    while window.undo_stack.canUndo():
        window.undo_stack.undo()
    assert d == small_diagram()


def test_snap_to_grid_drops_on_the_grid(qtbot):
    window = make_window(qtbot, small_diagram())
    window.act["snap"].setChecked(True)
    window.toggle_snap()
    drag(window.view, (0, 0), (33, 47))
    jobs = window.diagram.variable_by_name("Jobs")
    assert (jobs.x, jobs.y) == (40, 40)
    window.act["snap"].setChecked(False)
    window.toggle_snap()
