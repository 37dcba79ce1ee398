"""The properties panel: edit what is selected (or the diagram when nothing is).

Variable: name, kind, units, initial value, notes, evidence.  Link: polarity,
delay, strength, notes, and its evidence (confidence, source, who proposed it).  Every edit is one command on
the undo stack; the panel refreshes itself from the model's events, so undo
shows up here too.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...commands import SetDiagramProperty, UpdateElement, intents
from ...commands.polarity_commands import AcceptInferred
from ...core.diagram import Diagram
from ...core.words import plural
from ..canvas.scene import DiagramScene

KIND_LABELS = [("auxiliary", "Variable"), ("stock", "Stock (accumulates)"), ("constant", "Constant")]
POLARITY_LABELS = [("+", "+  same direction"), ("-", "\u2212  opposite direction"), ("?", "?  unknown")]
# The line style is named too: the canvas shows confidence without relying on colour.
CONFIDENCE_LABELS = [(None, "Not stated (solid line)"), ("strong", "Strong (solid line)"),
                     ("moderate", "Moderate (solid line)"), ("weak", "Weak (dashed line)"),
                     ("hypothesis", "Hypothesis (dotted line)"), ("contested", "Contested (dash-dot line)")]


class TextBox(QPlainTextEdit):
    """A multi-line field that reports when the user leaves it."""

    finished = Signal()

    def __init__(self, placeholder: str = "") -> None:
        super().__init__()
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setMinimumHeight(54)
        self.setMaximumHeight(110)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.finished.emit()


def _combo(entries: list[tuple[Any, str]]) -> QComboBox:
    box = QComboBox()
    for value, label in entries:
        box.addItem(label, value)
    return box


def _set_combo(box: QComboBox, value: Any) -> None:
    index = box.findData(value)
    box.setCurrentIndex(max(index, 0))


class PropertiesPanel(QWidget):
    """Shows and edits the selected variable or link, or the diagram's own details."""

    message = Signal(str)

    def __init__(self, scene: DiagramScene, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self.diagram: Diagram = scene.diagram
        self._loading = False
        self._pending = False
        self._variable_id: str | None = None
        self._link_id: str | None = None
        self.pages = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.pages)
        layout.addStretch(1)
        self._build_diagram_page()
        self._build_variable_page()
        self._build_link_page()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.pages.addWidget(self.summary)
        scene.selection_changed.connect(self.show_selection)
        self.diagram.subscribe(self._on_event)
        self.show_selection([], [])

    # ------------------------------------------------------------- pages
    def _form(self) -> tuple[QWidget, QFormLayout]:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.pages.addWidget(page)
        return page, form

    def _build_diagram_page(self) -> None:
        self.diagram_page, form = self._form()
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("Untitled diagram")
        self.author_edit = QLineEdit()
        self.description_edit = TextBox("What this diagram is about")
        form.addRow("Title", self.title_edit)
        form.addRow("Author", self.author_edit)
        form.addRow("Description", self.description_edit)
        self.diagram_counts = QLabel()
        self.diagram_counts.setWordWrap(True)
        form.addRow(self.diagram_counts)
        self.title_edit.editingFinished.connect(lambda: self._set_property("title", self.title_edit.text().strip()))
        self.author_edit.editingFinished.connect(lambda: self._set_property("author", self.author_edit.text().strip()))
        self.description_edit.finished.connect(
            lambda: self._set_property("description", self.description_edit.toPlainText()))

    def _build_variable_page(self) -> None:
        self.variable_page, form = self._form()
        self.name_edit = QLineEdit()
        self.kind_box = _combo(KIND_LABELS)
        self.units_edit = QLineEdit()
        self.units_edit.setPlaceholderText("people, £ per month…")
        self.initial_edit = QLineEdit()
        self.initial_edit.setPlaceholderText("starting value (stocks)")
        self.variable_notes = TextBox("Notes")
        self.variable_evidence = TextBox("Evidence or source")
        form.addRow("Name", self.name_edit)
        form.addRow("Kind", self.kind_box)
        form.addRow("Units", self.units_edit)
        form.addRow("Initial", self.initial_edit)
        form.addRow("Notes", self.variable_notes)
        form.addRow("Evidence", self.variable_evidence)
        self.name_edit.editingFinished.connect(self._commit_name)
        self.kind_box.currentIndexChanged.connect(lambda: self._var("kind", self.kind_box.currentData()))
        self.units_edit.editingFinished.connect(lambda: self._var("units", self.units_edit.text().strip()))
        self.initial_edit.editingFinished.connect(self._commit_initial)
        self.variable_notes.finished.connect(lambda: self._var("notes", self.variable_notes.toPlainText()))
        self.variable_evidence.finished.connect(lambda: self._var("evidence", self.variable_evidence.toPlainText()))

    def _build_link_page(self) -> None:
        self.link_page, form = self._form()
        self.link_ends = QLabel()
        self.link_ends.setWordWrap(True)
        self.polarity_box = _combo(POLARITY_LABELS)
        self.delay_check = QCheckBox("Delayed (the effect takes time)")
        self.strength_spin = QDoubleSpinBox()
        self.strength_spin.setRange(-100, 100)
        self.strength_spin.setDecimals(2)
        self.strength_spin.setSingleStep(0.1)
        self.confidence_box = _combo(CONFIDENCE_LABELS)
        self.link_notes = TextBox("Notes")
        self.link_evidence = TextBox("Source: a citation, \"workshop 3 March\", \"data: ONS\"")
        self.proposed_by_edit = QLineEdit()
        self.proposed_by_edit.setPlaceholderText("Who proposed the link")
        form.addRow(self.link_ends)
        form.addRow("Polarity", self.polarity_box)
        self.inferred_row = QWidget()
        row = QHBoxLayout(self.inferred_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.inferred_label = QLabel("<i>Inferred from the equation</i>")
        self.inferred_label.setToolTip("Worked out from the equation of the link's target; accept it to keep "
                                       "it as your own, or choose another polarity.")
        self.accept_inferred_button = QPushButton("&Accept")
        self.accept_inferred_button.setToolTip("Keep this polarity as your own (no longer marked inferred)")
        row.addWidget(self.inferred_label, 1)
        row.addWidget(self.accept_inferred_button)
        form.addRow("", self.inferred_row)
        self.accept_inferred_button.clicked.connect(self._accept_inferred)
        form.addRow("", self.delay_check)
        form.addRow("Strength", self.strength_spin)
        form.addRow("&Confidence", self.confidence_box)  # Alt+letter: the evidence fields
        form.addRow("Notes", self.link_notes)
        form.addRow("S&ource", self.link_evidence)
        form.addRow("Proposed &by", self.proposed_by_edit)
        self.perspectives_label = QLabel()
        self.perspectives_label.setWordWrap(True)
        form.addRow("Drawn by", self.perspectives_label)
        # Tab follows the form from top to bottom (the Accept button was made after the fields below it).
        QWidget.setTabOrder(self.polarity_box, self.accept_inferred_button)
        QWidget.setTabOrder(self.accept_inferred_button, self.delay_check)
        self.polarity_box.currentIndexChanged.connect(self._commit_polarity)
        self.delay_check.toggled.connect(lambda on: self._link("delay", bool(on)))
        self.strength_spin.editingFinished.connect(lambda: self._link("strength", self.strength_spin.value()))
        self.confidence_box.currentIndexChanged.connect(
            lambda: self._evidence("confidence", self.confidence_box.currentData()))
        self.link_notes.finished.connect(lambda: self._link("notes", self.link_notes.toPlainText()))
        self.link_evidence.finished.connect(lambda: self._evidence("source", self.link_evidence.toPlainText()))
        self.proposed_by_edit.editingFinished.connect(
            lambda: self._evidence("proposed_by", self.proposed_by_edit.text().strip()))

    def focus_first_field(self) -> None:
        """Put the keyboard in the first field of what the panel shows (Edit > Properties)."""
        page = self.pages.currentWidget()
        first = {id(self.diagram_page): self.title_edit, id(self.variable_page): self.name_edit,
                 id(self.link_page): self.polarity_box}.get(id(page))
        (first or self).setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ----------------------------------------------------------- showing
    def show_selection(self, variable_ids: list[str], link_ids: list[str]) -> None:
        self._variable_id = variable_ids[0] if len(variable_ids) == 1 and not link_ids else None
        self._link_id = link_ids[0] if len(link_ids) == 1 and not variable_ids else None
        self.refresh()
        if not variable_ids and not link_ids:
            self.pages.setCurrentWidget(self.diagram_page)
        elif self._variable_id:
            self.pages.setCurrentWidget(self.variable_page)
        elif self._link_id:
            self.pages.setCurrentWidget(self.link_page)
        else:
            parts = []
            if variable_ids:
                parts.append(f"{len(variable_ids)} variable{'s' if len(variable_ids) != 1 else ''}")
            if link_ids:
                parts.append(f"{len(link_ids)} link{'s' if len(link_ids) != 1 else ''}")
            self.summary.setText(" and ".join(parts) + " selected.\n\nUse Arrange to align them, or the keys "
                                 "+ \u2212 ? and D to change the selected links together.")
            self.pages.setCurrentWidget(self.summary)

    def refresh(self) -> None:
        self._loading = True
        try:
            d = self.diagram
            self.title_edit.setText(d.title)
            self.author_edit.setText(d.author)
            if self.description_edit.toPlainText() != d.description:
                self.description_edit.setPlainText(d.description)
            self.diagram_counts.setText(f"{plural(len(d.variables), 'variable')}, {plural(len(d.links), 'link')}")
            v = d.variables.get(self._variable_id) if self._variable_id else None
            if v is not None:
                self.name_edit.setText(v.name)
                _set_combo(self.kind_box, v.kind)
                self.units_edit.setText(v.units)
                self.initial_edit.setText("" if v.initial is None else f"{v.initial:g}"
                                          if isinstance(v.initial, float) else str(v.initial))
                self._set_text(self.variable_notes, v.notes)
                self._set_text(self.variable_evidence, v.evidence)
            link = d.links.get(self._link_id) if self._link_id else None
            if link is not None:
                src, dst = d.variables[link.source].name, d.variables[link.target].name
                self.link_ends.setText(f"<b>{_html(src)}</b> \u2192 <b>{_html(dst)}</b>")
                _set_combo(self.polarity_box, link.polarity)
                self.inferred_row.setVisible(link.inferred)
                self.delay_check.setChecked(link.delay)
                self.strength_spin.setValue(link.strength)
                _set_combo(self.confidence_box, link.evidence.confidence)
                self._set_text(self.link_notes, link.notes)
                self._set_text(self.link_evidence, link.evidence.source)
                self.proposed_by_edit.setText(link.evidence.proposed_by)
                self.perspectives_label.setText(", ".join(f"{_html(name)} ({sign})" for name, sign
                                                          in link.perspectives.items()) or "\u2014")
        finally:
            self._loading = False

    @staticmethod
    def _set_text(box: QPlainTextEdit, text: str) -> None:
        if box.toPlainText() != text:
            box.setPlainText(text)

    def _on_event(self, _event) -> None:
        # Many events can come at once (a layout moves every variable): refresh once.
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self._refresh_pending)

    def _refresh_pending(self) -> None:
        self._pending = False
        self.refresh()

    # ----------------------------------------------------------- editing
    def _set_property(self, key: str, value: Any) -> None:
        if self._loading or getattr(self.diagram, key) == value:
            return
        self.scene.push(SetDiagramProperty(self.diagram, key, value, f"Change {key}"))

    def _update(self, kind: str, element_id: str | None, key: str, value: Any, label: str) -> None:
        if self._loading or element_id is None:
            return
        element = self.diagram.elements(kind).get(element_id)
        if element is None or getattr(element, key) == value:
            return
        self.scene.push(UpdateElement(self.diagram, kind, element_id, {key: value}, label))

    def _var(self, key: str, value: Any) -> None:
        self._update("variable", self._variable_id, key, value, f"Change {key}")

    def _link(self, key: str, value: Any) -> None:
        self._update("link", self._link_id, key, value, f"Change link {key}")

    def _evidence(self, key: str, value: Any) -> None:
        link = self.diagram.links.get(self._link_id) if self._link_id else None
        if link is not None and not self._loading and getattr(link.evidence, key) != value:
            self._update("link", link.id, "evidence", replace(link.evidence, **{key: value}), f"Change link {key}")

    def _commit_polarity(self) -> None:
        # A polarity chosen by hand is the user's own: it clears the inferred mark in the same step.
        link = self.diagram.links.get(self._link_id) if self._link_id else None
        value = self.polarity_box.currentData()
        if self._loading or link is None:
            return
        command = intents.set_polarity(self.diagram, [link.id], value, "Change link polarity")
        if command is not None:
            self.scene.push(command)

    def _accept_inferred(self) -> None:
        link = self.diagram.links.get(self._link_id) if self._link_id else None
        if link is not None and link.inferred:
            self.scene.push(AcceptInferred(self.diagram, link.id))
            self.message.emit("Polarity accepted as your own.")

    def _commit_name(self) -> None:
        if self._loading or self._variable_id is None:
            return
        try:
            command = intents.rename(self.diagram, self._variable_id, self.name_edit.text())
        except intents.EditRefused as refused:
            self.message.emit(refused.what)
            self.refresh()
            return
        if command is not None:
            self.scene.push(command)

    def _commit_initial(self) -> None:
        text = self.initial_edit.text().strip()
        value: float | str | None
        if not text:
            value = None
        else:
            try:
                value = float(text)
            except ValueError:
                value = text  # an expression, checked by the solver
        self._var("initial", value)

    def detach(self) -> None:
        self.diagram.unsubscribe(self._on_event)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
