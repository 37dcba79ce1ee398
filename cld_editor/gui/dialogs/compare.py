"""File > Compare With...: the differences loop by loop, the other version drawn beside this one.

Choosing a difference (arrow keys or a click) highlights it on both drawings.
Also what the other workshop dialogs share: :data:`LOOP_LIMIT`, :func:`cycle_text`,
:func:`loop_parts` and :class:`HighlightingDialog`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...analysis.compare import Comparison, compare
from ...core.diagram import Diagram

#: Loops listed in a dialog at most (a large model can hold millions).
LOOP_LIMIT = 5000


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


def cycle_text(members: list[str]) -> str:
    return " \u2192 ".join(members + members[:1])



class HighlightingDialog(QDialog):
    """A modeless dialog that highlights on its window's canvas and clears that however it is closed.

    Esc, the Close button and the window's close box all hide the dialog: the
    canvas must not stay dimmed after any of them.
    """

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window

    def hideEvent(self, event) -> None:  # noqa: N802
        self.window_.canvas.clear_highlight()
        super().hideEvent(event)


class CompareDialog(HighlightingDialog):
    """This diagram against another version: loop changes first, the other version drawn beside."""

    def __init__(self, window: Any, other: Diagram, other_label: str) -> None:
        super().__init__(window)
        from ..canvas import DiagramScene, DiagramView

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
        differences = QLabel("&Differences (the arrow keys choose one; it is highlighted on both):")
        differences.setWordWrap(True)
        differences.setBuddy(self.changes)
        box.addWidget(differences)
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
        self.changes.setFocus()  # the keyboard starts on the list of differences

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
            ("Loops gained", [(f"+ {p}  {cycle_text(m)}", m) for m, p in d.loops_gained]),
            ("Loops lost", [(f"\u2212 {p}  {cycle_text(m)}", m) for m, p in d.loops_lost]),
            ("Loops that changed polarity", [(f"{o} \u2192 {n}  {cycle_text(m)}", m)
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

