"""The workshop features driven from the keyboard alone: every step below is a key press, never a click.

Compare With..., the merge's matching table (confirm or reject a close match),
View > Perspectives (which perspectives, the agreement threshold), Loops >
Evidence Gaps (filter, sort, choose a loop) and the Properties panel's evidence
fields, reached from the canvas.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from cld_editor.analysis.merge import merge
from cld_editor.core import Diagram, Evidence
from cld_editor.io.native import write_cld

from _editor_helpers import make_window, small_diagram

CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
ALT = Qt.KeyboardModifier.AltModifier


def build(*links) -> Diagram:
    d = Diagram()
    for a, b, sign in links:
        ids = [(d.variable_by_name(n) or d.new_variable(n, len(d.variables) * 220, 0)).id for n in (a, b)]
        d.new_link(*ids, sign)
    return d


def activate(qtbot, window) -> None:
    with qtbot.waitActive(window):
        window.activateWindow()


def key(keycode, modifier=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
    """Press a key where the keyboard focus is, as a user would."""
    for _ in range(times):
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        QTest.keyClick(widget, keycode, modifier)


def typed(text: str) -> None:
    QTest.keyClicks(QApplication.focusWidget(), text)


def focused_dialog(qtbot, cls):
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), cls))
    return QApplication.activeWindow()


def test_workshop_menu_entries_have_their_own_mnemonics_and_shortcuts(qtbot):
    window = make_window(qtbot)
    for menu_name in ("File", "View", "Loops"):
        letters: dict[str, list[str]] = {}
        for action in window.menu(menu_name).actions():
            found = re.search(r"&(\w)", action.text())
            if found:
                letters.setdefault(found.group(1).lower(), []).append(action.text())
        for act_key in ("compare_with", "merge_perspectives", "perspectives", "evidence_gaps", "legend"):
            act = window.workshop.actions.get(act_key) or window.act.get(act_key)
            if act in window.menu(menu_name).actions():
                letter = re.search(r"&(\w)", act.text()).group(1).lower()
                assert letters[letter] == [act.text()], f"{menu_name}: Alt+{letter} is shared by {letters[letter]}"
                assert not act.shortcut().isEmpty(), act.text()


def test_merge_matching_table_confirm_and_reject_by_keyboard(qtbot, tmp_path):
    from cld_editor.gui.dialogs.merge_perspectives import MergeDialog

    tutor = build(("Attendance", "Grades", "+"), ("Grades", "Motivation", "+"))
    parent = build(("Attendence", "Grades", "+"), ("Grades", "Motivaton", "-"))
    paths = []
    for name, d in (("tutor", tutor), ("parent", parent)):
        (tmp_path / f"{name}.cld").write_bytes(write_cld(d))
        paths.append(str(tmp_path / f"{name}.cld"))
    window = make_window(qtbot)
    activate(qtbot, window)
    opened = []
    window.workshop.open_merged = lambda result: opened.append(result)
    window.workshop.merge_perspectives(paths)
    dialog = focused_dialog(qtbot, MergeDialog)
    assert QApplication.focusWidget() is dialog.table
    rows = [dialog.table.item(r, 1).text().split("  ")[0] for r in range(dialog.table.rowCount())]
    assert sorted(rows) == ["Attendance", "Motivation"]
    key(Qt.Key.Key_Space)  # confirm the first close match
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_Right)  # Space works on any cell of the row, not only the tick box
    key(Qt.Key.Key_Space)  # confirm the second ...
    assert len(dialog.confirmed()) == 2
    key(Qt.Key.Key_Space)  # ... and take it back: rejected
    assert dialog.confirmed() == [(dialog.candidates[0].first, dialog.candidates[0].second)]
    key(Qt.Key.Key_Return)  # Enter merges
    qtbot.waitUntil(lambda: bool(opened))
    names = sorted(v.name for v in opened[0].diagram.variables.values())
    kept_apart = {"Motivation", "Motivaton"} if rows[0] == "Attendance" else {"Attendance", "Attendence"}
    assert kept_apart <= set(names) and len(names) == 4


def test_perspectives_and_threshold_by_keyboard(qtbot):
    from cld_editor.gui.dialogs.perspectives import PerspectivesDialog

    tutor = build(("Attendance", "Grades", "+"), ("Grades", "Motivation", "+"), ("Motivation", "Attendance", "+"))
    adviser = build(("Motivation", "Attendance", "+"), ("Grades", "Motivation", "+"))
    window = make_window(qtbot, merge([("tutor", tutor), ("adviser", adviser)]).diagram)
    d = window.diagram
    activate(qtbot, window)
    window.view.setFocus()
    key(Qt.Key.Key_P, CTRL_ALT)
    dialog = focused_dialog(qtbot, PerspectivesDialog)
    assert QApplication.focusWidget() is dialog.choices
    key(Qt.Key.Key_Space)  # the tutor off
    assert dialog.chosen() == ["adviser"]
    key(Qt.Key.Key_Space)  # and on again
    key(Qt.Key.Key_A, ALT)  # to the agreement threshold
    assert QApplication.focusWidget() is dialog.threshold
    key(Qt.Key.Key_Right)
    assert dialog.threshold.value() == 2
    both = {lid for lid, link in d.links.items() if len(link.perspectives) == 2}
    assert set(dialog.visible()[1]) == both and len(both) == 2
    key(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert all(window.canvas.item_for("link", lid).opacity() == 1.0 for lid in d.links)


def test_evidence_gaps_filter_sort_and_choose_by_keyboard(qtbot):
    from cld_editor.gui.dialogs.evidence_gaps import EvidenceGapsDialog

    d = small_diagram()
    d.update_link("l1", evidence=Evidence("hypothesis"))
    b = d.new_variable("Benefits", 450, 220)
    work = d.variable_by_name("Worklessness").id
    d.new_link(work, b.id, "+", evidence=Evidence("strong"))
    d.new_link(b.id, work, "-", evidence=Evidence("moderate"))
    window = make_window(qtbot, d)
    activate(qtbot, window)
    window.view.setFocus()
    key(Qt.Key.Key_G, CTRL_ALT)
    dialog = focused_dialog(qtbot, EvidenceGapsDialog)
    assert dialog.table.rowCount() == 1
    key(Qt.Key.Key_E, ALT)  # "Only evidence gaps" off: every loop (a mnemonic clicks after a short animation)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    key(Qt.Key.Key_S, ALT)  # the sort order, without the mouse on a column header
    assert QApplication.focusWidget() is dialog.sort_box
    levels = lambda: [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]  # noqa: E731
    assert levels() == ["hypothesis", "moderate"]
    key(Qt.Key.Key_Down)
    assert levels() == ["moderate", "hypothesis"]
    key(Qt.Key.Key_L, ALT)  # to the loops
    assert QApplication.focusWidget() is dialog.table
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_Down)  # the hypothesis loop: highlighted on the canvas
    assert window.canvas.item_for("link", "l1").opacity() == 1.0
    assert window.canvas.item_for("variable", b.id).opacity() < 1.0


def test_compare_by_keyboard(qtbot, tmp_path):
    from cld_editor.gui.dialogs.compare import CompareDialog

    old = small_diagram()
    new = small_diagram()
    new.update_link("l3", polarity="-")
    (tmp_path / "old.cld").write_bytes(write_cld(old))
    window = make_window(qtbot, new)
    activate(qtbot, window)
    window.workshop.compare_with(str(tmp_path / "old.cld"))
    dialog = focused_dialog(qtbot, CompareDialog)
    assert QApplication.focusWidget() is dialog.changes
    texts = [dialog.changes.item(i).text() for i in range(dialog.changes.count())]
    key(Qt.Key.Key_Down, times=texts.index("    Skills \u2192 Jobs: + to -") + 1)
    assert window.canvas.item_for("link", "l3").opacity() == 1.0
    assert window.canvas.item_for("link", "l1").opacity() < 1.0
    key(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.canvas.item_for("link", "l1").opacity() == 1.0


def test_link_evidence_in_the_properties_panel_by_keyboard(qtbot):
    window = make_window(qtbot, small_diagram())
    d = window.diagram
    activate(qtbot, window)
    window.view.setFocus()
    key(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # Find: a link is named by its two ends
    typed("jobs -> worklessness")
    key(Qt.Key.Key_Return)
    assert window.canvas.selected("link") == ["l1"]
    key(Qt.Key.Key_Return, ALT)  # Properties of the selection
    assert window.properties.isAncestorOf(QApplication.focusWidget())
    panel = window.properties
    key(Qt.Key.Key_C, ALT)
    assert QApplication.focusWidget() is panel.confidence_box
    key(Qt.Key.Key_Down, times=3)  # not stated -> strong -> moderate -> weak
    assert d.links["l1"].evidence.confidence == "weak"
    key(Qt.Key.Key_O, ALT)
    assert QApplication.focusWidget() is panel.link_evidence
    typed("workshop 3 March")
    key(Qt.Key.Key_B, ALT)  # leaving the source field keeps what was typed
    assert QApplication.focusWidget() is panel.proposed_by_edit
    typed("Housing officer")
    key(Qt.Key.Key_Return)
    assert d.links["l1"].evidence == Evidence("weak", "workshop 3 March", "Housing officer")
