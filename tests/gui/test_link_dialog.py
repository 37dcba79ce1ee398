"""Insert > Link…: a link made with the keyboard alone."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from _editor_helpers import make_window, small_diagram
from cld_editor.gui.dialogs.link_dialog import NewLinkDialog


def test_dialog_is_filled_by_typing_and_refuses_an_existing_link(qtbot):
    d = small_diagram()
    dialog = NewLinkDialog(d)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.cause.setFocus()
    QTest.keyClicks(dialog.cause, "Jobs")
    QTest.keyClick(dialog.cause, Qt.Key.Key_Tab)
    dialog.cause.setCurrentIndex(dialog.cause.findText("Jobs"))
    dialog.effect.setCurrentIndex(dialog.effect.findText("Worklessness"))
    assert not ok.isEnabled() and "already has a link" in dialog.problem.text()
    dialog.effect.setCurrentIndex(dialog.effect.findText("Skills"))
    assert ok.isEnabled()
    assert dialog.chosen()[:2] == (d.variable_by_name("Jobs").id, d.variable_by_name("Skills").id)


def test_menu_action_adds_one_undoable_delayed_link(qtbot):
    window = make_window(qtbot, small_diagram())
    d = window.diagram
    jobs, skills = d.variable_by_name("Jobs").id, d.variable_by_name("Skills").id
    window.canvas.select_ids(variable_ids=[skills])

    def answer():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, NewLinkDialog)
        assert dialog.cause.currentData() == skills  # the selected variable is the cause
        dialog.effect.setCurrentIndex(dialog.effect.findData(jobs))
        dialog.effect.setCurrentIndex(dialog.effect.findData(jobs))
        dialog.sign.setCurrentIndex(dialog.sign.findData("-"))
        dialog.delay.setChecked(True)
        dialog.accept()

    # Skills -> Jobs exists in the small diagram; remove it first so the new link is allowed.
    existing = d.link_between(skills, jobs)
    window.canvas.select_ids(link_ids=[existing.id])
    window.act["delete"].trigger()
    window.canvas.select_ids(variable_ids=[skills])
    steps = window.undo_stack.count()
    QTimer.singleShot(0, answer)
    window.act["add_link"].trigger()
    link = d.link_between(skills, jobs)
    assert link is not None and (link.polarity, link.delay) == ("-", True)
    assert window.undo_stack.count() == steps + 1
    window.undo_stack.undo()
    assert d.link_between(skills, jobs) is None
