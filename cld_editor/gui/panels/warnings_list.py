"""The Warnings panel: what a modeller would want pointed out, kept current.

Isolated variables, links that are part of no loop, pairs linked both ways,
and loops with no delay and no stock (the solver needs one).  Clicking a
warning selects the variables and links it is about on the canvas.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QStyle, QVBoxLayout, QWidget

from ...analysis.diagnostics import Warning, diagnose
from ...core.diagram import Diagram
from ...core.events import ElementChanged

TITLES = {
    "isolated": "Isolated variables",
    "no-loop": "Links in no loop",
    "two-way": "Two-way links",
    "no-delay-loop": "Loop without a delay",
}


class WarningsPanel(QWidget):
    """The diagnostics of a diagram as a list; click to select what a warning is about.

    Signals
    -------
    count_changed(int)
        The number of warnings, after every refresh.
    """

    count_changed = Signal(int)

    def __init__(self, diagram: Diagram, canvas: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("warnings-panel")
        self.diagram = diagram
        self.canvas = canvas
        self.warnings: list[Warning] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("warnings-list")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.itemClicked.connect(self._select)
        self.list.itemActivated.connect(self._select)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)
        diagram.subscribe(self._on_event)
        self.refresh()

    def _on_event(self, event: Any) -> None:
        if isinstance(event, ElementChanged) and event.kind not in ("variable", "link"):
            return
        if isinstance(event, ElementChanged) and event.kind == "link" and \
                (event.old.source, event.old.target, event.old.delay) == (event.new.source, event.new.target,
                                                                         event.new.delay):
            return  # a sign or a bend changes no warning
        if isinstance(event, ElementChanged) and event.kind == "variable" and \
                (event.old.name, event.old.kind) == (event.new.name, event.new.kind):
            return  # a move
        self._timer.start()

    def refresh(self) -> None:
        """Run the checks again now."""
        self._timer.stop()
        self.warnings = diagnose(self.diagram)
        self.list.clear()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for warning in self.warnings:
            text = warning.message[:1].upper() + warning.message[1:]  # a line of its own here, a clause in check
            item = QListWidgetItem(icon, f"{TITLES.get(warning.code, warning.code)}\n{text}")
            item.setData(Qt.ItemDataRole.UserRole, warning)
            item.setToolTip("Click to select the variables and links this is about")
            self.list.addItem(item)
        if self.warnings:
            n = len(self.warnings)
            self.summary.setText(f"{n} warning{'s' if n != 1 else ''}. Click one to select what it is about.")
        elif self.diagram.variables:
            self.summary.setText("No warnings: every variable is linked and every loop can be simulated.")
        else:
            self.summary.setText("No warnings.")
        self.count_changed.emit(len(self.warnings))

    def _select(self, item: QListWidgetItem) -> None:
        warning: Warning = item.data(Qt.ItemDataRole.UserRole)
        if warning is None or self.canvas is None:
            return
        variables = [v for v in warning.variables if v in self.diagram.variables]
        links = [lk for lk in warning.links if lk in self.diagram.links]
        if hasattr(self.canvas, "select_ids"):
            self.canvas.select_ids(variable_ids=variables, link_ids=links)
        views = self.canvas.views() if hasattr(self.canvas, "views") else []
        if views and (variables or links):
            first = self.canvas.variables.get(variables[0]) if variables else self.canvas.links.get(links[0])
            if first is not None:
                views[0].ensureVisible(first)

    def detach(self) -> None:
        self.diagram.unsubscribe(self._on_event)
        self._timer.stop()
