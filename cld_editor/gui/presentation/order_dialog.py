"""The build-order dialog: the trainer decides in which order variables appear.

The order is saved in the diagram (``extra["presentation"]["order"]``, see
:mod:`cld_editor.analysis.presentation_steps`) by one undoable edit, so it travels with the file.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...analysis.loops import find_loops
from ...commands import SetDiagramProperty
from ...core.diagram import Diagram
from ...analysis.presentation_steps import ORDER_KEY, build_order, default_order, with_order


class BuildOrderDialog(QDialog):
    """Reorder the variables by dragging them (or with the Up/Down buttons)."""

    def __init__(self, diagram: Diagram, undo_stack: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Presentation Build Order")
        self.diagram = diagram
        # Without the window's stack (a dialog on its own) the step goes on a stack of its own.
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        loops = find_loops(diagram, limit=200).loops
        self._default = default_order(diagram, loops)
        intro = QLabel("Presentation mode shows the variables in this order, one step each. Drag them into the "
                       "order you want to tell the story in.")
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setAlternatingRowColors(True)
        self._fill([v for group in build_order(diagram, loops) for v in group])
        up = QPushButton("Move Up")
        down = QPushButton("Move Down")
        reset = QPushButton("Loop by Loop")
        reset.setToolTip("The automatic order: the shortest loop first, then each loop adds its variables")
        up.clicked.connect(lambda: self.move(-1))
        down.clicked.connect(lambda: self.move(1))
        reset.clicked.connect(lambda: self._fill([v for group in self._default for v in group]))
        side = QVBoxLayout()
        for button in (up, down, reset):
            side.addWidget(button)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.list, 1)
        middle.addLayout(side)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(middle, 1)
        layout.addWidget(buttons)
        self.resize(420, 480)

    def _fill(self, ids: list[str]) -> None:
        self.list.clear()
        for vid in ids:
            item = QListWidgetItem(self.diagram.variables[vid].name)
            item.setData(Qt.ItemDataRole.UserRole, vid)
            self.list.addItem(item)

    def order(self) -> list[str]:
        """The variable ids in the order shown."""
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def move(self, delta: int) -> None:
        row = self.list.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def accept(self) -> None:
        self.save()
        super().accept()

    def save(self) -> None:
        """Store the order in the diagram (one undoable step); the automatic order stores nothing."""
        order = self.order()
        automatic = [v for group in self._default for v in group]
        if order == automatic:
            extra = dict(self.diagram.extra)
            section = dict(extra.get(ORDER_KEY) or {})
            section.pop("order", None)
            if section:
                extra[ORDER_KEY] = section
            else:
                extra.pop(ORDER_KEY, None)
        else:
            extra = with_order(self.diagram, [[v] for v in order])
        if extra == dict(self.diagram.extra):
            return
        self.undo_stack.push(SetDiagramProperty(self.diagram, "extra", extra, "Set presentation build order"))
