"""The Equations panel: list, plain words, validation as you type, undoable edits."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from cld_editor.core import Diagram
from cld_editor.gui.panels.equations import EquationsPanel, pretty


@pytest.fixture
def setup(qtbot):
    d = Diagram()
    wl = d.new_variable("Waiting List", kind="stock", initial=50)
    ref = d.new_variable("Referrals")
    tr = d.new_variable("Treatments")
    cap = d.new_variable("Capacity", kind="constant", equation="30")
    d.new_link(ref.id, wl.id, "+")
    d.new_link(tr.id, wl.id, "-")
    d.new_link(cap.id, tr.id, "+")
    stack = QUndoStack()
    panel = EquationsPanel(d, stack)
    qtbot.addWidget(panel)
    panel.show()
    return d, stack, panel


def rows(panel):
    return [[panel.tree.topLevelItem(i).text(c) for c in range(3)] for i in range(panel.tree.topLevelItemCount())]


def test_lists_every_equation_pretty_and_explained(setup):
    d, _, panel = setup
    assert rows(panel)[0] == ["Waiting List", "Stock", "referrals − treatments"]
    assert rows(panel)[3] == ["Capacity", "Constant", "30"]
    panel.select_variable(d.variable_by_name("Waiting List").id)
    assert panel.explanation.text() == "Waiting List grows with Referrals and falls with Treatments."
    assert panel.field_label.text() == "Rate of change" and not panel.initial.isHidden()
    assert "valid" in panel.banner.text()


def test_typing_validates_and_shows_the_column(setup, qtbot):
    d, stack, panel = setup
    panel.select_variable(d.variable_by_name("Treatments").id)
    panel.field.clear()
    qtbot.keyClicks(panel.field, "capacity * referrals")
    assert not panel.error.isHidden()
    assert "no link from Referrals to Treatments" in panel.error.text()
    assert not panel.apply_button.isEnabled()
    assert panel.apply() is False and stack.count() == 0
    panel.field.clear()
    qtbot.keyClicks(panel.field, "min(capacity, 20)")
    assert panel.error.isHidden()
    assert panel.apply_button.isEnabled()
    assert "Treatments" in panel.preview.text()


def test_apply_is_undoable_and_the_list_follows(setup, qtbot):
    d, stack, panel = setup
    tr = d.variable_by_name("Treatments").id
    panel.select_variable(tr)
    panel.field.setText("capacity / 2")
    panel.field.textEdited.emit(panel.field.text())
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert d.variables[tr].equation == "capacity / 2" and stack.count() == 1
    panel.refresh()
    assert rows(panel)[2][2] == "capacity / 2"
    stack.undo()
    assert d.variables[tr].equation is None
    panel.field.setText("capacity / 2")
    panel.apply()
    panel.use_generated()
    assert d.variables[tr].equation is None and stack.count() == 2


def test_kind_change_is_an_undoable_step(setup):
    d, stack, panel = setup
    ref = d.variable_by_name("Referrals").id
    panel.select_variable(ref)
    panel.kind.setCurrentIndex(panel.kind.findData("constant"))
    panel.kind.activated.emit(panel.kind.currentIndex())
    assert d.variables[ref].kind == "constant"
    stack.undo()
    assert d.variables[ref].kind == "auxiliary"


def test_errors_in_the_diagram_are_shown_in_red(setup, qtbot):
    d, _, panel = setup
    d.update_variable(d.variable_by_name("Treatments").id, equation="capacity +")
    qtbot.waitUntil(lambda: "need" in panel.banner.text())
    assert rows(panel)[2][2].startswith("⚠")


def test_algebraic_loop_is_named_in_the_banner(qtbot):
    d = Diagram()
    a, b = d.new_variable("Jobs"), d.new_variable("Spending")
    d.new_link(a.id, b.id, "+")
    d.new_link(b.id, a.id, "+")
    panel = EquationsPanel(d, QUndoStack())
    qtbot.addWidget(panel)
    panel.show()
    assert "no stock and no delay" in panel.banner.text() and "Jobs" in panel.banner.text()


def test_pretty():
    assert pretty("-a - b*c <> 2") == "−a − b·c ≠ 2"
