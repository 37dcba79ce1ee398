"""Insert > Link…: make a link with the keyboard alone.

Drawing a link needs a mouse drag; this dialog offers the same with two
searchable lists of variable names, the sign and the delay mark, so the whole
editor can be used without a mouse (and with a screen reader).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from ...core.diagram import Diagram
from ...core.naming import sort_key

POLARITY_CHOICES = (("+ (same direction)", "+"), ("\u2212 (opposite direction)", "-"), ("? (not yet known)", "?"))


class NewLinkDialog(QDialog):
    """Pick the cause, the effect, the sign and the delay of a new link."""

    def __init__(self, diagram: Diagram, source: str | None = None, polarity: str = "+",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New link")
        self.diagram = diagram
        ordered = sorted(diagram.variables.values(), key=lambda v: sort_key(v.name))
        self.cause, self.effect = self._chooser(ordered, "Cause"), self._chooser(ordered, "Effect")
        if source is not None and source in diagram.variables:
            self.cause.setCurrentIndex(self.cause.findData(source))
            self.effect.setCurrentIndex(-1 if len(ordered) < 2 else self.effect.currentIndex())
        self.sign = QComboBox()
        self.sign.setAccessibleName("Polarity")
        for text, value in POLARITY_CHOICES:
            self.sign.addItem(text, value)
        self.sign.setCurrentIndex(max(0, self.sign.findData(polarity)))
        self.delay = QCheckBox("Delayed (drawn with a double bar)")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("&Cause:", self.cause)
        form.addRow("&Effect:", self.effect)
        form.addRow("&Polarity:", self.sign)
        form.addRow("", self.delay)
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for box in (self.cause, self.effect):
            box.currentIndexChanged.connect(self._check)
        self._check()

    def _chooser(self, ordered: list, name: str) -> QComboBox:
        box = QComboBox()
        box.setEditable(True)  # type to search
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        box.setAccessibleName(name)
        for var in ordered:
            box.addItem(var.name, var.id)
        box.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        box.completer().setFilterMode(box.completer().filterMode().MatchContains)
        box.setCurrentIndex(-1)
        return box

    def chosen(self) -> tuple[str | None, str | None, str, bool]:
        """``(cause id, effect id, polarity, delay)`` as chosen."""
        return self.cause.currentData(), self.effect.currentData(), self.sign.currentData(), self.delay.isChecked()

    def _check(self) -> None:
        cause, effect, _, _ = self.chosen()
        text = ""
        if cause is None or effect is None:
            text = "Choose a cause and an effect."
        elif self.diagram.link_between(cause, effect) is not None:
            text = f"“{self.cause.currentText()}” already has a link to “{self.effect.currentText()}”."
        self.problem.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not text)
