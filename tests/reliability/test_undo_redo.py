"""Undo and redo, proved on long random edit sequences.

Random but valid edits (the window only pushes edits that pass its checks)
go through the real undo commands on a QUndoStack, with undos and redos mixed
in, and sometimes merged edits.  Undo all must restore the first diagram
exactly (``Diagram.state()``: every element, field and the order), redo all
the last, and every step in between must match the state recorded when that
step was made.  A mirror kept only from the model's events must agree with the
model at every point, since the canvas is drawn from those events.

A second, Qt-free test checks the same invariant on the model alone, undoing
with the (element, index) pairs that ``remove`` and ``remove_variable`` return.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cld_editor.core import Diagram
from cld_editor.core.elements import Link, LoopLabel, Note, SimulationSettings, Variable
from cld_editor.core.events import DiagramReset, ElementAdded, ElementChanged, ElementRemoved
from cld_editor.core.naming import name_key
from tests.conftest import build

LONG = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
NAMES = ["Jobs", "Skills", "Crime", "Housing", "Trust", "Debt", "Health", "Stress", "Spending", "Waiting list",
         "Staff", "Morale", "jobs ", "Demand", "Capacity", "Backlog"]


def start_diagram() -> Diagram:
    d = build(["Jobs", "Worklessness", "Local spending", "Skills"],
              [("Jobs", "Worklessness", "-"), ("Worklessness", "Local spending", "-"),
               ("Local spending", "Jobs", "+"), ("Worklessness", "Skills", "-", True), ("Skills", "Jobs", "+")],
              title="Stoke")
    d.insert("note", Note("n1", "A note", 10, 10))
    d.insert("loop_label", LoopLabel("loop1", code="R1", name="Decline", x=5, y=5))
    return d


class Mirror:
    """What a view knows of the diagram, kept only from its events."""

    def __init__(self, diagram: Diagram) -> None:
        self.diagram = diagram
        self.reset()
        diagram.subscribe(self.on_event)

    def reset(self) -> None:
        self.items = {kind: dict(self.diagram.elements(kind)) for kind in ("variable", "link", "loop_label", "note")}

    def on_event(self, event) -> None:
        if isinstance(event, ElementAdded):
            assert event.element.id not in self.items[event.kind]
            self.items[event.kind][event.element.id] = event.element
        elif isinstance(event, ElementRemoved):
            assert self.items[event.kind].pop(event.element.id) == event.element
        elif isinstance(event, ElementChanged):
            assert self.items[event.kind][event.new.id] == event.old
            self.items[event.kind][event.new.id] = event.new
        elif isinstance(event, DiagramReset):
            self.reset()

    def agrees(self) -> bool:
        return all(self.items[kind] == dict(self.diagram.elements(kind)) for kind in self.items)


def _free_name(d: Diagram, data) -> str | None:
    free = [n for n in NAMES if d.variable_by_name(n) is None and name_key(n) not in
            {name_key(v.name) for v in d.variables.values()}]
    return data.draw(st.sampled_from(free)) if free else None


def _free_pair(d: Diagram, data) -> tuple[str, str] | None:
    ids = list(d.variables)
    pairs = [(a, b) for a in ids for b in ids if d.link_between(a, b) is None]
    return data.draw(st.sampled_from(pairs)) if pairs else None


_COORD = st.floats(-5000, 5000, allow_nan=False).map(lambda v: round(v, 2))


def random_command(d: Diagram, data):
    """One valid command for the current diagram, or None when the drawn edit does not apply."""
    from cld_editor import commands as c

    op = data.draw(st.sampled_from([
        "add variable", "add variable and link", "add link", "remove", "remove many", "rename", "kind",
        "move", "polarity", "curvature drag", "title", "simulation", "note", "label",
    ]))
    if op == "add variable":
        name = _free_name(d, data)
        return name and c.AddElements(d, [("variable", Variable(d.new_id("variable"), name, data.draw(_COORD), 0))])
    if op == "add variable and link":
        name = _free_name(d, data)
        if not name or not d.variables:
            return None
        var = Variable(d.new_id("variable"), name, 0, data.draw(_COORD))
        source = data.draw(st.sampled_from(list(d.variables)))
        link = Link(d.new_id("link"), source, var.id, data.draw(st.sampled_from("+-?")))
        return c.AddElements(d, [("variable", var), ("link", link)])
    if op == "add link":
        pair = _free_pair(d, data)
        return pair and c.AddElements(d, [("link", Link(d.new_id("link"), *pair, data.draw(st.sampled_from("+-?")),
                                                        delay=data.draw(st.booleans())))])
    if op in ("remove", "remove many"):
        everything = [(kind, eid) for kind in ("variable", "link", "note", "loop_label") for eid in d.elements(kind)]
        if not everything:
            return None
        count = 1 if op == "remove" else data.draw(st.integers(1, min(5, len(everything))))
        targets = data.draw(st.lists(st.sampled_from(everything), min_size=count, max_size=count))
        return c.RemoveElements(d, targets)
    if op == "rename":
        name = _free_name(d, data)
        if not name or not d.variables:
            return None
        return c.UpdateElement(d, "variable", data.draw(st.sampled_from(list(d.variables))), {"name": name})
    if op == "kind":
        if not d.variables:
            return None
        vid = data.draw(st.sampled_from(list(d.variables)))
        kind = data.draw(st.sampled_from(["auxiliary", "stock", "constant"]))
        return c.UpdateElement(d, "variable", vid, {"kind": kind, "equation": data.draw(st.sampled_from([None, "1"]))})
    if op == "move":
        movable = [(k, i) for k in ("variable", "note", "loop_label") for i in d.elements(k)]
        if not movable:
            return None
        chosen = data.draw(st.lists(st.sampled_from(movable), min_size=1, max_size=4, unique=True))
        return c.MoveElements(d, {key: (data.draw(_COORD), data.draw(_COORD)) for key in chosen})
    if op == "polarity":
        if not d.links:
            return None
        lid = data.draw(st.sampled_from(list(d.links)))
        return c.UpdateElement(d, "link", lid, {"polarity": data.draw(st.sampled_from("+-?")),
                                                 "delay": data.draw(st.booleans())})
    if op == "curvature drag":
        if not d.links:
            return None
        lid = data.draw(st.sampled_from(list(d.links)))
        return c.UpdateElement(d, "link", lid, {"curvature": data.draw(st.floats(-1, 1, allow_nan=False))},
                               merge_key=c.edits.MERGE_CURVATURE)
    if op == "title":
        return c.SetDiagramProperty(d, "title", data.draw(st.text(max_size=12)))
    if op == "simulation":
        stop = data.draw(st.integers(1, 500))
        return c.SetDiagramProperty(d, "simulation", SimulationSettings(start=0, stop=stop, dt=0.5,
                                                                         method=data.draw(st.sampled_from(["euler", "rk4"]))))
    if op == "note":
        return c.AddElements(d, [("note", Note(d.new_id("note"), data.draw(st.text(max_size=20)), 0, 0))])
    return c.AddElements(d, [("loop_label", LoopLabel(d.new_id("loop_label"), code="B1", x=1, y=2))])


@LONG
@given(data=st.data())
def test_random_edit_sequences_undo_and_redo_exactly(qapp, data):
    # qapp: pytest-qt's application; QUndoStack is a QObject.
    from PySide6.QtGui import QUndoStack

    d = start_diagram()
    mirror = Mirror(d)
    stack = QUndoStack()
    states = {0: d.state()}
    for _ in range(data.draw(st.integers(20, 120))):
        action = data.draw(st.sampled_from(["edit"] * 6 + ["undo", "redo"]))
        if action == "undo" and stack.canUndo():
            stack.undo()
        elif action == "redo" and stack.canRedo():
            stack.redo()
        else:
            command = random_command(d, data)
            if not command:
                continue
            stack.push(command)
        # After a push that drops the redo branch, later indexes are gone; overwrite as we go.
        states[stack.index()] = d.state()
        assert mirror.agrees()
    final_index, final = stack.index(), d.state()
    while stack.canUndo():
        stack.undo()
        assert d.state() == states[stack.index()], f"undo to step {stack.index()} differs"
        assert mirror.agrees()
    assert d.state() == states[0]
    while stack.canRedo():
        stack.redo()
        if stack.index() <= final_index:
            assert d.state() == states[stack.index()], f"redo to step {stack.index()} differs"
    if stack.index() == final_index:
        assert d.state() == final
    assert mirror.agrees()


# --------------------------------------------------------- model only, no Qt
def _model_edit(d: Diagram, data, undo_log: list) -> None:
    """Apply one random valid edit and push the function that reverses it."""
    op = data.draw(st.sampled_from(["add variable", "add link", "remove variable", "remove link", "update",
                                    "title", "note"]))
    if op == "add variable":
        name = _free_name(d, data)
        if name:
            var = d.new_variable(name, data.draw(_COORD), data.draw(_COORD))
            undo_log.append(lambda: d.remove("variable", var.id))
    elif op == "add link":
        pair = _free_pair(d, data)
        if pair:
            link = d.new_link(*pair, data.draw(st.sampled_from("+-?")))
            undo_log.append(lambda: d.remove_link(link.id))
    elif op == "remove variable" and d.variables:
        removed = d.remove_variable(data.draw(st.sampled_from(list(d.variables))))

        def put_back(removed=removed):
            for element, index in reversed(removed):
                d.insert("variable" if isinstance(element, Variable) else "link", element, index)
        undo_log.append(put_back)
    elif op == "remove link" and d.links:
        element, index = d.remove_link(data.draw(st.sampled_from(list(d.links))))
        undo_log.append(lambda: d.insert("link", element, index))
    elif op == "update" and d.variables:
        vid = data.draw(st.sampled_from(list(d.variables)))
        old, _ = d.update_variable(vid, x=data.draw(_COORD), notes=data.draw(st.text(max_size=10)))
        undo_log.append(lambda: d.update("variable", vid, **{k: getattr(old, k) for k in ("x", "notes")}))
    elif op == "title":
        old = d.set_property("title", data.draw(st.text(max_size=10)))
        undo_log.append(lambda: d.set_property("title", old))
    elif op == "note":
        note = d.insert("note", Note(d.new_id("note"), "n", 0, 0), data.draw(st.integers(0, 5)))
        undo_log.append(lambda: d.remove("note", note.id))


@LONG
@given(data=st.data())
def test_model_edits_reverse_exactly_without_qt(data):
    d = start_diagram()
    first = d.state()
    undo_log: list = []
    states = [first]
    for _ in range(data.draw(st.integers(20, 150))):
        before = len(undo_log)
        _model_edit(d, data, undo_log)
        if len(undo_log) > before:
            states.append(d.state())
    for step in range(len(undo_log) - 1, -1, -1):
        undo_log[step]()
        assert d.state() == states[step]
    assert d.state() == first
    copy = d.copy()
    assert copy == d and replace(next(iter(d.variables.values()))) in d.variables.values()
