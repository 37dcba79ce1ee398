"""The window's workshop tools: compare two versions, merge perspectives, evidence gaps, perspectives.

* File > Compare With...: the differences loop by loop, the other version
  drawn beside this one; choosing a difference highlights it on both.
* File > Merge Perspectives...: choose several people's files; a matching
  table offers the close names to confirm as one variable, then the merged map
  opens in a new window.
* Loops > Evidence Gaps...: every loop with its confidence (its weakest link),
  sortable, the gaps (loops resting on weak or hypothesis links) first.
* View > Perspectives...: show one, several or all perspectives of a merged
  map, only the links at least N people drew, and the loops each one sees.

Every dialog is a plain form: the keyboard reaches every control.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSlider,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..analysis.compare import Comparison, compare
from ..analysis.evidence import confidence_sort_key, loop_confidence
from ..analysis.loops import find_loops
from ..analysis.merge import MergeResult, merge
from ..analysis.perspectives import perspective_names, perspective_view
from ..core.diagram import Diagram
from ..core.errors import CldError
from ..core.words import plural

#: Loops listed in a dialog at most (a large model can hold millions).
LOOP_LIMIT = 5000
LEGEND = ("Line styles: solid \u2014 strong, moderate or not stated; dashed \u2014 weak; "
          "dotted \u2014 hypothesis; dash-dot \u2014 contested.")


def loop_parts(diagram: Diagram, members: list[str]) -> tuple[list[str], list[str]]:
    """Ids of the named loop's variables and links that exist in ``diagram``."""
    ids = [v.id for name in members if (v := diagram.variable_by_name(name)) is not None]
    links = []
    if len(ids) == len(members):
        for a, b in zip(ids, ids[1:] + ids[:1]):
            link = diagram.link_between(a, b)
            if link is not None:
                links.append(link.id)
    return ids, links


def _cycle_text(members: list[str]) -> str:
    return " \u2192 ".join(members + members[:1])


# --------------------------------------------------------------- compare
class CompareDialog(QDialog):
    """This diagram against another version: loop changes first, the other version drawn beside."""

    def __init__(self, window: Any, other: Diagram, other_label: str) -> None:
        super().__init__(window)
        from .canvas import DiagramScene, DiagramView

        self.window_ = window
        self.setWindowTitle(f"Compare with {other_label}")
        self.other = other
        self.diff: Comparison = compare(other, window.diagram)
        self.other_scene = DiagramScene(other, theme=window.theme, parent=self)
        self.other_view = DiagramView(self.other_scene)
        self.changes = QListWidget()
        self.changes.setAccessibleName("Differences")
        self._fill()
        self.changes.currentItemChanged.connect(self._show)
        left = QWidget()
        box = QVBoxLayout(left)
        box.addWidget(QLabel(f"<b>{other_label}</b> (drawn on the right) \u2192 <b>this diagram</b>"))
        box.addWidget(self.changes)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.other_view)
        split.setSizes([380, 620])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        layout.addWidget(buttons)
        self.resize(1100, 640)
        self.other_view.fit()

    def _add(self, text: str, members: list[str] | None = None) -> None:
        item = QListWidgetItem(text)
        if members is None:
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        else:
            item.setData(Qt.ItemDataRole.UserRole, members)
        self.changes.addItem(item)

    def _fill(self) -> None:
        d = self.diff
        if d.is_empty():
            self._add("No differences: the same variables, links and loops.")
            return
        for title, rows in (
            ("Loops gained", [(f"+ {p}  {_cycle_text(m)}", m) for m, p in d.loops_gained]),
            ("Loops lost", [(f"\u2212 {p}  {_cycle_text(m)}", m) for m, p in d.loops_lost]),
            ("Loops that changed polarity", [(f"{o} \u2192 {n}  {_cycle_text(m)}", m)
                                             for m, o, n in d.loops_polarity_changed]),
            ("Links added", [(f"{a} \u2192 {b} ({s})", [a, b]) for a, b, s in d.links_added]),
            ("Links removed", [(f"{a} \u2192 {b} ({s})", [a, b]) for a, b, s in d.links_removed]),
            ("Links that changed sign", [(f"{a} \u2192 {b}: {o} to {n}", [a, b])
                                         for a, b, o, n in d.links_sign_changed]),
            ("Variables added", [(name, [name]) for name in d.variables_added]),
            ("Variables removed", [(name, [name]) for name in d.variables_removed]),
            ("Variables renamed", [(f"{a} \u2192 {b}", [b]) for a, b in d.variables_renamed]),
        ):
            if rows:
                self._add(f"{title} ({len(rows)})")
                for text, members in rows:
                    self._add("    " + text, members)

    def _show(self, item: QListWidgetItem | None) -> None:
        members = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not members:
            self.window_.canvas.clear_highlight()
            self.other_scene.clear_highlight()
            return
        # A link difference names its two ends; a loop, its members in order.
        pair = len(members) == 2 and "\u2192" in item.text() and "  " not in item.text().strip()
        for scene, diagram in ((self.window_.canvas, self.window_.diagram), (self.other_scene, self.other)):
            ids, links = loop_parts(diagram, members)
            if pair and len(ids) == 2:
                link = diagram.link_between(*ids)
                links = [link.id] if link is not None else []
            scene.highlight(ids, links)

    def closeEvent(self, event) -> None:  # noqa: N802
        self.window_.canvas.clear_highlight()
        super().closeEvent(event)


# ---------------------------------------------------------------- merge
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
        if not self.candidates:
            layout.addWidget(QLabel("<i>No close names: nothing to confirm.</i>"))
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Merge")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def confirmed(self) -> list[tuple[str, str]]:
        """The pairs ticked as one variable."""
        return [(c.first, c.second) for row, c in enumerate(self.candidates)
                if self.table.item(row, 0).checkState() == Qt.CheckState.Checked]

    def result(self) -> MergeResult:  # type: ignore[override]
        return merge(self.sources, same=self.confirmed())


# --------------------------------------------------------- evidence gaps
class EvidenceGapsDialog(QDialog):
    """Every loop with its confidence; the evidence gaps first; choosing one highlights it."""

    COLUMNS = ["Loop", "Confidence", "Weak or hypothesis links", "Variables"]

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
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
        self.rows = rows
        self.only_gaps.toggled.connect(self._fill)
        self.table.currentCellChanged.connect(lambda row, *_: self._show(row))
        layout = QVBoxLayout(self)
        gaps = sum(1 for *_, weak in rows if weak)
        more = "" if found.complete else f" (the first {LOOP_LIMIT:,} loops)"
        layout.addWidget(QLabel(f"{gaps} of {len(rows)} loops{more} rest on weak or hypothesis links. "
                                "A loop is only as sure as its weakest link."))
        layout.addWidget(self.only_gaps)
        layout.addWidget(self.table)
        legend = QLabel(LEGEND)
        legend.setWordWrap(True)
        layout.addWidget(legend)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self._fill()
        self.resize(820, 480)

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
                     QTableWidgetItem(_cycle_text(loop.variable_names(d)))]
            for col, cell in enumerate(cells):
                self.table.setItem(row, col, cell)
        self.table.setSortingEnabled(True)
        self.table.sortItems(1, Qt.SortOrder.DescendingOrder)  # the least supported loops first
        self.table.resizeColumnsToContents()

    def _show(self, row: int) -> None:
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            return
        variables, links = item.data(Qt.ItemDataRole.UserRole)
        self.window_.canvas.highlight(variables, links)

    def closeEvent(self, event) -> None:  # noqa: N802
        self.window_.canvas.clear_highlight()
        super().closeEvent(event)


class _SortItem(QTableWidgetItem):
    """A cell that sorts by its confidence rank, not its text."""

    def __init__(self, source: QTableWidgetItem) -> None:
        super().__init__(source.text())
        self.setData(Qt.ItemDataRole.UserRole + 1, source.data(Qt.ItemDataRole.UserRole + 1))

    def __lt__(self, other: QTableWidgetItem) -> bool:
        return self.data(Qt.ItemDataRole.UserRole + 1) < other.data(Qt.ItemDataRole.UserRole + 1)


def _buddy(label: QLabel, widget: QWidget) -> QLabel:
    label.setBuddy(widget)  # Alt + the underlined letter moves to the widget
    return label


# ---------------------------------------------------------- perspectives
class PerspectivesDialog(QDialog):
    """Show chosen perspectives of a merged map, links drawn by at least N people, and their loops."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
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
        for loop in find_loops(d, limit=LOOP_LIMIT).loops:
            if self.names and not set.intersection(*(set(d.links[lid].perspectives) for lid in loop.links)):
                self.new_loops.addItem(f"{loop.name}  {_cycle_text(loop.variable_names(d))}")
        layout.addWidget(_buddy(QLabel(f"Loops &no single perspective drew ({self.new_loops.count()}):"),
                                self.new_loops))
        layout.addWidget(self.new_loops)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.choices.itemChanged.connect(lambda _item: self.apply())
        self.threshold.valueChanged.connect(lambda _value: self.apply())
        self.resize(560, 680)
        self.apply()

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
        self.threshold_label.setText(f"Links drawn by at least &{n}:")
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
                self.loops.addItem(f"{loop.name}  {_cycle_text(loop.variable_names(view))}")

    def closeEvent(self, event) -> None:  # noqa: N802
        self.window_.canvas.clear_highlight()
        super().closeEvent(event)


# ------------------------------------------------------------- wiring
class WorkshopTools:
    """The actions the window's menus hold, and the dialogs they open."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.dialogs: list[QDialog] = []
        self.actions: dict[str, QAction] = {}

    def action(self, key: str, text: str, slot, shortcut: str | None, tip: str) -> QAction:
        act = QAction(text, self.window)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.setStatusTip(tip)
        act.triggered.connect(lambda checked=False: slot())
        self.actions[key] = act
        return act

    def _keep(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialogs = [d for d in self.dialogs if d.isVisible()] + [dialog]
        dialog.show()
        return dialog

    def _load(self, path: str) -> Diagram | None:
        from ..io import load

        try:
            return load(path).diagram
        except CldError as exc:
            QMessageBox.warning(self.window, "Cannot open", str(exc))
            return None

    def compare_with(self, path: str | None = None) -> CompareDialog | None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, "Compare with another version")
        other = self._load(path) if path else None
        return self._keep(CompareDialog(self.window, other, Path(path).name)) if other is not None else None

    def merge_perspectives(self, paths: list[str] | None = None, open_result: bool = True) -> MergeDialog | None:
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(self.window, "Merge perspectives: choose each person's diagram")
        sources = []
        for path in paths or []:
            diagram = self._load(path)
            if diagram is None:
                return None
            sources.append((Path(path).stem, diagram))
        if not sources:
            return None
        dialog = MergeDialog(self.window, sources)
        if open_result:
            dialog.accepted.connect(lambda: self.open_merged(dialog.result()))
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()
        return dialog

    def open_merged(self, result: MergeResult) -> Any:
        window = self.window.new_window(diagram=result.diagram)
        window.show_canvas()
        window.show_message(f"Merged: {plural(len(result.contested), 'contested link')}, "
                            f"{plural(len(result.new_loops), 'loop')} no single perspective drew. "
                            "View > Perspectives shows each view and the agreement.")
        return window

    def evidence_gaps(self) -> EvidenceGapsDialog:
        return self._keep(EvidenceGapsDialog(self.window))  # type: ignore[return-value]

    def perspectives(self) -> PerspectivesDialog:
        return self._keep(PerspectivesDialog(self.window))  # type: ignore[return-value]


def install_workshop(window: Any) -> WorkshopTools:
    """Add the workshop tools to the window's File, Loops and View menus."""
    tools = WorkshopTools(window)
    file_menu = window.menu("File")
    anchor = window.act.get("export") if hasattr(window, "act") else None
    for act in (tools.action("compare_with", "Co&mpare With\u2026", tools.compare_with, "Ctrl+Alt+C",
                             "Compare this diagram with another version, loop by loop"),
                tools.action("merge_perspectives", "Merge &Perspectives\u2026", tools.merge_perspectives, None,
                             "Merge several people's diagrams into one map")):
        file_menu.insertAction(anchor, act) if anchor is not None else file_menu.addAction(act)
    if anchor is not None:
        file_menu.insertSeparator(anchor)
    window.menu("Loops").addAction(tools.action(
        "evidence_gaps", "Evidence &Gaps\u2026", tools.evidence_gaps, "Ctrl+Alt+G",
        "The loops resting on weak or hypothesis links, and every loop's confidence"))
    window.menu("View").addAction(tools.action(
        "perspectives", "&Perspectives\u2026", tools.perspectives, "Ctrl+Alt+P",
        "Show one, several or all perspectives of a merged map, and the loops each sees"))
    window.workshop = tools
    return tools

