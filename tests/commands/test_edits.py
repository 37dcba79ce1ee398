"""Undo commands: a consequence the program works out after an edit joins that edit's step."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack

from cld_editor.commands import UpdateMany, intents
from cld_editor.commands.edits import record_consequence
from cld_editor.core import LoopLabel
from tests.conftest import build


def _labelled():
    d = build(["Jobs", "Income"], [("Jobs", "Income", "+"), ("Income", "Jobs", "+")])
    d.insert("loop_label", LoopLabel("loop1", code="R1", members=tuple(d.variables)))
    return d


def _recode(d, code):
    return UpdateMany(d, [("loop_label", "loop1", {"code": code})], "Renumber loop labels")


def test_a_consequence_is_undone_and_redone_with_the_step_before_it():
    d = _labelled()
    link = next(iter(d.links))
    stack = QUndoStack()
    stack.push(intents.set_polarity(d, [link], "-"))
    record_consequence(stack, _recode(d, "B1"))
    assert stack.count() == 1 and d.loop_labels["loop1"].code == "B1"
    stack.undo()
    assert (d.links[link].polarity, d.loop_labels["loop1"].code) == ("+", "R1")
    stack.redo()
    assert (d.links[link].polarity, d.loop_labels["loop1"].code) == ("-", "B1")


def test_a_consequence_after_a_save_leaves_the_diagram_unsaved():
    d = _labelled()
    stack = QUndoStack()
    stack.push(intents.set_polarity(d, [next(iter(d.links))], "-"))
    stack.setClean()  # saved before the loop search caught up
    record_consequence(stack, _recode(d, "B1"))
    assert not stack.isClean()


def test_with_no_step_yet_a_consequence_is_a_step_of_its_own_and_none_once_every_step_is_undone():
    d = _labelled()
    stack = QUndoStack()
    record_consequence(stack, _recode(d, "R9"))
    assert stack.count() == 1 and not stack.isClean() and d.loop_labels["loop1"].code == "R9"
    stack.undo()
    record_consequence(stack, _recode(d, "R9"))  # the user took it back: it stays taken back
    assert (stack.count(), stack.index(), d.loop_labels["loop1"].code) == (1, 0, "R1")
