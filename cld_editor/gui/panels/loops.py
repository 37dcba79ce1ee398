"""The Loops panel: every feedback loop, live, with its story.

The loops are found in the background (:mod:`.loop_worker`) and stream in
shortest first with a running count and a Stop button.  Each row shows the
loop's name (R1, B2, U1), its polarity as an icon *and* a word, its length,
a delay flag and its variables.  The list sorts by any column and filters by
polarity, by the variables selected on the canvas, by length and by text.

Selecting a loop highlights it on the canvas and dims the rest
(``canvas.highlight(variable_ids, link_ids)``); F8 and Shift+F8 step through
the loops from anywhere in the window.  "Add loop label" drops a label at
the loop's centre; the story below the list is the loop told in plain
English (:mod:`.loop_story`), and an edited story is saved on the loop's label
(both undoable).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...analysis.loops import Loop
from ...analysis.stories import story_label
from ...commands import intents
from ...core.diagram import Diagram
from ...core.events import ElementChanged
from .loop_story import LoopStory
from .loop_table import COLUMNS, NAME, LoopTableModel
from .loop_worker import LIST_LIMIT, LiveLoops, Outcome
from ..theme import Theme, system_theme

POLARITY_FILTERS = [("All loops", "RB?"), ("Reinforcing (R)", "R"), ("Balancing (B)", "B"), ("Unknown (U)", "?")]


def _n(count: int) -> str:
    return f"{count:,}"


class LoopsPanel(QWidget):
    """A list of the diagram's loops, kept current as the diagram changes.

    Parameters
    ----------
    diagram : Diagram
        The diagram to follow.
    canvas : object, optional
        The scene: ``highlight(variable_ids, link_ids)``, ``clear_highlight()``,
        ``selection_changed(variable_ids, link_ids)`` (a signal) and
        ``selected("variable")`` are used when present.
    undo_stack : QUndoStack, optional
        Where the label and story commands go (a stack of the panel's own without one).

    Signals
    -------
    loop_selected(object)
        The selected :class:`Loop`, or ``None``.
    message(str)
        A line for the status bar.
    """

    loop_selected = Signal(object)
    message = Signal(str)

    def __init__(self, diagram: Diagram, canvas: Any = None, undo_stack: Any = None, theme: Theme | None = None,
                 parent: QWidget | None = None, list_limit: int = LIST_LIMIT, debounce_ms: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loops-panel")
        self.diagram = diagram
        self.canvas = canvas
        # Without the window's stack (a panel on its own) the steps go on a stack of its own.
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.theme = theme or system_theme()
        options = {} if debounce_ms is None else {"debounce_ms": debounce_ms}
        self.live = LiveLoops(diagram, self, list_limit=list_limit, undo_stack=self.undo_stack, **options)
        self.model = LoopTableModel(diagram, self.theme, self)
        self._current: Loop | None = None
        self._keep_members: frozenset[str] | None = None
        self._selected_variables: list[str] = []
        self.story = LoopStory(diagram, self)
        self.story.edit.connect(self._push)
        self.story.message.connect(self.message)
        self._build()
        self.live.reset.connect(self._on_reset)
        self.live.loops_added.connect(self._on_loops)
        self.live.counting.connect(self._on_counting)
        self.live.done.connect(self._on_done)
        diagram.subscribe(self._on_diagram_event)
        if canvas is not None and hasattr(canvas, "selection_changed"):
            canvas.selection_changed.connect(self.set_selected_variables)
        self.live.restart()

    # ------------------------------------------------------------- build
    def _build(self) -> None:
        self.count_label = QLabel()
        self.count_label.setObjectName("loop-count")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setWordWrap(True)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop finding loops (the loops found so far stay listed)")
        self.stop_button.clicked.connect(self._stop_or_restart)
        top = QHBoxLayout()
        top.addWidget(self.count_label, 1)
        top.addWidget(self.stop_button)

        self.polarity_box = QComboBox()
        for text, _ in POLARITY_FILTERS:
            self.polarity_box.addItem(text)
        self.polarity_box.setToolTip("Show loops of one polarity")
        self.polarity_box.currentIndexChanged.connect(self._apply_filters)
        self.through_box = QCheckBox("Through selection")
        self.through_box.setToolTip("Show only loops through the variables selected on the canvas")
        self.through_box.toggled.connect(self._apply_filters)
        self.length_box = QSpinBox()
        self.length_box.setRange(0, 999)
        self.length_box.setSpecialValueText("Any length")
        self.length_box.setPrefix("At most ")
        self.length_box.setSuffix(" variables")
        self.length_box.setToolTip("Show loops of at most this many variables")
        self.length_box.valueChanged.connect(self._apply_filters)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Filter by loop or variable name")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self._apply_filters)
        # Two rows, so the panel can stand narrow beside the canvas (one row needed 470 pixels).
        filters = QVBoxLayout()
        kind_row, name_row = QHBoxLayout(), QHBoxLayout()
        kind_row.addWidget(self.polarity_box, 1)
        kind_row.addWidget(self.length_box, 1)
        name_row.addWidget(self.through_box)
        name_row.addWidget(self.search_box, 1)
        filters.addLayout(kind_row)
        filters.addLayout(name_row)

        self.table = QTableView()
        self.table.setObjectName("loops-table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(2, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in zip(range(len(COLUMNS) - 1), (56, 118, 70, 58, 86)):
            header.resizeSection(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.doubleClicked.connect(lambda _ix: self.add_label())

        self.add_label_button = QPushButton("Add Loop Label")
        self.add_label_button.setToolTip("Put a label with the loop's name at the centre of the selected loop")
        self.add_label_button.clicked.connect(self.add_label)
        self.prev_button = QToolButton()
        self.next_button = QToolButton()
        self.prev_action = QAction("P&revious Loop", self)
        self.prev_action.setShortcut(QKeySequence("Shift+F8"))
        self.prev_action.triggered.connect(lambda: self.step(-1))
        self.next_action = QAction("&Next Loop", self)
        self.next_action.setShortcut(QKeySequence("F8"))
        self.next_action.triggered.connect(lambda: self.step(1))
        self.table.installEventFilter(self)  # Esc in the list clears the highlight
        for action in (self.prev_action, self.next_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)
        self.prev_button.setDefaultAction(self.prev_action)
        self.next_button.setDefaultAction(self.next_action)
        self.prev_button.setText("\u25b2 Previous")
        self.next_button.setText("\u25bc Next")
        self.prev_button.setToolTip("Previous loop (Shift+F8)")
        self.next_button.setToolTip("Next loop (F8)")
        actions = QHBoxLayout()
        actions.addWidget(self.prev_button)
        actions.addWidget(self.next_button)
        actions.addStretch(1)
        actions.addWidget(self.add_label_button)

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addLayout(filters)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addLayout(actions)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(self.story)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)

    # ------------------------------------------------------------ search
    def _stop_or_restart(self) -> None:
        if self.live.running:
            self.live.stop()
        else:
            self.live.restart()

    def _on_reset(self) -> None:
        if self._current is not None:
            self._keep_members = frozenset(self._current.variables)
        self.model.clear()
        self.stop_button.setText("Stop")
        self.stop_button.setToolTip("Stop finding loops (the loops found so far stay listed)")
        self.stop_button.setVisible(True)

    def _on_loops(self, loops: list) -> None:
        self.model.append(loops)
        if self._keep_members is not None:
            row = self.model.row_of(self._keep_members)
            if row >= 0:
                self._keep_members = None
                self.select_row(row)

    def _on_counting(self, total: int, r: int, b: int, u: int) -> None:
        running = self.live.running
        parts = [f"R {_n(r)}", f"B {_n(b)}"] + ([f"U {_n(u)}"] if u else [])
        noun = "loop" if total == 1 else "loops"
        head = f"Finding loops\u2026 {_n(total)} so far" if running else f"{_n(total)} {noun}"
        self.count_label.setText(f"{head}  \u00b7  " + "  \u00b7  ".join(parts))

    def _on_done(self, outcome: Outcome) -> None:
        count = outcome.count
        self._on_counting(count.total, count.reinforcing, count.balancing, count.unknown)
        text = self.count_label.text()
        if count.complete and not count.total:
            text = "No feedback loops yet: a loop is a chain of links that comes back to where it started."
        elif not count.complete:
            text = f"Stopped: {text} found so far"
        elif not outcome.listed_all:
            text += f"  (the first {_n(len(self.live.loops))} listed)"
        self.count_label.setText(text)
        # Edits restart the search by themselves: the button is needed only after a stop.
        self.stop_button.setText("Find Loops Again")
        self.stop_button.setToolTip("Search the diagram for loops again")
        self.stop_button.setVisible(not count.complete)
        if self._keep_members is not None:
            self._keep_members = None
            if self._current is not None:
                self._set_current(None)
        if self._current is not None:
            self.story.show_loop(self._current)  # names may have changed

    # ----------------------------------------------------------- filters
    def set_selected_variables(self, variable_ids: list, link_ids: list | None = None) -> None:
        """Follow the canvas selection (for the "Through selection" filter)."""
        self._selected_variables = list(variable_ids)
        if self.through_box.isChecked():
            self._apply_filters()

    def _apply_filters(self) -> None:
        polarity = POLARITY_FILTERS[self.polarity_box.currentIndex()][1]
        through = self._selected_variables if self.through_box.isChecked() else []
        length = self.length_box.value() or None
        current = self._current
        self.model.set_filter(polarity, through, length, self.search_box.text())
        row = self.model.row_of(frozenset(current.variables)) if current is not None else -1
        if row >= 0:
            self.select_row(row)
        elif current is not None:
            self._set_current(None)

    # --------------------------------------------------------- selection
    def select_row(self, row: int) -> None:
        index = self.model.index(row, NAME)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def select_loop(self, name: str) -> bool:
        """Select the loop called ``name`` (R1, B2...) if it is listed; return whether it was."""
        for row in range(self.model.rowCount()):
            if self.model.loop_at(row).name == name:
                self.select_row(row)
                return True
        return False

    def current_loop(self) -> Loop | None:
        return self._current

    def step(self, delta: int) -> None:
        """Select the next (``delta`` 1) or previous (-1) loop, wrapping around."""
        count = self.model.rowCount()
        if not count:
            return
        row = self.table.currentIndex().row()
        row = (0 if delta > 0 else count - 1) if row < 0 else (row + delta) % count
        self.select_row(row)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        loop = self.model.loop_at(current.row()) if current.isValid() else None
        if loop is None and self._keep_members is not None:
            return  # the list is being refilled; the loop may come back
        self._set_current(loop)

    def _set_current(self, loop: Loop | None) -> None:
        self._current = loop
        if self.canvas is not None:
            if loop is None:
                self.canvas.clear_highlight()
            else:
                self.canvas.highlight(loop.variables, loop.links)
                self._show_own_label()
        self.add_label_button.setEnabled(loop is not None)
        self.story.show_loop(loop)
        self.loop_selected.emit(loop)

    def _show_own_label(self) -> None:
        # The canvas dims every loop label with the rest; the selected loop's own label belongs to it.
        labels = getattr(self.canvas, "loop_labels", None)
        label = story_label(self.diagram, self._current) if self._current is not None else None
        if isinstance(labels, dict) and label is not None and label.id in labels:
            labels[label.id].setOpacity(1.0)

    def clear_selection(self) -> None:
        self.table.selectionModel().clear()
        self._set_current(None)

    # ------------------------------------------------------------ labels
    def add_label(self) -> None:
        """Put a loop label at the centre of the selected loop (one undoable step)."""
        loop = self._current
        if loop is None:
            return
        try:
            command, _label = intents.add_loop_label(self.diagram, loop)
        except intents.EditRefused as refused:
            self.message.emit(refused.what)
            existing = story_label(self.diagram, loop)
            if self.canvas is not None and existing is not None:
                self.canvas.select_ids(loop_label_ids=[existing.id])
            return
        self._push(command)
        self.message.emit(f"Added the label {loop.name}; drag it to move it, double-click it to name it.")

    def _push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    # ------------------------------------------------------------ events
    def _on_diagram_event(self, event: Any) -> None:
        if self._current is not None and self.canvas is not None and getattr(event, "kind", None) == "loop_label":
            self._show_own_label()  # the canvas has just drawn (and dimmed) the label
        if not isinstance(event, ElementChanged) or event.kind not in ("loop_label", "variable"):
            return
        if event.kind == "variable" and event.old.name != event.new.name:
            self.model.rename_variable()
        if self._current is not None:
            self.story.refresh()

    def detach(self) -> None:
        """Stop following the diagram and end the search (before the panel is dropped)."""
        self.diagram.unsubscribe(self._on_diagram_event)
        self.live.detach()
        if self.canvas is not None and self._current is not None:
            self.canvas.clear_highlight()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.table and event.type() == event.Type.KeyPress and event.key() == Qt.Key.Key_Escape \
                and self._current is not None:
            self.clear_selection()
            return True
        return super().eventFilter(watched, event)

    def hideEvent(self, event) -> None:  # noqa: N802
        # A hidden panel leaves the canvas as it was: no dimming nobody can explain.
        if self.canvas is not None and self._current is not None:
            self.canvas.clear_highlight()
        super().hideEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self.canvas is not None and self._current is not None:
            self.canvas.highlight(self._current.variables, self._current.links)
            self._show_own_label()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.live.stop()
        super().closeEvent(event)
