"""Loops > Evidence Gaps...: every loop with its confidence (its weakest link), the gaps first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...analysis.evidence import confidence_sort_key, loop_confidence
from ...analysis.loops import find_loops
from .compare import LOOP_LIMIT, HighlightingDialog, cycle_text

LEGEND = ("Line styles: solid \u2014 strong, moderate or not stated; dashed \u2014 weak; "
          "dotted \u2014 hypothesis; dash-dot \u2014 contested.")


#: The orders the Sort by box offers: (words, (column, order)); the least supported loops first by default.
SORTS = [("Least sure first", (1, Qt.SortOrder.DescendingOrder)),
         ("Surest first", (1, Qt.SortOrder.AscendingOrder)),
         ("Loop name", (0, Qt.SortOrder.AscendingOrder))]


class EvidenceGapsDialog(HighlightingDialog):
    """Every loop with its confidence; the evidence gaps first; choosing one highlights it."""

    COLUMNS = ["Loop", "Confidence", "Weak or hypothesis links", "Variables"]

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setWindowTitle("Evidence Gaps")
        d = window.diagram
        found = find_loops(d, limit=LOOP_LIMIT)
        rows = []
        for loop in found.loops:
            weak = [lid for lid in loop.links if d.links[lid].evidence.confidence in ("weak", "hypothesis")]
            rows.append((loop, loop_confidence(d, loop), weak))
        self.only_gaps = QCheckBox("Only &evidence gaps (loops resting on weak or hypothesis links)")
        self.only_gaps.setChecked(True)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setAccessibleName("Loops and their confidence")
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; the arrow keys move in it
        # The sort order without the mouse on a column header.
        self.sort_box = QComboBox()
        for text, order in SORTS:
            self.sort_box.addItem(text, order)
        self.rows = rows
        self.only_gaps.toggled.connect(self._fill)
        self.sort_box.currentIndexChanged.connect(lambda _index: self._sort())
        self.table.currentCellChanged.connect(lambda row, *_: self._show(row))
        layout = QVBoxLayout(self)
        gaps = sum(1 for *_, weak in rows if weak)
        more = "" if found.complete else f" (the shortest {LOOP_LIMIT:,} only: the diagram has more)"
        layout.addWidget(QLabel(f"{gaps} of {len(rows)} loops{more} rest on weak or hypothesis links. "
                                "A loop is only as sure as its weakest link."))
        row = QHBoxLayout()
        row.addWidget(self.only_gaps, 1)
        sort_label = QLabel("&Sort by:")
        sort_label.setBuddy(self.sort_box)
        row.addWidget(sort_label)
        row.addWidget(self.sort_box)
        layout.addLayout(row)
        loops_label = QLabel("&Loops (the arrow keys choose one; it is highlighted on the canvas):")
        loops_label.setBuddy(self.table)
        layout.addWidget(loops_label)
        layout.addWidget(self.table)
        legend = QLabel(LEGEND)
        legend.setWordWrap(True)
        layout.addWidget(legend)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self._fill()
        self.resize(820, 480)
        self.table.setFocus()

    def _fill(self) -> None:
        d = self.window_.diagram
        shown = [r for r in self.rows if r[2] or not self.only_gaps.isChecked()]
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(shown))
        for row, (loop, confidence, weak) in enumerate(shown):
            name = QTableWidgetItem(loop.name)
            name.setData(Qt.ItemDataRole.UserRole, (loop.variables, loop.links))
            level = QTableWidgetItem(confidence or "not stated")
            # Sorting by this column goes from the best supported loop to the least.
            level.setData(Qt.ItemDataRole.UserRole + 1, confidence_sort_key(confidence))
            weak_text = ", ".join(f"{d.variables[d.links[lid].source].name} \u2192 "
                                  f"{d.variables[d.links[lid].target].name}" for lid in weak)
            cells = [name, _SortItem(level), QTableWidgetItem(weak_text),
                     QTableWidgetItem(cycle_text(loop.variable_names(d)))]
            for col, cell in enumerate(cells):
                self.table.setItem(row, col, cell)
        self.table.setSortingEnabled(True)
        self._sort()
        self.table.resizeColumnsToContents()

    def _sort(self) -> None:
        column, order = self.sort_box.currentData()
        self.table.sortItems(column, order)

    def _show(self, row: int) -> None:
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            return
        variables, links = item.data(Qt.ItemDataRole.UserRole)
        self.window_.canvas.highlight(variables, links)


class _SortItem(QTableWidgetItem):
    """A cell that sorts by its confidence rank, not its text."""

    def __init__(self, source: QTableWidgetItem) -> None:
        super().__init__(source.text())
        self.setData(Qt.ItemDataRole.UserRole + 1, source.data(Qt.ItemDataRole.UserRole + 1))

    def __lt__(self, other: QTableWidgetItem) -> bool:
        return self.data(Qt.ItemDataRole.UserRole + 1) < other.data(Qt.ItemDataRole.UserRole + 1)
