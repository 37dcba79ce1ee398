"""Loops > Archetypes: the system archetypes of the diagram, their roles on the canvas, and File > Export Report.

The panel lists the matches of :func:`~cld_editor.analysis.archetypes.find_archetypes`
(kept current while the panel is shown).  Selecting one highlights its loops
on the canvas, writes each variable's role beside it (a small tag below the
variable, so the role is read, not guessed from a colour) and shows the
explanation, the leverage and, for an ambiguous pair, the question only the
user can answer.  A match can be confirmed or dismissed; the verdict is an
undoable edit saved with the diagram (``archetype_reviews``).

:func:`install_archetypes_panel` adds the dock, the Loops > Archetypes entry
and File > Export Report... to a main window.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import (
    QFileDialog,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...analysis.archetypes import (ArchetypeMatch, class_sentence, explain, find_archetypes, leverage, review_of,
                                   role_title, with_review)
from ...commands import SetDiagramProperty
from ...core.diagram import Diagram

ROLE_Z = 60.0
MARKS = {"confirmed": "\u2713 ", "dismissed": "\u2715 ", None: ""}


class RoleTags:
    """Small tags under the variables of a match, naming their roles (drawn above the diagram)."""

    def __init__(self, scene: Any) -> None:
        self.scene = scene
        self.items: list[Any] = []

    def show(self, diagram: Diagram, roles: dict[str, str]) -> None:
        self.clear()
        font = QFont()
        font.setPointSizeF(8.5)
        font.setBold(True)
        for vid, role in roles.items():
            var = diagram.variables.get(vid)
            item = self.scene.variables.get(vid) if hasattr(self.scene, "variables") else None
            if var is None:
                continue
            if item is not None and hasattr(item, "scene_label_rect"):
                rect = item.scene_label_rect()
                anchor = QPointF(rect.center().x(), rect.bottom() + 4)
            else:
                anchor = QPointF(var.x, var.y + 20)
            text = QGraphicsSimpleTextItem(role_title(role))
            text.setFont(font)
            text.setBrush(QBrush(QColor("#ffffff")))
            box = text.boundingRect().adjusted(-4, -1, 4, 1)
            back = QGraphicsRectItem(box)
            back.setBrush(QBrush(QColor("#1b1b1b")))  # white on near-black: 16:1
            back.setPen(QPen(Qt.PenStyle.NoPen))
            back.setPos(anchor.x() - box.width() / 2 + 4, anchor.y())
            text.setParentItem(back)
            back.setZValue(ROLE_Z)
            back.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            back.setData(0, "role-tag")
            back.setToolTip(f"{var.name}: {role_title(role)}")
            self.scene.addItem(back)
            self.items.append(back)
        marks = getattr(self.scene, "marks", None)  # a stand-in canvas in tests has no signs to move
        if marks is not None:
            marks.add_obstacles(self.items)  # signs step aside along their links, never under a tag

    def texts(self) -> list[str]:
        """The role written on each tag (for tests and accessibility checks)."""
        return [child.text() for item in self.items for child in item.childItems()]

    def clear(self) -> None:
        marks = getattr(self.scene, "marks", None)
        if marks is not None and self.items:
            marks.remove_obstacles(self.items)
        for item in self.items:
            if item.scene() is not None:
                item.scene().removeItem(item)
        self.items = []


class ArchetypesPanel(QWidget):
    """The archetypes found in a diagram, with confirm / dismiss and the roles on the canvas."""

    def __init__(self, diagram: Diagram, canvas: Any, undo_stack: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diagram = diagram
        self.canvas = canvas
        self.undo_stack = undo_stack
        self.matches: list[ArchetypeMatch] = []
        self.scene = canvas  # the window's DiagramScene: highlight() and the variables' items
        self.tags = RoleTags(canvas)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Archetypes found")
        self.details = QTextBrowser()
        self.details.setAccessibleName("What the selected archetype means")
        self.confirm = QPushButton("&Confirm")
        self.confirm.setToolTip("This archetype is really at work here: keep it, saved with the diagram")
        self.dismiss = QPushButton("&Dismiss")
        self.dismiss.setToolTip("The structure fits but the story does not: set it aside, saved with the diagram")
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm)
        buttons.addWidget(self.dismiss)
        buttons.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        below = QWidget()
        lay = QVBoxLayout(below)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.details)
        lay.addLayout(buttons)
        split.addWidget(below)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split)
        self.list.currentRowChanged.connect(self._select)
        self.confirm.clicked.connect(lambda: self.set_review("confirmed"))
        self.dismiss.clicked.connect(lambda: self.set_review("dismissed"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)  # many edits in a row: look again once they settle
        self._timer.timeout.connect(self.refresh)
        diagram.subscribe(self._changed)
        self.refresh()

    def detach(self) -> None:
        self.diagram.unsubscribe(self._changed)
        self._timer.stop()
        self.tags.clear()

    def _changed(self, event: Any) -> None:
        if self.isVisible():  # a hidden panel looks again when it is shown
            self._timer.start()

    def refresh(self) -> None:
        """Find the archetypes again, keeping the selection where the same match is still found."""
        current = self.current_match()
        keep = (current.archetype, current.loops) if current is not None else None
        self.matches = find_archetypes(self.diagram)
        # Dismissed matches go to the end of the list, still there to be reconsidered.
        self.matches.sort(key=lambda m: review_of(self.diagram, m) == "dismissed")
        self.list.blockSignals(True)
        self.list.clear()
        row = -1
        for i, m in enumerate(self.matches):
            review = review_of(self.diagram, m)
            item = QListWidgetItem(f"{MARKS[review]}{m.title} \u2013 loops {', '.join(m.loop_names)}")
            item.setToolTip(class_sentence(m))
            if review == "dismissed":
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
                item.setForeground(QColor("#5c5c5c"))
            self.list.addItem(item)
            if keep == (m.archetype, m.loops):
                row = i
        self.list.blockSignals(False)
        count = len(self.matches)
        self.summary.setText("No system archetype found in the loops of this diagram." if not count else
                             f"{count} archetype match{'es' if count != 1 else ''} found in the loops. "
                             "Select one to see its roles on the canvas.")
        if row >= 0:
            self.list.setCurrentRow(row)
        else:
            self._select(-1)

    def current_match(self) -> ArchetypeMatch | None:
        row = self.list.currentRow()
        return self.matches[row] if 0 <= row < len(self.matches) else None

    def _select(self, row: int) -> None:
        match = self.matches[row] if 0 <= row < len(self.matches) else None
        self.confirm.setEnabled(match is not None)
        self.dismiss.setEnabled(match is not None)
        if match is None:
            self.tags.clear()
            self.details.setHtml("<p>Select an archetype to see what it means and where the leverage is.</p>")
            if hasattr(self.scene, "clear_highlight"):
                self.scene.clear_highlight()
            return
        variables = {v for loop in match.loops for v in loop.variables}
        links = {lid for loop in match.loops for lid in loop.links}
        if hasattr(self.scene, "highlight"):
            self.scene.highlight(variables, links)
        self.tags.show(self.diagram, match.roles)
        self._reveal(variables)
        review = review_of(self.diagram, match)
        self.confirm.setText("Un&confirm" if review == "confirmed" else "&Confirm")
        self.dismiss.setText("Re&store" if review == "dismissed" else "&Dismiss")
        roles = "".join(f"<tr><td>{escape(n)}</td><td>{escape(role_title(r))}</td></tr>"
                        for n, r in match.role_names(self.diagram).items())
        question = (f"<p><b>Only you can tell:</b> {escape(match.question)}</p>" if match.question else "")
        state = {"confirmed": "<p><i>Confirmed.</i></p>", "dismissed": "<p><i>Dismissed.</i></p>"}.get(review or "", "")
        self.details.setHtml(
            f"<h3>{escape(match.title)}</h3><p>{escape(class_sentence(match))}</p>{state}"
            f"<p>Loops: {escape(', '.join(match.loop_names))}</p>"
            f'<table border="1" cellspacing="0" cellpadding="3">{roles}</table>'
            f"<p>{escape(explain(self.diagram, match))}</p><p><b>Leverage:</b> {escape(leverage(match))}</p>{question}")

    def _reveal(self, variables: set[str]) -> None:
        """Scroll the canvas so the match is in sight (the zoom stays as the user set it)."""
        items = [self.scene.variables[v] for v in variables if v in getattr(self.scene, "variables", {})]
        if not items:
            return
        rect = items[0].sceneBoundingRect()
        for item in items[1:] + self.tags.items:
            rect = rect.united(item.sceneBoundingRect())
        for view in self.scene.views():
            view.ensureVisible(rect, 40, 40)
            view.centerOn(rect.center())

    def set_review(self, review: str) -> None:
        """Confirm or dismiss the selected match (the same button again takes the verdict back)."""
        match = self.current_match()
        if match is None:
            return
        value = None if review_of(self.diagram, match) == review else review
        words = {"confirmed": "Confirm", "dismissed": "Dismiss", None: "Reconsider"}[value]
        self.undo_stack.push(SetDiagramProperty(self.diagram, "extra", with_review(self.diagram, match, value),
                                                f"{words} {match.title}"))
        self._timer.stop()
        self.refresh()


def export_report(window: Any) -> str | None:
    """File > Export Report...: ask where, then write the report (HTML, PDF or Word by extension)."""
    from ..report import write_report

    start = Path(getattr(window, "path", None) or "diagram").with_suffix(".html")
    path, chosen = QFileDialog.getSaveFileName(
        window, "Export Report", str(start),
        "Web page (*.html);;PDF document (*.pdf);;Word document (*.docx)")
    if not path:
        return None
    if not Path(path).suffix:
        path += {"PDF document (*.pdf)": ".pdf", "Word document (*.docx)": ".docx"}.get(chosen, ".html")
    try:
        write_report(window.diagram, path)
    except Exception as exc:  # noqa: BLE001 - any failure is told to the user, never a crash
        if hasattr(window, "show_error"):
            window.show_error("Could not export the report", str(exc))
        return None
    if hasattr(window, "show_message"):
        window.show_message(f"Report written to {path}")
    return path


def install_archetypes_panel(window: Any, tab_with: Any = None) -> ArchetypesPanel:
    """Add the Archetypes dock, Loops > Archetypes and File > Export Report... to ``window``."""
    panel = ArchetypesPanel(window.diagram, window.canvas, window.undo_stack)
    dock = window.add_dock("Archetypes", panel, Qt.DockWidgetArea.RightDockWidgetArea)
    if tab_with is not None:
        window.tabifyDockWidget(tab_with, dock)
    dock.hide()

    def show() -> None:
        dock.show()
        dock.raise_()
        panel.refresh()

    show_action = QAction("&Archetypes", window)
    show_action.setStatusTip("System archetypes found in the loops: fixes that fail, limits to growth, ...")
    show_action.triggered.connect(lambda checked=False: show())
    window.menu("Loops").addAction(show_action)
    report_action = QAction("E&xport Report\u2026", window)
    report_action.setStatusTip("Write the loop story book as a web page, PDF or Word document")
    report_action.triggered.connect(lambda checked=False: export_report(window))
    file_menu = window.menu("File")
    export = getattr(window, "act", {}).get("export")
    actions = file_menu.actions()
    after = actions[actions.index(export) + 1] if export in actions and actions.index(export) + 1 < len(actions) else None
    file_menu.insertAction(after, report_action) if after is not None else file_menu.addAction(report_action)
    dock.visibilityChanged.connect(lambda visible: panel.tags.clear() if not visible else None)
    window.archetypes_panel = panel
    window.archetypes_actions = {"show": show_action, "report": report_action}
    return panel
