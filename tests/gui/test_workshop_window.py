"""The workshop tools in the window: matching table, perspective filter and threshold, compare, evidence gaps."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPen
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from cld_editor.analysis.merge import merge
from cld_editor.core import Diagram, Evidence
from cld_editor.io.native import write_cld

from _editor_helpers import make_window, small_diagram


def build(*links, positions=None) -> Diagram:
    d = Diagram()
    for a, b, sign in links:
        ids = [(d.variable_by_name(n) or d.new_variable(n, *(positions or {}).get(n, (len(d.variables) * 220, 0)))).id
               for n in (a, b)]
        d.new_link(*ids, sign)
    return d


TUTOR = build(("Attendance", "Grades", "+"), ("Grades", "Motivation", "+"), ("Motivation", "Attendance", "+"))
PARENT = build(("Attendence", "Grades", "+"), ("Grades", "Motivation", "-"), ("Motivation", "Attendence", "+"))
ADVISER = build(("Motivation", "Attendance", "+"), ("Grades", "Motivation", "+"))


NEW_LOOPS: list = []


def opacity(window, kind: str, element_id: str) -> float:
    return window.canvas.item_for(kind, element_id).opacity()


def test_matching_table_merges_only_the_names_ticked(qtbot, tmp_path):
    window = make_window(qtbot)
    paths = []
    for name, d in (("tutor", TUTOR), ("parent", PARENT)):
        paths.append(str(tmp_path / f"{name}.cld"))
        (tmp_path / f"{name}.cld").write_bytes(write_cld(d))
    dialog = window.workshop.merge_perspectives(paths, open_result=False)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "Attendance  (tutor)"
    assert dialog.table.item(0, 2).text() == "Attendence  (parent)"
    assert len(dialog.result().diagram.variables) == 4  # not ticked: kept apart
    dialog.table.setCurrentCell(0, 0)
    dialog.table.item(0, 0).setCheckState(Qt.CheckState.Checked)
    assert dialog.confirmed() == [("Attendance", "Attendence")]
    result = dialog.result()
    assert len(result.diagram.variables) == 3 and result.to_json()["contested"] == [["Grades", "Motivation"]]
    merged_window = window.workshop.open_merged(result)
    qtbot.addWidget(merged_window, before_close_func=lambda w: w.undo_stack.setClean())
    assert merged_window.diagram == result.diagram


def test_perspective_filter_and_threshold_slider(qtbot):
    result = merge([("tutor", TUTOR), ("adviser", ADVISER), ("parent", PARENT)])
    window = make_window(qtbot, result.diagram)
    d = window.diagram
    dialog = window.workshop.perspectives()
    assert [dialog.choices.item(i).text() for i in range(dialog.choices.count())] == ["tutor", "adviser", "parent"]
    assert [dialog.new_loops.item(i).text() for i in range(dialog.new_loops.count())] == NEW_LOOPS
    ids = {v.name: v.id for v in d.variables.values()}
    grades_motivation = d.link_between(ids["Grades"], ids["Motivation"]).id
    attendence = ids["Attendence"]
    # All perspectives, every link: nothing dimmed.
    assert all(opacity(window, "link", lid) == 1.0 for lid in d.links)
    # The agreement view: a link three people drew is drawn thicker than one only the tutor drew.
    pen = window.canvas.link_style(d.links[grades_motivation], False)[0]
    assert pen.widthF() > window.canvas.link_style(d.links["l1"], False)[0].widthF() + 2
    # Only the parent's view: the tutor's Attendance -> Grades is dimmed, the parent's own names are not.
    for i in range(dialog.choices.count()):
        if dialog.choices.item(i).text() != "parent":
            dialog.choices.item(i).setCheckState(Qt.CheckState.Unchecked)
    assert opacity(window, "variable", attendence) == 1.0
    assert opacity(window, "link", d.link_between(ids["Attendance"], ids["Grades"]).id) < 1.0
    assert [dialog.loops.item(i).text() for i in range(dialog.loops.count())] == [
        "B1  Attendence \u2192 Grades \u2192 Motivation \u2192 Attendence"]
    # Back to everyone, and only links at least three people drew: Grades -> Motivation alone.
    for i in range(dialog.choices.count()):
        dialog.choices.item(i).setCheckState(Qt.CheckState.Checked)
    dialog.threshold.setFocus()
    QTest.keyClick(dialog.threshold, Qt.Key.Key_End)
    assert dialog.threshold.value() == 3
    assert dialog.visible()[1] == [grades_motivation]
    assert opacity(window, "link", grades_motivation) == 1.0
    assert all(opacity(window, "link", lid) < 1.0 for lid in d.links if lid != grades_motivation)
    dialog.close()
    assert all(opacity(window, "link", lid) == 1.0 for lid in d.links)


def test_compare_lists_loop_changes_and_highlights_them_on_both(qtbot, tmp_path):
    old = small_diagram()
    new = small_diagram()
    new.update_link("l3", polarity="-")
    window = make_window(qtbot, new)
    path = tmp_path / "old.cld"
    path.write_bytes(write_cld(old))
    dialog = window.workshop.compare_with(str(path))
    texts = [dialog.changes.item(i).text() for i in range(dialog.changes.count())]
    assert texts[:2] == ["Loops that changed polarity (1)",
                         "    R \u2192 B  Jobs \u2192 Worklessness \u2192 Skills \u2192 Jobs"]
    dialog.changes.setFocus()
    dialog.changes.setCurrentRow(1)
    assert all(opacity(window, "link", lid) == 1.0 for lid in new.links)
    assert all(dialog.other_scene.item_for("link", lid).opacity() == 1.0 for lid in old.links)
    dialog.changes.setCurrentRow(texts.index("    Skills \u2192 Jobs: + to -"))
    assert opacity(window, "link", "l3") == 1.0 and opacity(window, "link", "l1") < 1.0


def test_evidence_gaps_lists_weak_loops_sorts_by_confidence_and_styles_the_lines(qtbot):
    d = small_diagram()
    d.update_link("l1", evidence=Evidence("hypothesis"))
    b = d.new_variable("Benefits", 450, 220)
    d.new_link(d.variable_by_name("Worklessness").id, b.id, "+", evidence=Evidence("strong"))
    d.new_link(b.id, d.variable_by_name("Worklessness").id, "-", evidence=Evidence("moderate"))
    window = make_window(qtbot, d)
    dialog = window.workshop.evidence_gaps()
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "hypothesis"
    assert dialog.table.item(0, 2).text() == "Jobs \u2192 Worklessness"
    dialog.only_gaps.setChecked(False)
    assert dialog.table.rowCount() == 2
    assert [dialog.table.item(r, 1).text() for r in range(2)] == ["hypothesis", "moderate"]  # least sure first
    dialog.table.sortItems(1)
    assert [dialog.table.item(r, 1).text() for r in range(2)] == ["moderate", "hypothesis"]
    line, *_ = window.canvas.link_style(d.links["l1"], False)
    assert isinstance(line, QPen) and line.style() == Qt.PenStyle.DotLine
    assert window.canvas.link_style(d.links["l2"], False)[0].style() == Qt.PenStyle.SolidLine


def test_properties_panel_edits_evidence_in_one_undo_step_each(qtbot):
    window = make_window(qtbot, small_diagram())
    d = window.diagram
    window.canvas.select_ids(link_ids=["l1"])
    panel = window.properties
    panel.proposed_by_edit.setFocus()
    QTest.keyClicks(panel.proposed_by_edit, "Housing officer")
    QTest.keyClick(panel.proposed_by_edit, Qt.Key.Key_Return)
    panel.confidence_box.setCurrentIndex(panel.confidence_box.findData("weak"))
    assert d.links["l1"].evidence == Evidence("weak", "", "Housing officer")
    window.undo_stack.undo()
    assert d.links["l1"].evidence == Evidence(None, "", "Housing officer")
    window.undo_stack.undo()
    assert d.links["l1"].evidence == Evidence()


def test_loops_panel_shows_each_loops_confidence_and_sorts_by_it(qtbot):
    d = small_diagram()
    d.update_link("l1", evidence=Evidence("weak"))
    w = d.new_variable("Wages", 450, 0).id
    d.new_link(d.variable_by_name("Jobs").id, w, "+", evidence=Evidence("strong"))
    d.new_link(w, d.variable_by_name("Jobs").id, "+", evidence=Evidence("strong"))
    window = make_window(qtbot, d)
    model = window.loop_panels.loops.model
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    column = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())].index("Confidence")
    assert [model.data(model.index(r, column)) for r in range(2)] == ["strong", "weak"]
    model.sort(column, Qt.SortOrder.DescendingOrder)
    assert [model.data(model.index(r, column)) for r in range(2)] == ["weak", "strong"]
    window.diagram.update_link("l2", evidence=Evidence("hypothesis"))  # read live: the edit shows at once
    assert model.data(model.index(0, column)) == "hypothesis"


def test_perspectives_lists_the_loops_no_single_person_drew(qtbot):
    tutor = build(("Attendance", "Grades", "+"))
    parent = build(("Grades", "Attendance", "+"))
    window = make_window(qtbot, merge([("tutor", tutor), ("parent", parent)]).diagram)
    dialog = window.workshop.perspectives()
    assert [dialog.new_loops.item(i).text() for i in range(dialog.new_loops.count())] == [
        "R1  Attendance \u2192 Grades \u2192 Attendance"]
    assert dialog.loops.count() == 1  # both perspectives chosen: together they see it
    dialog.choices.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.loops.count() == 0  # the tutor alone does not


def test_window_says_plainly_when_the_new_loop_search_was_cut_short(qtbot, monkeypatch):
    from cld_editor.analysis import merge as merge_module
    from cld_editor.gui.dialogs import perspectives as perspectives_module

    monkeypatch.setattr(merge_module, "MAX_LOOPS", 2)
    monkeypatch.setattr(perspectives_module, "LOOP_LIMIT", 2)
    tutor = build(("A", "B", "+"), ("B", "C", "+"), ("C", "D", "+"))
    parent = build(("B", "A", "+"), ("C", "B", "+"), ("D", "C", "+"), ("D", "A", "+"))
    result = merge([("tutor", tutor), ("parent", parent)])
    window = make_window(qtbot)
    merged_window = window.workshop.open_merged(result)
    qtbot.addWidget(merged_window, before_close_func=lambda w: w.undo_stack.setClean())
    message = merged_window.statusBar().currentMessage()
    assert "2 loops no single perspective drew among the 2 shortest loops only" in message
    assert "too many to search them all" in message
    dialog = merged_window.workshop.perspectives()
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("no single perspective drew (2, looked for among the shortest 2 loops only" in t for t in labels)
