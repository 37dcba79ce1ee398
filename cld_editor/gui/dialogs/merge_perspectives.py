"""File > Merge Perspectives...: the matching table of close names, confirmed or rejected before the merge."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...analysis.merge import MergeResult, merge
from ...core.diagram import Diagram


class MergeDialog(QDialog):
    """The matching table: close names to confirm as one variable before the merge."""

    def __init__(self, parent: QWidget | None, sources: list[tuple[str, Diagram]]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge Perspectives")
        self.sources = sources
        first = merge(sources)
        self.candidates = first.candidates
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            f"Merging {len(sources)} perspectives: {', '.join(first.labels)}.<br>"
            "Names that differ only in case, spaces, punctuation or plurals are matched already. "
            "Tick the close names below that mean the same thing."))
        self.table = QTableWidget(len(self.candidates), 3)
        self.table.setHorizontalHeaderLabels(["Same variable?", "Keep this name", "Merge in"])
        self.table.setAccessibleName("Close matches")
        for row, cand in enumerate(self.candidates):
            tick = QTableWidgetItem(f"{cand.score:.0f}% alike")
            tick.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            tick.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(row, 0, tick)
            for col, (name, who) in enumerate(((cand.first, cand.perspectives[0]),
                                               (cand.second, cand.perspectives[1])), start=1):
                cell = QTableWidgetItem(f"{name}  ({', '.join(who)})")
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, col, cell)
        self.table.resizeColumnsToContents()
        # Keyboard: arrows move, Space ticks or clears the row's match, Tab leaves the table, Enter merges.
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.installEventFilter(self)
        if self.candidates:
            self.table.setCurrentCell(0, 0)
        else:
            layout.addWidget(QLabel("<i>No close names: nothing to confirm.</i>"))
        matches = QLabel("&Close names (Space ticks or clears the chosen row; Enter merges):")
        matches.setBuddy(self.table)
        layout.addWidget(matches)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Merge")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 420)
        self.table.setFocus()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.table and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Space:
            self.toggle(self.table.currentRow())
            return True  # on any cell of the row, and only once (not again by the tick box's own handler)
        return super().eventFilter(watched, event)

    def toggle(self, row: int) -> None:
        """Tick (one variable) or clear (two variables) the close match in ``row``."""
        item = self.table.item(row, 0) if row >= 0 else None
        if item is not None:
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def confirmed(self) -> list[tuple[str, str]]:
        """The pairs ticked as one variable."""
        return [(c.first, c.second) for row, c in enumerate(self.candidates)
                if self.table.item(row, 0).checkState() == Qt.CheckState.Checked]

    def result(self) -> MergeResult:  # type: ignore[override]
        return merge(self.sources, same=self.confirmed())

