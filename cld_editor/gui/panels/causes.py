"""Causes and uses of the selected variable, and the heat view of loops through each element.

The causes tree answers "what drives this?", the uses tree "what does this
drive?", each a few links deep, with the sign and delay of every link; a
branch that comes back to a variable already on it closes a loop and stops
there.  Double-click a variable in a tree to follow it.

The heat view counts the loops through every variable and link (in the
background: a big diagram has millions) and draws the counts on the canvas:
where many loops meet is where a change moves the most.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...analysis.leverage import Participation, loop_participation
from ...analysis.traces import TraceNode, causes_tree, uses_tree
from ...core.diagram import Diagram
from ...core.words import plural
from ..canvas.heat_overlay import clear_heat, set_heat
from ...analysis.loop_stream import Breather, affects_loops
from ..theme import Theme, system_theme
from .background import BackgroundJob

#: Most rows a tree shows (a dense diagram's tree grows as fan-in ** depth).
MAX_ROWS = 3_000
#: Most nodes a tree may have before it is built (the depth is lowered to stay under it).
TREE_BUDGET = 20_000
SIGN_TEXT = {"+": "+", "-": "\u2212", "?": "?"}


class _HeatJob(BackgroundJob):
    """Counts loops through every element on a background thread."""

    done = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("heat-count", parent)

    def start(self, diagram: Diagram) -> None:
        self.launch(lambda generation, cancel: self._run(generation, diagram, cancel))

    def _run(self, generation: int, diagram: Diagram, cancel: threading.Event) -> None:
        breathe = Breather()

        def should_stop() -> bool:
            if cancel.is_set():
                return True
            breathe()
            return False

        result = loop_participation(diagram, should_stop)
        if not cancel.is_set():
            self.done.emit(generation, result)


class CausesPanel(QWidget):
    """Causes and uses trees of one variable, and the heat-view switch.

    ``canvas`` (optional) is the scene: its ``selection_changed`` signal picks
    the variable; the heat view draws on it.
    """

    heat_ready = Signal(object)

    def __init__(self, diagram: Diagram, canvas: Any = None, theme: Theme | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("causes-panel")
        self.diagram = diagram
        self.canvas = canvas
        self.theme = theme or system_theme()
        self.variable_id: str | None = None
        self.participation: Participation | None = None
        self._heat = _HeatJob()  # no Qt parent: its thread may report after the panel is gone
        self._heat.done.connect(self._on_heat)
        self.destroyed.connect(self._heat.cancel)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(150)
        self._refresh_timer.timeout.connect(self._refresh)
        self._build()
        diagram.subscribe(self._on_event)
        if canvas is not None and hasattr(canvas, "selection_changed"):
            canvas.selection_changed.connect(self._on_selection)
        self._refresh()

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("causes-title")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.depth_box = QSpinBox()
        self.depth_box.setRange(1, 6)
        self.depth_box.setValue(3)
        self.depth_box.setPrefix("Depth ")
        self.depth_box.setSuffix(" links")
        self.depth_box.setToolTip("How many links to follow upstream and downstream")
        self.depth_box.valueChanged.connect(self._refresh)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.depth_box)

        self.causes = self._tree("Causes: what drives it")
        self.uses = self._tree("Uses: what it drives")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.causes)
        splitter.addWidget(self.uses)
        splitter.setChildrenCollapsible(False)

        self.heat_box = QCheckBox("Heat view: loops through each variable and link")
        self.heat_box.setToolTip("Count the loops through every variable and link and show the counts on the "
                                 "canvas: where many loops meet, a change moves the most")
        self.heat_box.toggled.connect(self.set_heat_view)
        self.heat_summary = QLabel()
        self.heat_summary.setObjectName("heat-summary")
        self.heat_summary.setWordWrap(True)
        self.heat_summary.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(head)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.heat_box)
        layout.addWidget(self.heat_summary)

    def _tree(self, heading: str) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setHeaderLabels([heading, "Sign", "Delay"])
        tree.setColumnWidth(0, 220)
        tree.setColumnWidth(1, 44)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.itemDoubleClicked.connect(self._follow)
        return tree

    # ------------------------------------------------------------ subject
    def set_variable(self, variable_id: str | None) -> None:
        """Show the causes and uses of ``variable_id`` (``None``: nothing selected)."""
        self.variable_id = variable_id
        self._refresh()

    def _on_selection(self, variable_ids: list, _link_ids: list) -> None:
        if variable_ids:
            self.set_variable(variable_ids[0])

    def _follow(self, item: QTreeWidgetItem, _column: int) -> None:
        vid = item.data(0, Qt.ItemDataRole.UserRole)
        if vid and vid in self.diagram.variables:
            self.set_variable(vid)
            if self.canvas is not None and hasattr(self.canvas, "select_ids"):
                self.canvas.select_ids(variable_ids=[vid])

    def _on_event(self, event: Any) -> None:
        # Moves and bends change neither the trees nor the counts (the heat
        # overlay follows them by itself).
        if not affects_loops(event):
            return
        self._refresh_timer.start()
        if self.heat_box.isChecked():
            self._heat_start()

    # -------------------------------------------------------------- trees
    def _refresh(self) -> None:
        self._refresh_timer.stop()
        if self.variable_id is not None and self.variable_id not in self.diagram.variables:
            self.variable_id = None
        self.causes.clear()
        self.uses.clear()
        if self.variable_id is None:
            self.title.setText("Select a variable to see its causes and uses")
            return
        name = self.diagram.variables[self.variable_id].name
        depth = min(self.depth_box.value(), self.safe_depth())
        limited = f" (dense diagram: {depth} link{'s' if depth != 1 else ''} deep)" \
            if depth < self.depth_box.value() else ""
        self.title.setText(f"Causes and uses of \u201c{name}\u201d{limited}")
        for tree, node, arrow in ((self.causes, causes_tree(self.diagram, self.variable_id, depth), "\u2190"),
                                  (self.uses, uses_tree(self.diagram, self.variable_id, depth), "\u2192")):
            budget = [MAX_ROWS]
            root = self._item(node, name, budget)
            tree.addTopLevelItem(root)
            if not node.children:
                empty = QTreeWidgetItem(["nothing" if arrow == "\u2192" else "nothing: it is not driven by any "
                                         "variable"])
                empty.setForeground(0, QBrush(self.theme.muted))
                root.addChild(empty)
            if budget[0] <= 0:
                more = QTreeWidgetItem([f"\u2026 more than {MAX_ROWS:,} rows: lower the depth"])
                more.setForeground(0, QBrush(self.theme.muted))
                tree.addTopLevelItem(more)
            tree.expandToDepth(1)

    def safe_depth(self) -> int:
        """The deepest tree that stays small: a tree grows as (links per variable) ** depth."""
        fan = max((max(len(self.diagram.links_into(v)), len(self.diagram.links_from(v)))
                   for v in self.diagram.variables), default=1)
        depth = 1
        while depth < self.depth_box.maximum() and fan ** (depth + 1) <= TREE_BUDGET:
            depth += 1
        return depth

    def _item(self, node: TraceNode, name: str | None, budget: list[int]) -> QTreeWidgetItem:
        variables = self.diagram.variables
        label = name if name is not None else variables[node.variable].name
        if node.repeated:
            label += "  (closes a loop)"
        item = QTreeWidgetItem([label, SIGN_TEXT.get(node.polarity or "", ""), "delay" if node.delayed else ""])
        item.setData(0, Qt.ItemDataRole.UserRole, node.variable)
        if node.polarity is not None:
            word = {"+": "same direction", "-": "opposite direction", "?": "unknown effect"}[node.polarity]
            item.setToolTip(1, word)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignCenter)
        if node.repeated:
            font = QFont(item.font(0))
            font.setItalic(True)
            item.setFont(0, font)
        budget[0] -= 1
        for child in node.children:
            if budget[0] <= 0:
                break
            item.addChild(self._item(child, None, budget))
        return item

    # --------------------------------------------------------------- heat
    def set_heat_view(self, on: bool) -> None:
        """Show or hide the loop counts on the canvas."""
        if self.heat_box.isChecked() != on:
            self.heat_box.setChecked(on)  # comes back here through toggled
            return
        if on:
            self.heat_summary.setText("Counting the loops through each variable and link\u2026")
            self.heat_summary.show()
            self._heat_start()
        else:
            self._heat.cancel()
            self.participation = None
            self.heat_summary.hide()
            if self.canvas is not None:
                clear_heat(self.canvas)

    def _heat_start(self) -> None:
        self._heat.start(self.diagram.copy())

    def _on_heat(self, generation: int, result: Participation) -> None:
        if generation != self._heat.generation or not self.heat_box.isChecked():
            return
        self.participation = result
        if self.canvas is not None:
            set_heat(self.canvas, result.variables, result.links)
        top = sorted(((n, vid) for vid, n in result.variables.items() if n > 0), reverse=True)[:3]
        if not result.total:
            text = "No loops yet: nothing to count."
        else:
            names = ", ".join(f"{self.diagram.variables[vid].name} ({n:,})" for n, vid in top
                              if vid in self.diagram.variables)
            text = f"{plural(result.total, 'loop', thousands=True)}. " + (
                f"It passes through {names}." if result.total == 1 else f"Most pass through {names}.")
        self.heat_summary.setText(text)
        self.heat_ready.emit(result)

    def detach(self) -> None:
        """Stop following the diagram (before the panel is dropped)."""
        self.diagram.unsubscribe(self._on_event)
        self._heat.cancel()
        self._heat.wait(5.0)
        if self.canvas is not None and self.heat_box.isChecked():
            clear_heat(self.canvas)
