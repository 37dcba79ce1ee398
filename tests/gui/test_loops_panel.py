"""The Loops panel: live list, filters, highlight on the canvas, labels and stories."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QUndoStack

from cld_editor.analysis.loops import count_loops, find_loops
from cld_editor.analysis.stories import generate_story
from cld_editor.gui.panels.loop_table import POLARITY
from cld_editor.gui.panels.loops import LoopsPanel
from tests.conftest import build


QStandardPaths.setTestModeEnabled(True)  # the story wording is a setting: keep it out of the user's


class FakeCanvas(QObject):
    """The scene's interface as the panel uses it, recording calls."""

    selection_changed = Signal(list, list)

    def __init__(self) -> None:
        super().__init__()
        self.highlighted: tuple[set, set] | None = None
        self.selected_labels: list[str] = []

    def highlight(self, variable_ids, link_ids) -> None:
        self.highlighted = (set(variable_ids), set(link_ids))

    def clear_highlight(self) -> None:
        self.highlighted = None

    def select_ids(self, variable_ids=(), link_ids=(), note_ids=(), loop_label_ids=()) -> None:
        self.selected_labels = list(loop_label_ids)


def jobs_diagram():
    return build(
        ["Jobs", "Worklessness", "Benefit claims", "Spending", "Crime"],
        [("Jobs", "Worklessness", "-"), ("Worklessness", "Jobs", "-"), ("Worklessness", "Benefit claims", "+"),
         ("Benefit claims", "Spending", "+"), ("Spending", "Jobs", "+", True), ("Worklessness", "Crime", "+"),
         ("Crime", "Jobs", "-")],
    )


@pytest.fixture
def panel_for(qtbot):
    made = []

    def make(diagram, **options):
        canvas = FakeCanvas()
        stack = QUndoStack()
        panel = LoopsPanel(diagram, canvas=canvas, undo_stack=stack, debounce_ms=5, **options)
        qtbot.addWidget(panel)
        panel.resize(700, 600)
        panel.show()
        made.append(panel)
        finish(qtbot, panel)
        return panel, canvas, stack

    yield make
    for panel in made:
        panel.detach()


def finish(qtbot, panel):
    """Wait for the running (or about to run) search to end."""
    qtbot.waitUntil(lambda: not panel.live.running and not panel.live.pending() and panel.live.outcome is not None,
                    timeout=10000)


def listed(panel):
    return [(panel.model.loop_at(r).name, panel.model.loop_at(r).variables) for r in range(panel.model.rowCount())]


def expected(diagram):
    return [(lp.name, lp.variables) for lp in find_loops(diagram).loops]


def test_lists_the_loops_and_follows_edits(panel_for, qtbot):
    d = jobs_diagram()
    panel, _, _ = panel_for(d)
    assert listed(panel) == expected(d)
    assert "3 loops" in panel.count_label.text()
    # An edit that renumbers: a new two-variable loop.
    d.new_link(d.variable_by_name("Crime").id, d.variable_by_name("Worklessness").id, "+")
    finish(qtbot, panel)
    assert listed(panel) == expected(d)
    assert len(listed(panel)) == 4
    # A sign change turns a loop from B to R; removing a variable drops its loops.
    d.update_link(d.link_between(d.variable_by_name("Crime").id, d.variable_by_name("Jobs").id).id, polarity="+")
    finish(qtbot, panel)
    assert listed(panel) == expected(d)
    d.remove_variable(d.variable_by_name("Crime").id)
    finish(qtbot, panel)
    assert listed(panel) == expected(d)


def test_moving_a_variable_does_not_restart_the_search(panel_for):
    d = jobs_diagram()
    panel, _, _ = panel_for(d)
    d.update_variable(d.variable_by_name("Jobs").id, x=999.0)
    assert not panel.live.pending() and not panel.live.running


def test_rows_show_polarity_as_icon_and_word(panel_for):
    panel, _, _ = panel_for(jobs_diagram())
    index = panel.model.index(0, POLARITY)
    assert panel.model.data(index) in ("Reinforcing", "Balancing", "Unknown")
    assert not panel.model.data(index, Qt.ItemDataRole.DecorationRole).isNull()
    delays = [panel.model.data(panel.model.index(r, 3)) for r in range(panel.model.rowCount())]
    assert "Delay" in delays and "" in delays


def test_selection_highlights_exactly_the_loop(panel_for, qtbot):
    d = jobs_diagram()
    panel, canvas, _ = panel_for(d)
    for row in range(panel.model.rowCount()):
        panel.select_row(row)
        loop = panel.model.loop_at(row)
        assert canvas.highlighted == (set(loop.variables), set(loop.links))
        # The links really join the members, in order.
        for i, lid in enumerate(loop.links):
            link = d.links[lid]
            assert (link.source, link.target) == (loop.variables[i], loop.variables[(i + 1) % loop.length])
    panel.clear_selection()
    assert canvas.highlighted is None


def test_keys_step_through_loops(panel_for, qtbot):
    panel, canvas, _ = panel_for(jobs_diagram())
    names = [name for name, _ in listed(panel)]
    seen = []
    for _ in range(len(names) + 1):
        panel.next_action.trigger()
        seen.append(panel.current_loop().name)
    assert seen == names + names[:1]
    panel.prev_action.trigger()
    assert panel.current_loop().name == names[-1]
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Up)
    assert panel.current_loop().name == names[-2]


def test_filters(panel_for, qtbot):
    d = jobs_diagram()
    panel, canvas, _ = panel_for(d)
    loops = find_loops(d).loops
    panel.polarity_box.setCurrentIndex(2)  # balancing
    assert [n for n, _ in listed(panel)] == [lp.name for lp in loops if lp.polarity == "B"]
    panel.polarity_box.setCurrentIndex(0)
    panel.length_box.setValue(2)
    assert [n for n, _ in listed(panel)] == [lp.name for lp in loops if lp.length <= 2]
    panel.length_box.setValue(0)
    panel.search_box.setText("spend")
    assert [n for n, _ in listed(panel)] == [lp.name for lp in loops if any(
        d.variables[v].name == "Spending" for v in lp.variables)]
    panel.search_box.setText("")
    crime = d.variable_by_name("Crime").id
    panel.through_box.setChecked(True)
    canvas.selection_changed.emit([crime], [])
    assert [n for n, _ in listed(panel)] == [lp.name for lp in loops if crime in lp.variables]
    panel.through_box.setChecked(False)
    assert len(listed(panel)) == len(loops)


def test_sort_by_name_keeps_the_selection(panel_for):
    d = jobs_diagram()
    panel, canvas, _ = panel_for(d)
    panel.select_loop("R2")
    panel.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    names = [n for n, _ in listed(panel)]
    assert names == sorted(names, key=lambda n: (n[0], int(n[1:])), reverse=True)
    assert panel.model.loop_at(panel.table.currentIndex().row()).name == "R2"


def test_add_label_is_undoable_and_labels_keep_names_across_renumbering(panel_for, qtbot):
    d = jobs_diagram()
    panel, canvas, stack = panel_for(d)
    crime_loop = next(lp for lp in find_loops(d).loops
                      if d.variable_by_name("Crime").id in lp.variables)
    assert panel.select_loop(crime_loop.name)
    panel.add_label()
    (label,) = d.loop_labels.values()
    assert (label.code, set(label.members)) == (crime_loop.name, set(crime_loop.variables))
    stack.undo()
    assert not d.loop_labels
    stack.redo()
    d.update("loop_label", label.id, name="Crime pays")
    # A new reinforcing loop through a variable that sorts first renumbers the R loops.
    a = d.new_variable("Aaa")
    d.new_link(a.id, d.variable_by_name("Jobs").id, "+")
    d.new_link(d.variable_by_name("Jobs").id, a.id, "+")
    finish(qtbot, panel)
    new_name = next(lp.name for lp in find_loops(d).loops if set(lp.variables) == set(crime_loop.variables))
    assert new_name != crime_loop.name
    moved = d.loop_labels[label.id]
    assert (moved.code, moved.name, moved.x, moved.y) == (new_name, "Crime pays", label.x, label.y)
    # Adding a label to a loop that has one selects the existing label instead.
    panel.select_loop(new_name)
    panel.add_label()
    assert len(d.loop_labels) == 1 and canvas.selected_labels == [label.id]


def test_story_is_shown_edited_saved_and_undone(panel_for, qtbot):
    d = jobs_diagram()
    panel, _, stack = panel_for(d)
    panel.select_loop("R1")
    loop = panel.current_loop()
    assert panel.story.story_edit.toPlainText() == generate_story(d, loop)
    assert not panel.story.save_story_button.isEnabled()
    panel.story.story_edit.setPlainText("When jobs go, people leave, and more jobs go.")
    assert panel.story.save_story_button.isEnabled()
    panel.story.save_story()
    (label,) = d.loop_labels.values()
    assert label.story == "When jobs go, people leave, and more jobs go."
    assert "your own words" in panel.story.story_title.text()
    panel.story.story_edit.setPlainText("Second telling.")
    panel.story.save_story()
    assert d.loop_labels[label.id].story == "Second telling."
    stack.undo()
    assert d.loop_labels[label.id].story == "When jobs go, people leave, and more jobs go."
    assert panel.story.story_edit.toPlainText() == "When jobs go, people leave, and more jobs go."
    panel.story.reset_story()
    assert d.loop_labels[label.id].story is None
    assert panel.story.story_edit.toPlainText() == generate_story(d, loop)


def test_stories_follow_renamed_variables(panel_for):
    d = jobs_diagram()
    panel, _, _ = panel_for(d)
    panel.select_loop("R1")
    d.update_variable(d.variable_by_name("Jobs").id, name="Vacancies")
    assert "Vacancies" in panel.story.story_edit.toPlainText()
    assert "Vacancies" in panel.model.data(panel.model.index(panel.table.currentIndex().row(), 5))


def complete(size):
    names = [f"V{i:02d}" for i in range(size)]
    return build(names, [(a, b, "+") for a in names for b in names if a != b])


def test_listing_stops_at_the_limit_but_the_count_goes_on(panel_for):
    d = complete(6)
    panel, _, _ = panel_for(d, list_limit=50)
    outcome = panel.live.outcome
    assert outcome.count.total == count_loops(d).total == 409
    assert outcome.count.complete and not outcome.listed_all
    assert listed(panel) == expected(d)[:50]
    assert "first 50 listed" in panel.count_label.text()


def test_stop_cancels_a_huge_count_promptly(qtbot):
    d = complete(11)  # about 10^7 loops: far too many to finish during the test
    panel = LoopsPanel(d, debounce_ms=5)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=10000)
    assert panel.live.running
    with qtbot.waitSignal(panel.live.done, timeout=5000) as blocker:
        panel.stop_button.click()
    outcome = blocker.args[0]
    assert not outcome.count.complete
    assert panel.live.worker.wait(5)
    assert panel.stop_button.text() == "Find Loops Again"
    assert panel.count_label.text().startswith("Stopped")
    panel.detach()


def test_a_label_put_back_by_undo_takes_the_current_code(panel_for, qtbot):
    d = jobs_diagram()
    panel, _, stack = panel_for(d)
    from cld_editor.commands import RemoveElements

    panel.select_loop("R2")
    panel.add_label()
    (label,) = d.loop_labels.values()
    stack.push(RemoveElements(d, [("loop_label", label.id)]))
    # An edit renumbers the loops while the label is gone...
    a = d.new_variable("Aaa")
    d.new_link(a.id, d.variable_by_name("Jobs").id, "+")
    d.new_link(d.variable_by_name("Jobs").id, a.id, "+")
    finish(qtbot, panel)
    stack.undo()  # ...and the label comes back with its old code, then catches up.
    new_name = next(lp.name for lp in find_loops(d).loops if set(lp.variables) == set(label.members))
    qtbot.waitUntil(lambda: d.loop_labels[label.id].code == new_name, timeout=5000)


def test_build_order_dialog_saves_an_undoable_order(qtbot):
    from cld_editor.gui.presentation.order_dialog import BuildOrderDialog
    from cld_editor.analysis.presentation_steps import stored_order

    d = jobs_diagram()
    stack = QUndoStack()
    dialog = BuildOrderDialog(d, stack)
    qtbot.addWidget(dialog)
    automatic = dialog.order()
    assert sorted(automatic) == sorted(d.variables)
    dialog.list.setCurrentRow(len(automatic) - 1)
    dialog.move(-1)
    dialog.save()
    order = dialog.order()
    assert order != automatic and stored_order(d) == [[v] for v in order]
    stack.undo()
    assert stored_order(d) == []


def test_running_count_never_goes_back_when_counting_past_the_list(qtbot):
    from cld_editor.gui.panels.loop_worker import LiveLoops

    d = complete(8)  # 16,064 loops
    live = LiveLoops(d, list_limit=3000, debounce_ms=5)
    totals = []
    live.counting.connect(lambda total, r, b, u: totals.append(total))
    with qtbot.waitSignal(live.done, timeout=20000) as blocker:
        live.restart()
    assert blocker.args[0].count.total == count_loops(d).total
    assert totals[0] == 0 and totals == sorted(totals)
    assert len(live.loops) == 3000
    live.detach()


def test_story_wording_can_be_chosen(panel_for):
    d = jobs_diagram()
    panel, _, _ = panel_for(d)
    panel.select_loop("R1")
    panel.story.wording_box.setCurrentIndex(panel.story.wording_box.findData("increase"))
    assert panel.story.story_edit.toPlainText() == generate_story(d, panel.current_loop(), "increase")
    assert "increase" in panel.story.story_edit.toPlainText()
    panel.story.wording_box.setCurrentIndex(panel.story.wording_box.findData("rise"))
    assert panel.story.story_edit.toPlainText() == generate_story(d, panel.current_loop())


def test_escape_and_hiding_the_panel_clear_the_highlight(panel_for, qtbot):
    panel, canvas, _ = panel_for(jobs_diagram())
    panel.select_loop("R1")
    assert canvas.highlighted is not None
    panel.hide()
    assert canvas.highlighted is None
    panel.show()
    assert canvas.highlighted is not None
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Escape)
    assert canvas.highlighted is None and panel.current_loop() is None


def test_a_diagram_without_loops_says_what_a_loop_is(panel_for, qtbot):
    d = build(["A", "B"], [("A", "B", "+")])
    panel, _, _ = panel_for(d)
    assert panel.model.rowCount() == 0
    assert panel.count_label.text().startswith("No feedback loops yet")
    d.new_link(d.variable_by_name("B").id, d.variable_by_name("A").id, "-")
    finish(qtbot, panel)
    assert panel.count_label.text().startswith("1 loop ")


def test_a_panel_without_the_window_stack_still_makes_undoable_steps(qtbot):
    """No edit of the Loops panel is applied outside an undo stack, even when it stands alone."""
    d = build(["A", "B"], [("A", "B", "+"), ("B", "A", "+")])
    panel = LoopsPanel(d, debounce_ms=5)
    qtbot.addWidget(panel)
    panel.show()
    finish(qtbot, panel)
    panel.select_row(0)
    panel.add_label()
    assert len(d.loop_labels) == 1
    panel.undo_stack.undo()
    assert not d.loop_labels
