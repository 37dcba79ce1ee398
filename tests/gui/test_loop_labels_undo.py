"""Loop labels renumbered by the window's loop search are part of the undo history.

A label's code (R1, B2) and members are stored in the document and written by
every format, so when the search brings them in step with the loops the change
must be one the undo stack knows: undoing the edit that renumbered the loops
gives back exactly the labels it had, and Save never writes labels the stack
cannot take back.
"""

from __future__ import annotations

from _editor_helpers import isolate_settings
from cld_editor.analysis.loops import find_loops
from cld_editor.commands import intents
from cld_editor.core import Diagram, LoopLabel
from cld_editor.io.native import diagram_to_dict


def triangle() -> tuple[Diagram, str]:
    """Jobs and Worklessness feed each other (R1); with Skills they close a longer loop (R2).

    Returns the diagram and the id of the link Skills -> Jobs, whose sign decides the long loop's polarity.
    """
    d = Diagram(title="Labels")
    jobs = d.new_variable("Jobs", 0, 0)
    work = d.new_variable("Worklessness", 300, 0)
    skills = d.new_variable("Skills", 150, 260)
    d.new_link(jobs.id, work.id, "-")
    d.new_link(work.id, skills.id, "-", delay=True)
    closing = d.new_link(skills.id, jobs.id, "+")
    d.new_link(work.id, jobs.id, "-")
    return d, closing.id


def open_window(qtbot, diagram):
    from cld_editor.gui.theme import LIGHT
    from cld_editor.gui.window.main_window import MainWindow

    isolate_settings()
    window = MainWindow(diagram, None, LIGHT, show_start=False)
    window.show_error = lambda *args: None
    qtbot.addWidget(window, before_close_func=lambda w: w.undo_stack.setClean())  # closing must not ask
    window.resize(900, 700)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, window)
    return window


def settle(qtbot, window):
    """Wait until the loop search has caught up with the diagram (and any label step after it is done)."""
    live = window.loop_panels.loops.live
    qtbot.waitUntil(lambda: live.outcome is not None and not live.running and not live.pending(), timeout=10000)
    qtbot.wait(50)  # a label put back by undo is brought in step on the next turn of the event loop


def long_loop_label(d: Diagram) -> LoopLabel:
    (label,) = d.loop_labels.values()
    return label


def test_undo_of_an_edit_that_renumbers_loops_gives_back_its_labels_at_once(qtbot):
    d, closing = triangle()
    (long_loop,) = [lp for lp in find_loops(d).loops if lp.length == 3]
    d.insert("loop_label", LoopLabel("loop1", 150, 90, code=long_loop.name, name="Skills drain",
                                     members=long_loop.variables))
    window = open_window(qtbot, d)
    stack = window.undo_stack
    before = diagram_to_dict(d)
    assert long_loop_label(d).code == "R2" and stack.count() == 0  # the label was in step: nothing to do

    stack.push(intents.set_polarity(d, [closing], "-"))  # the long loop now balances: it is B1
    settle(qtbot, window)
    assert long_loop_label(d).code == "B1"
    assert stack.count() == 1  # the renumbering went into the edit's own step, not a step of its own

    stack.undo()
    assert diagram_to_dict(d) == before  # at once, not only once a new search has run
    settle(qtbot, window)
    assert diagram_to_dict(d) == before and stack.isClean()

    stack.redo()  # and redo brings the label's new code back with the sign
    assert long_loop_label(d).code == "B1"
    settle(qtbot, window)
    assert long_loop_label(d).code == "B1" and stack.count() == 1
    window.loop_panels.detach()


def test_labels_brought_in_step_after_opening_are_an_undoable_step(qtbot):
    d, _ = triangle()
    # A label as another program leaves it: a code of its own numbering and no members; it sits in the long loop.
    d.insert("loop_label", LoopLabel("loop1", 150, 90, code="R7"))
    loaded = diagram_to_dict(d)
    window = open_window(qtbot, d)
    stack = window.undo_stack
    label = long_loop_label(d)
    assert (label.code, len(label.members)) == ("R2", 3)
    # The document differs from what was opened, so Save has something the history can take back.
    assert stack.count() == 1 and not stack.isClean()

    stack.undo()
    assert diagram_to_dict(d) == loaded and stack.isClean()
    settle(qtbot, window)
    # Taken back by the user: the search leaves it so (the step stays there to redo).
    assert diagram_to_dict(d) == loaded and stack.isClean() and stack.canRedo()
    window.loop_panels.detach()
