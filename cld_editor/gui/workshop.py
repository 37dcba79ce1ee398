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

Every dialog is a plain form: the keyboard reaches every control.  The dialogs
themselves live in :mod:`~cld_editor.gui.dialogs`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from ..analysis.merge import MergeResult
from ..core.diagram import Diagram
from ..core.errors import CldError
from ..core.words import plural
from .dialogs.compare import CompareDialog
from .dialogs.evidence_gaps import EvidenceGapsDialog
from .dialogs.merge_perspectives import MergeDialog
from .dialogs.perspectives import PerspectivesDialog


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
        found = f"{plural(len(result.new_loops), 'loop')} no single perspective drew"
        if not result.loops_complete:  # said plainly, and left on show: the list is not every such loop
            found += (f" among the {result.loops_searched:,} shortest loops only (the merged map has too many "
                      f"to search them all)")
        window.show_message(f"Merged: {plural(len(result.contested), 'contested link')}, {found}. "
                            "View > Perspectives shows each view and the agreement.",
                            6000 if result.loops_complete else 0)
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
                tools.action("merge_perspectives", "Mer&ge Perspectives\u2026", tools.merge_perspectives,
                             "Ctrl+Alt+M",
                             "Merge several people's diagrams into one map")):
        file_menu.insertAction(anchor, act) if anchor is not None else file_menu.addAction(act)
    if anchor is not None:
        file_menu.insertSeparator(anchor)
    window.menu("Loops").addAction(tools.action(
        "evidence_gaps", "Evidence &Gaps\u2026", tools.evidence_gaps, "Ctrl+Alt+G",
        "The loops resting on weak or hypothesis links, and every loop's confidence"))
    window.menu("View").addAction(tools.action(
        "perspectives", "Pe&rspectives\u2026", tools.perspectives, "Ctrl+Alt+P",
        "Show one, several or all perspectives of a merged map, and the loops each sees"))
    window.workshop = tools
    return tools

