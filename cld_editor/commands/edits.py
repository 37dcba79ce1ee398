"""The undoable edits of a diagram.

Each command keeps what it needs to go back exactly: removed elements with
their former positions in the diagram's order, and the old values of changed
fields.  ``redo`` runs when the command is pushed on a stack.

Every command is a :class:`DiagramEdit`: it does its own change in ``apply``
and takes it back in ``revert``, and it can take on *consequences* worked out
after it was done (the loop labels the loop search renumbers once it has
caught up with the edit), which its redo repeats and its undo takes back
first, so edit and consequence stay one step in the history.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.diagram import Diagram
from ..core.elements import Variable

#: Merge ids for commands that fold a run of small edits into one step.
MERGE_CURVATURE = 101


class DiagramEdit(QUndoCommand):
    """An undoable edit of a diagram: ``apply`` and ``revert``, plus any consequences added later."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.consequences: list[QUndoCommand] = []

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        self.apply()
        for command in self.consequences:
            command.redo()

    def undo(self) -> None:
        for command in reversed(self.consequences):
            command.undo()
        self.revert()

    def follow_with(self, command: QUndoCommand) -> None:
        """Do ``command`` now as part of this edit: the same undo step takes back both."""
        command.redo()
        self.consequences.append(command)


def record_consequence(stack: QUndoStack, command: QUndoCommand) -> None:
    """Do ``command``, a change the program worked out from the diagram as it now is, inside the history.

    It becomes part of the step that undo would take back next, so undoing
    that step takes back both.  With no
    step yet (a diagram as opened) it is a step of its own.  When the user has
    taken every step back it is not done at all: the diagram stays as they
    asked, and redo still works.  A saved diagram that changes this way is no
    longer clean: the file lacks the change.
    """
    index = stack.index()
    if index == 0:
        if stack.count() == 0:
            stack.push(command)
        return
    top = stack.command(index - 1)
    if not isinstance(top, DiagramEdit):
        stack.push(command)
        return
    clean = stack.isClean()
    top.follow_with(command)
    if clean:
        stack.resetClean()


class AddElements(DiagramEdit):
    """Add elements: ``[(kind, element), ...]`` in order (variables before their links)."""

    def __init__(self, diagram: Diagram, elements: Sequence[tuple[str, Any]], text: str = "Add") -> None:
        super().__init__(text)
        self.diagram = diagram
        self.elements = list(elements)

    def apply(self) -> None:
        for kind, element in self.elements:
            self.diagram.insert(kind, element)

    def revert(self) -> None:
        for kind, element in reversed(self.elements):
            self.diagram.remove(kind, element.id)


class RemoveElements(DiagramEdit):
    """Remove elements by ``(kind, id)``; a variable takes its links with it."""

    def __init__(self, diagram: Diagram, targets: Iterable[tuple[str, str]], text: str = "Delete") -> None:
        super().__init__(text)
        self.diagram = diagram
        order = {"link": 0, "note": 1, "loop_label": 2, "variable": 3}
        self.targets = sorted(dict.fromkeys(targets), key=lambda t: order[t[0]])
        self.removed: list[tuple[str, Any, int]] = []

    def apply(self) -> None:
        self.removed = []
        for kind, element_id in self.targets:
            if element_id not in self.diagram.elements(kind):
                continue  # a link already gone with its variable
            if kind == "variable":
                for element, index in self.diagram.remove_variable(element_id):
                    self.removed.append(("variable" if isinstance(element, Variable) else "link", element, index))
            else:
                element, index = self.diagram.remove(kind, element_id)
                self.removed.append((kind, element, index))

    def revert(self) -> None:
        for kind, element, index in reversed(self.removed):
            self.diagram.insert(kind, element, index)


class UpdateElement(DiagramEdit):
    """Change fields of one element; ``merge_key`` folds repeated edits of one field into one step."""

    def __init__(self, diagram: Diagram, kind: str, element_id: str, changes: dict[str, Any],
                 text: str = "Edit", merge_key: int = -1) -> None:
        super().__init__(text)
        self.diagram = diagram
        self.kind = kind
        self.element_id = element_id
        self.changes = dict(changes)
        old = diagram.get(kind, element_id)
        self.old = {key: getattr(old, key) for key in self.changes}
        self.merge_key = merge_key
        # A renamed variable takes its name along in every equation that uses it (same undo step).
        self.followers: dict[str, dict[str, Any]] = {}
        if kind == "variable" and "name" in self.changes:
            from ..sim.rename import renamed_equations

            self.followers = renamed_equations(diagram, element_id, self.changes["name"])
        self.followers_old = {vid: {key: getattr(diagram.variables[vid], key) for key in fields}
                              for vid, fields in self.followers.items()}

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self.merge_key

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, UpdateElement) or (other.kind, other.element_id) != (self.kind, self.element_id):
            return False
        if set(other.changes) != set(self.changes):
            return False
        self.changes = other.changes
        return True

    def apply(self) -> None:
        self.diagram.update(self.kind, self.element_id, **self.changes)
        for vid, fields in self.followers.items():
            self.diagram.update_variable(vid, **fields)

    def revert(self) -> None:
        for vid, fields in self.followers_old.items():
            self.diagram.update_variable(vid, **fields)
        self.diagram.update(self.kind, self.element_id, **self.old)


class UpdateMany(DiagramEdit):
    """Change fields of several elements at once: ``[(kind, id, changes), ...]``."""

    def __init__(self, diagram: Diagram, edits: Sequence[tuple[str, str, dict[str, Any]]], text: str = "Edit") -> None:
        super().__init__(text)
        self.diagram = diagram
        self.edits = [(kind, eid, dict(changes)) for kind, eid, changes in edits]
        self.old = []
        for kind, eid, changes in self.edits:
            element = diagram.get(kind, eid)
            self.old.append((kind, eid, {key: getattr(element, key) for key in changes}))

    def apply(self) -> None:
        for kind, eid, changes in self.edits:
            self.diagram.update(kind, eid, **changes)

    def revert(self) -> None:
        for kind, eid, changes in reversed(self.old):
            self.diagram.update(kind, eid, **changes)


class MoveElements(UpdateMany):
    """Move elements: ``{(kind, id): (x, y)}`` (a whole drag is one command)."""

    def __init__(self, diagram: Diagram, positions: dict[tuple[str, str], tuple[float, float]],
                 text: str = "Move") -> None:
        super().__init__(diagram, [(k, i, {"x": float(x), "y": float(y)}) for (k, i), (x, y) in positions.items()],
                         text)


class Batch(DiagramEdit):
    """Several commands done and undone as one step (undone in reverse order)."""

    def __init__(self, commands: Sequence[QUndoCommand], text: str) -> None:
        super().__init__(text)
        self.commands = list(commands)

    def apply(self) -> None:
        for command in self.commands:
            command.redo()

    def revert(self) -> None:
        for command in reversed(self.commands):
            command.undo()


class SetDiagramProperty(DiagramEdit):
    """Change a diagram-wide property such as the title."""

    def __init__(self, diagram: Diagram, key: str, value: Any, text: str = "Edit diagram") -> None:
        super().__init__(text)
        self.diagram = diagram
        self.key = key
        self.value = value
        self.old = getattr(diagram, key)

    def apply(self) -> None:
        self.diagram.set_property(self.key, self.value)

    def revert(self) -> None:
        self.diagram.set_property(self.key, self.old)
