"""View > Perspectives...: one, several or all perspectives of a merged map, an agreement threshold, their loops."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ...analysis.loops import find_loops
from ...analysis.perspectives import perspective_names, perspective_view
from .compare import LOOP_LIMIT, HighlightingDialog, cycle_text


def _buddy(label: QLabel, widget: QWidget) -> QLabel:
    label.setBuddy(widget)  # Alt + the underlined letter moves to the widget
    return label


# ---------------------------------------------------------- perspectives
class PerspectivesDialog(HighlightingDialog):
    """Show chosen perspectives of a merged map, links drawn by at least N people, and their loops."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setWindowTitle("Perspectives")
        d = window.diagram
        self.names = perspective_names(d)
        self.choices = QListWidget()
        self.choices.setAccessibleName("Perspectives shown")
        for name in self.names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.choices.addItem(item)
        most = max([len(link.perspectives) for link in d.links.values()] + [1])
        self.threshold = QSlider(Qt.Orientation.Horizontal)
        self.threshold.setRange(1, most)
        self.threshold.setPageStep(1)
        self.threshold.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.threshold.setAccessibleName("Show links drawn by at least this many perspectives")
        self.threshold_label = QLabel()
        self.loops = QListWidget()
        self.loops.setAccessibleName("Loops the chosen perspectives see")
        layout = QVBoxLayout(self)
        if not self.names:
            layout.addWidget(QLabel("This diagram records no perspectives. Merge several people's diagrams "
                                    "(File > Merge Perspectives...) to get one that does."))
        layout.addWidget(_buddy(QLabel("&Show these perspectives:"), self.choices))
        layout.addWidget(self.choices)
        row = QHBoxLayout()
        row.addWidget(self.threshold_label)
        row.addWidget(self.threshold, 1)
        layout.addLayout(row)
        layout.addWidget(_buddy(QLabel("&Loops they see (with their signs):"), self.loops))
        layout.addWidget(self.loops)
        # The loops of the whole map that no single person drew: what putting the views together found.
        self.new_loops = QListWidget()
        self.new_loops.setAccessibleName("Loops no single perspective drew")
        found = find_loops(d, limit=LOOP_LIMIT)
        for loop in found.loops:
            if self.names and not set.intersection(*(set(d.links[lid].perspectives) for lid in loop.links)):
                self.new_loops.addItem(f"{loop.name}  {cycle_text(loop.variable_names(d))}")
        # A map with more loops than are searched is said to be so: the list is then not all of them.
        more = "" if found.complete else f", looked for among the shortest {LOOP_LIMIT:,} loops only: the map has more"
        layout.addWidget(_buddy(QLabel(f"Loops &no single perspective drew ({self.new_loops.count()}{more}):"),
                                self.new_loops))
        layout.addWidget(self.new_loops)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.choices.itemChanged.connect(lambda _item: self.apply())
        self.threshold.valueChanged.connect(lambda _value: self.apply())
        self.resize(560, 680)
        self.apply()
        if self.names:  # the keyboard starts on the first perspective: Space shows or hides it
            self.choices.setCurrentRow(0)
        self.choices.setFocus()

    def chosen(self) -> list[str]:
        return [self.choices.item(i).text() for i in range(self.choices.count())
                if self.choices.item(i).checkState() == Qt.CheckState.Checked]

    def visible(self) -> tuple[list[str], list[str]]:
        """The variables and links shown: drawn by a chosen perspective, links by at least N of all."""
        d = self.window_.diagram
        chosen = set(self.chosen())
        n = self.threshold.value()
        links = [lid for lid, link in d.links.items()
                 if chosen.intersection(link.perspectives) and len(link.perspectives) >= n]
        variables = {vid for vid, var in d.variables.items() if chosen.intersection(var.perspectives)}
        for lid in links:
            variables.update((d.links[lid].source, d.links[lid].target))
        return [vid for vid in d.variables if vid in variables], links

    def apply(self) -> None:
        n = self.threshold.value()
        self.threshold_label.setText(f"Links drawn by &at least {n}:")  # one mnemonic whatever the value
        self.threshold_label.setBuddy(self.threshold)
        variables, links = self.visible()
        self.window_.canvas.highlight(variables, links)
        self.loops.clear()
        chosen = self.chosen()
        if not chosen:
            return
        view = perspective_view(self.window_.diagram, chosen)
        keep = set(links)
        for loop in find_loops(view, limit=LOOP_LIMIT).loops:
            if keep.issuperset(loop.links):
                self.loops.addItem(f"{loop.name}  {cycle_text(loop.variable_names(view))}")

