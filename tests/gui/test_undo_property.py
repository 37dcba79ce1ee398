"""Undo and redo of long random edit sequences restore every state exactly (property-based)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QUndoStack

from cld_editor.commands import AddElements, MoveElements, RemoveElements, UpdateElement, UpdateMany
from cld_editor.core.elements import Link, Note, Variable
from cld_editor.gui.canvas.scene import DiagramScene
from cld_editor.io.clipboard import copy_payload, paste_elements
from cld_editor.gui.window.edit_ops import auto_layout

from _editor_helpers import small_diagram

NAMES = ["Jobs", "Skills", "Health", "Income", "Debt", "Stress", "Housing", "Crime"]

index = st.integers(0, 50)
op = st.one_of(
    st.tuples(st.just("add_var"), st.sampled_from(NAMES), st.integers(-400, 400), st.integers(-400, 400)),
    st.tuples(st.just("add_link"), index, index, st.sampled_from("+-?")),
    st.tuples(st.just("rename"), index, st.sampled_from(NAMES)),
    st.tuples(st.just("polarity"), index, st.sampled_from("+-?")),
    st.tuples(st.just("delay"), index),
    st.tuples(st.just("move"), index, st.integers(-90, 90), st.integers(-90, 90)),
    st.tuples(st.just("bend"), index, st.floats(-1, 1, allow_nan=False).map(lambda f: round(f, 2))),
    st.tuples(st.just("delete_var"), index),
    st.tuples(st.just("delete_link"), index),
    st.tuples(st.just("note"), st.text(min_size=1, max_size=12).filter(str.strip)),
    st.tuples(st.just("paste"), index),
    st.tuples(st.just("layout")),
)


def _pick(mapping, i):
    keys = list(mapping)
    return keys[i % len(keys)] if keys else None


def _apply(scene: DiagramScene, stack: QUndoStack, step) -> None:
    d = scene.diagram
    kind = step[0]
    if kind == "add_var":
        if d.variable_by_name(step[1]) is None:
            stack.push(AddElements(d, [("variable", Variable(d.new_id("variable"), step[1], step[2], step[3]))]))
    elif kind == "add_link":
        a, b = _pick(d.variables, step[1]), _pick(d.variables, step[2])
        if a and b and d.link_between(a, b) is None:
            stack.push(AddElements(d, [("link", Link(d.new_id("link"), a, b, step[3]))]))
    elif kind == "rename":
        v = _pick(d.variables, step[1])
        if v and d.variable_by_name(step[2]) is None:
            stack.push(UpdateElement(d, "variable", v, {"name": step[2]}))
    elif kind == "polarity":
        link = _pick(d.links, step[1])
        if link:
            stack.push(UpdateMany(d, [("link", link, {"polarity": step[2]})]))
    elif kind == "delay":
        link = _pick(d.links, step[1])
        if link:
            stack.push(UpdateElement(d, "link", link, {"delay": not d.links[link].delay}))
    elif kind == "move":
        v = _pick(d.variables, step[1])
        if v:
            old = d.variables[v]
            stack.push(MoveElements(d, {("variable", v): (old.x + step[2], old.y + step[3])}))
    elif kind == "bend":
        link = _pick(d.links, step[1])
        if link:
            scene.bend_link(link, step[2])
    elif kind == "delete_var":
        v = _pick(d.variables, step[1])
        if v:
            stack.push(RemoveElements(d, [("variable", v)]))
    elif kind == "delete_link":
        link = _pick(d.links, step[1])
        if link:
            stack.push(RemoveElements(d, [("link", link)]))
    elif kind == "note":
        stack.push(AddElements(d, [("note", Note(d.new_id("note"), step[1], 10, 10))]))
    elif kind == "paste":
        v = _pick(d.variables, step[1])
        if v:
            data, _ = copy_payload(d, [("variable", v)])
            stack.push(AddElements(d, paste_elements(d, data)))
    elif kind == "layout":
        auto_layout(scene)


def _check_scene(scene: DiagramScene) -> None:
    d = scene.diagram
    assert list(scene.variables) == list(d.variables) or set(scene.variables) == set(d.variables)
    assert set(scene.links) == set(d.links) and set(scene.notes) == set(d.notes)
    for vid, item in scene.variables.items():
        assert (item.pos().x(), item.pos().y()) == (d.variables[vid].x, d.variables[vid].y)
        assert item.variable == d.variables[vid]
    for lid, item in scene.links.items():
        assert item.link == d.links[lid]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(op, min_size=15, max_size=60))
def test_undo_all_and_redo_all_restore_every_state(qapp, steps):
    diagram = small_diagram()
    stack = QUndoStack()
    scene = DiagramScene(diagram, stack)
    states = [diagram.state()]
    for step in steps:
        before = stack.count()
        _apply(scene, stack, step)
        if stack.count() != before:
            states.append(diagram.state())
        else:
            states[-1] = diagram.state()  # merged (bend) or nothing to do
    _check_scene(scene)
    for expected in reversed(states[:-1]):
        stack.undo()
        assert diagram.state() == expected
    assert diagram == small_diagram()
    _check_scene(scene)
    while stack.canRedo():
        stack.redo()
    assert diagram.state() == states[-1]
    _check_scene(scene)
    scene.detach()
