"""Renaming a variable rewrites the equations that use it, in the same undo step."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack

from cld_editor.commands.edits import UpdateElement
from cld_editor.core import Diagram
from cld_editor.sim.model import build_model
from cld_editor.sim.rename import renamed_equations


def diagram() -> Diagram:
    d = Diagram()
    b = d.new_variable("Births")
    p = d.new_variable("Population", kind="stock", equation="BIRTHS - population/70 + \"Births\"*0",
                       initial=5)
    d.new_link(b.id, p.id, "+")
    return d


def test_every_spelling_of_the_old_name_is_rewritten():
    d = diagram()
    changes = renamed_equations(d, "v1", "Birth Rate")
    assert changes == {"v2": {"equation": "birth_rate - population/70 + birth_rate*0"}}
    assert renamed_equations(d, "v1", "births") == {}
    assert renamed_equations(d, "v2", "People") == {"v2": {"equation": "BIRTHS - people/70 + \"Births\"*0"}}


def test_half_written_equations_are_renamed_too_but_unreadable_text_is_left_alone():
    d = diagram()
    d.update_variable("v2", equation="births +* 2")
    assert renamed_equations(d, "v1", "Birth Rate") == {"v2": {"equation": "birth_rate +* 2"}}
    d.update_variable("v2", equation="births $ 2")
    assert renamed_equations(d, "v1", "Birth Rate") == {}


def test_rename_command_keeps_the_model_valid_and_undoes_in_one_step(qtbot):
    d = diagram()
    stack = QUndoStack()
    stack.push(UpdateElement(d, "variable", "v1", {"name": "Birth Rate (UK)"}, "Rename"))
    assert d.variables["v2"].equation == '"Birth Rate (UK)" - population/70 + "Birth Rate (UK)"*0'
    build_model(d)
    stack.undo()
    assert d.variables["v1"].name == "Births"
    assert d.variables["v2"].equation == "BIRTHS - population/70 + \"Births\"*0"
