"""Edit intents: each domain rule in one place, every edit an undoable step."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from cld_editor.analysis.loops import find_loops
from cld_editor.analysis.stories import generate_story, story_label
from cld_editor.commands import intents
from tests.conftest import build


def _loop_diagram():
    return build(["Jobs", "Income", "Spending"], [("Jobs", "Income", "+"), ("Income", "Spending", "+"),
                                                  ("Spending", "Jobs", "+")])


def test_a_polarity_set_by_hand_is_no_longer_inferred_and_undoes_in_one_step():
    d = _loop_diagram()
    first, second = list(d.links)[:2]
    d.update("link", first, polarity="-", inferred=True)
    stack = QUndoStack()
    stack.push(intents.set_polarity(d, [first, second], "-"))
    assert (d.links[first].polarity, d.links[first].inferred) == ("-", False)
    assert d.links[second].polarity == "-"
    assert stack.count() == 1
    stack.undo()
    assert (d.links[first].polarity, d.links[first].inferred) == ("-", True)
    assert d.links[second].polarity == "+"


def test_an_intent_that_changes_nothing_gives_no_step():
    d = _loop_diagram()
    link = next(iter(d.links))
    assert intents.set_polarity(d, [link], "+") is None
    assert intents.set_polarity(d, ["no such link"], "-") is None
    jobs = d.variable_by_name("Jobs")
    assert intents.rename(d, jobs.id, "  Jobs ") is None
    assert intents.add_note(d, "   ", 0, 0) is None
    assert intents.reset_story(d, find_loops(d).loops[0]) is None


def test_rename_cleans_spaces_and_refuses_a_taken_or_empty_name():
    d = _loop_diagram()
    jobs = d.variable_by_name("Jobs")
    command = intents.rename(d, jobs.id, "  Paid   work ")
    command.redo()
    assert d.variables[jobs.id].name == "Paid work"
    with pytest.raises(intents.EditRefused, match='already a variable called "Income"'):
        intents.rename(d, jobs.id, "income")
    with pytest.raises(intents.EditRefused, match="needs a name"):
        intents.rename(d, jobs.id, "   ")
    with pytest.raises(intents.EditRefused):
        intents.add_variable(d, "SPENDING", 0, 0)


def test_a_story_is_kept_on_the_loop_label_and_the_generated_one_is_not_kept():
    d = _loop_diagram()
    loop = find_loops(d).loops[0]
    assert intents.save_story(d, loop, generate_story(d, loop) + "  ") is None
    stack = QUndoStack()
    stack.push(intents.save_story(d, loop, "Jobs bring money that buys more jobs."))
    label = story_label(d, loop)
    assert label is not None and label.story == "Jobs bring money that buys more jobs." and label.code == loop.name
    with pytest.raises(intents.EditRefused, match="already has a label"):
        intents.add_loop_label(d, loop)
    stack.push(intents.reset_story(d, loop))
    assert story_label(d, loop).story is None
    stack.undo()
    stack.undo()
    assert story_label(d, loop) is None


def test_typed_loop_labels_take_the_code_then_the_name():
    d = _loop_diagram()
    intents.add_typed_loop_label(d, "r1 Engine of growth", 10.04, 20, ["v1"]).redo()
    label = next(iter(d.loop_labels.values()))
    assert (label.code, label.name, label.x, label.members) == ("R1", "Engine of growth", 10.0, ("v1",))
    assert intents.edit_loop_label(d, label.id, "R1 Engine of growth") is None
    intents.edit_loop_label(d, label.id, "B2").redo()
    assert (d.loop_labels[label.id].code, d.loop_labels[label.id].name) == ("B2", "")


def test_kind_curvature_and_paste_are_single_steps():
    from cld_editor.io.clipboard import copy_payload

    d = _loop_diagram()
    jobs = d.variable_by_name("Jobs")
    link = next(iter(d.links.values()))
    stack = QUndoStack()
    stack.push(intents.toggle_stock(d, jobs.id))
    assert d.variables[jobs.id].kind == "stock"
    d.update("link", link.id, curvature=0.3)
    stack.push(intents.straighten(d, link.id))
    assert d.links[link.id].curvature == 0.0
    assert intents.straighten(d, link.id) is None
    data, _ = copy_payload(d, [("variable", jobs.id)])
    stack.push(intents.paste(d, data))
    assert d.variable_by_name("Jobs 2") is not None
    stack.undo()
    stack.undo()
    stack.undo()
    assert d.variable_by_name("Jobs 2") is None and d.variables[jobs.id].kind != "stock"


def test_labels_follow_renumbering_but_not_over_a_change_made_since_the_loops_were_found():
    from cld_editor.core import LoopLabel

    d = _loop_diagram()
    members = tuple(d.variables)
    d.insert("loop_label", LoopLabel("kept", code="R1", members=members))
    d.insert("loop_label", LoopLabel("renamed", code="R2", members=members))
    found = [(d.loop_labels["kept"], {"code": "B1"}), (d.loop_labels["renamed"], {"code": "B1"})]
    d.update("loop_label", "renamed", name="Changed by hand meanwhile")
    stack = QUndoStack()
    stack.push(intents.renumber_labels(d, found))
    assert (d.loop_labels["kept"].code, d.loop_labels["renamed"].code) == ("B1", "R2")
    stack.undo()
    assert d.loop_labels["kept"].code == "R1"
    d.remove("loop_label", "kept")
    assert intents.renumber_labels(d, found) is None
