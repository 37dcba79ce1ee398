"""The Equations panel: every variable's equation, pretty-printed and in plain words, editable.

The list shows each variable with its kind and equation (generated ones in
grey italics, wrong ones in red).  Below it, the selected variable's editor:
its kind, the equation in an edit field that is checked as you type (the
error, with a caret under the column, appears right under the field), a
stock's starting value, and "Use generated" to go back to the equation made
from the links.  Edits go on the undo stack as :class:`SetEquation`.
"""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase, QUndoStack
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QTreeWidget,
    QTreeWidgetItem, QVBoxLayout, QWidget,
)

from ...commands.equation_commands import SetEquation
from ...core.diagram import Diagram
from ...core.words import plural
from ...core.errors import CldError
from ...sim.expr import FUNCTIONS, EquationError
from ...sim.model import Equation, build_equation, build_model
from .model_follower import FollowsModel

KIND_LABELS = {"auxiliary": "Auxiliary", "stock": "Stock", "constant": "Constant"}
ERROR = "#b03a2e"
MUTED = "#6b7178"


def pretty(text: str) -> str:
    """An equation for reading: proper minus, times and comparison signs.

    Examples
    --------
    >>> pretty("a - 2*b >= c")
    'a − 2·b ≥ c'
    """
    for plain, nice in ((" - ", " − "), ("*", "·"), ("<=", "≤"), (">=", "≥"), ("<>", "≠")):
        text = text.replace(plain, nice)
    if text.startswith("-"):
        text = "−" + text[1:]
    return text


def left_side(eq: Equation) -> str:
    name = eq.variable.name
    return f"d({name})/dt" if eq.kind == "stock" else name


class EquationsPanel(FollowsModel, QWidget):
    """Each variable's equation with a plain-words explanation and a validating editor."""

    variable_selected = Signal(str)

    def __init__(self, diagram: Diagram, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diagram = diagram
        self.undo_stack = undo_stack
        self.current: str | None = None
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self.refresh)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setObjectName("banner")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Variable", "Kind", "Equation"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.currentItemChanged.connect(self._picked)
        self.tree.setColumnWidth(0, 170)
        self.tree.setColumnWidth(1, 80)

        self.name_label = QLabel()
        title_font = QFont(self.name_label.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.15)
        self.name_label.setFont(title_font)
        self.kind = QComboBox()
        for key, label in KIND_LABELS.items():
            self.kind.addItem(label, key)
        self.kind.setToolTip("Auxiliary: computed from its causes. Stock: accumulates; its equation is its "
                             "rate of change. Constant: a number you set.")
        self.kind.activated.connect(self._kind_chosen)
        self.badge = QLabel()
        self.badge.setStyleSheet(f"color: {MUTED};")
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet("font-style: italic;")
        self.field_label = QLabel("Equation")
        self.field = QLineEdit()
        self.field.setFont(mono)
        self.field.setClearButtonEnabled(True)
        self.field.setToolTip("Functions: " + "; ".join(f.signature for f in FUNCTIONS.values())
                              + ". Write names in lower case with _ for spaces, or in double quotes.")
        self.field.textEdited.connect(self._validate)
        self.field.returnPressed.connect(self.apply)
        self.error = QLabel()
        self.error.setFont(mono)
        self.error.setTextFormat(Qt.TextFormat.RichText)
        self.error.setWordWrap(False)
        self.error.setVisible(False)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet(f"color: {MUTED};")
        self.initial = QLineEdit()
        self.initial.setFont(mono)
        self.initial.setPlaceholderText("1")
        self.initial.textEdited.connect(self._validate)
        self.initial.returnPressed.connect(self.apply)
        self.initial_label = QLabel("Starting value")
        self.apply_button = QPushButton("Apply")
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.apply)
        self.generated_button = QPushButton("Use generated")
        self.generated_button.setToolTip("Forget this equation and use the one made from the links")
        self.generated_button.clicked.connect(self.use_generated)

        self.reference = QLabel(
            "<span style='color:%s'>Functions: %s. Comparisons &lt; &lt;= &gt; &gt;= = &lt;&gt; give 1 or 0; "
            "<i>time</i> is the current time. Names in lower case with _ for spaces, or in \"quotes\".</span>"
            % (MUTED, ", ".join(html.escape(f.signature) for f in FUNCTIONS.values())))
        self.reference.setWordWrap(True)
        self.reference.setTextFormat(Qt.TextFormat.RichText)
        small = QFont(self.reference.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.reference.setFont(small)
        editor = QFrame()
        editor.setFrameShape(QFrame.Shape.StyledPanel)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        head = QHBoxLayout()
        head.addWidget(self.name_label, 1)
        head.addWidget(self.badge)
        form.addRow(head)
        form.addRow("Kind", self.kind)
        form.addRow(self.explanation)
        form.addRow(self.field_label, self.field)
        form.addRow("", self.error)
        form.addRow("", self.preview)
        form.addRow(self.initial_label, self.initial)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.generated_button)
        buttons.addWidget(self.apply_button)
        form.addRow(buttons)
        form.addRow(self.reference)
        editor.setLayout(form)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(editor)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self.follow(diagram, self._refresh_timer)
        self.refresh()

    # ------------------------------------------------------------ model
    def refresh(self) -> None:
        """Rebuild the list from the diagram (keeps the selection)."""
        keep = self.current
        self.tree.blockSignals(True)
        self.tree.clear()
        errors = 0
        try:
            built = build_model(self.diagram).equations  # one pass when all is well
            problem = None
        except CldError as exc:
            built, problem = {}, exc
        explain_all = len(self.diagram.variables) <= 150  # plain-words tooltips cost a derivative each
        for vid, var in self.diagram.variables.items():
            try:
                eq = built[vid] if vid in built else build_equation(self.diagram, var)
                text, bad = pretty(eq.text), False
                tip = eq.explanation if explain_all or eq.generated else ""
                kind = "input" if eq.kind == "input" else var.kind
            except CldError as exc:
                eq, text, tip, bad, kind = None, var.equation or "", str(exc), True, var.kind
                errors += 1
            item = QTreeWidgetItem([var.name, kind.capitalize(), text])
            item.setData(0, Qt.ItemDataRole.UserRole, vid)
            item.setToolTip(2, tip)
            item.setToolTip(0, tip)
            if bad:
                for col in range(3):
                    item.setForeground(col, QBrush(QColor(ERROR)))
                item.setText(2, "⚠ " + text)
            elif eq is not None and eq.generated and eq.kind in ("auxiliary", "stock"):
                font = item.font(2)
                font.setItalic(True)
                item.setFont(2, font)
                item.setForeground(2, QBrush(QColor(MUTED)))
            self.tree.addTopLevelItem(item)
            if vid == keep:
                self.tree.setCurrentItem(item)
        self.tree.blockSignals(False)
        self._update_banner(errors, problem, list(built.values()))
        if keep not in self.diagram.variables:
            keep = None
            if self.tree.topLevelItemCount():
                self.tree.setCurrentItem(self.tree.topLevelItem(0))
                keep = self.tree.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole)
        self.show_variable(keep)

    def _update_banner(self, errors: int, problem: CldError | None, model_equations: list[Equation]) -> None:
        n = len(self.diagram.variables)
        if not n:
            self._set_banner("Add variables and links to the diagram: each gets an equation here.", MUTED)
            return
        if errors:
            self._set_banner(f"{errors} equation{'s' if errors > 1 else ''} need{'' if errors > 1 else 's'} "
                             "fixing before the diagram can run (shown in red).", ERROR)
            return
        if problem is not None:
            self._set_banner(f"Cannot run yet: {problem}", ERROR)
            return
        kinds = [eq.kind for eq in model_equations]
        generated = sum(eq.generated and eq.kind in ("auxiliary", "stock") for eq in model_equations)
        self._set_banner(
            f"{'The equation is' if n == 1 else f'All {n} equations are'} valid: {plural(kinds.count('stock'), 'stock')}, "
            f"{plural(kinds.count('constant') + kinds.count('input'), 'constant or input', 'constants or inputs')}; "
            f"{generated} generated from the links (in grey).", "#2f6f4f")

    def _set_banner(self, text: str, tint: str) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(f"QLabel#banner {{ color: {tint}; padding: 4px 2px; }}")

    # ----------------------------------------------------------- editor
    def _picked(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        vid = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        self.show_variable(vid)
        if vid:
            self.variable_selected.emit(vid)

    def select_variable(self, variable_id: str) -> None:
        """Select a variable in the list (e.g. when it is clicked on the canvas)."""
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole) == variable_id:
                self.tree.setCurrentItem(item)
                return

    def show_variable(self, variable_id: str | None) -> None:
        self.current = variable_id
        enabled = variable_id is not None
        for widget in (self.kind, self.field, self.initial, self.apply_button, self.generated_button):
            widget.setEnabled(enabled)
        if not enabled:
            self.name_label.setText("No variable selected")
            self.explanation.setText("")
            self.badge.setText("")
            self.field.clear()
            self.error.setVisible(False)
            self.preview.setText("")
            return
        var = self.diagram.variables[variable_id]
        self.name_label.setText(var.name)
        self.kind.setCurrentIndex(self.kind.findData(var.kind))
        self.field.setText(var.equation or "")
        self.initial.setText("" if var.initial is None else _number_text(var.initial))
        self._layout_for(var.kind)
        try:
            eq = build_equation(self.diagram, var)
        except CldError:
            eq = None
        if eq is not None and not var.equation:
            self.field.setPlaceholderText(eq.text if eq.kind not in ("input",) else _number_text(eq.value))
            if eq.kind == "input" and var.initial is not None:
                self.field.setPlaceholderText("")
        else:
            self.field.setPlaceholderText("")
        self._validate()

    def _layout_for(self, kind: str) -> None:
        self.field_label.setText({"stock": "Rate of change", "constant": "Value"}.get(kind, "Equation"))
        self.initial.setVisible(kind == "stock")
        self.initial_label.setVisible(kind == "stock")

    def _candidate(self):
        var = self.diagram.variables[self.current]
        text = self.field.text().strip() or None
        initial_text = self.initial.text().strip()
        initial: float | str | None = var.initial
        if var.kind == "stock":
            initial = _as_number(initial_text) if initial_text else None
        return replace(var, equation=text, initial=initial)

    def _validate(self, *_args: object) -> bool:
        """Check the edit field as typed; show the error under it, or a preview of the result."""
        if self.current is None or self.current not in self.diagram.variables:
            return False
        try:
            eq = build_equation(self.diagram, self._candidate())
        except EquationError as exc:
            self._show_error(exc, self.field.text() if "initial" not in (exc.variable or "") else self.initial.text())
            return False
        except CldError as exc:
            self._show_error(exc, "")
            return False
        self.error.setVisible(False)
        self.field.setStyleSheet("")
        self.apply_button.setEnabled(True)
        self.explanation.setText(eq.explanation)
        if eq.generated and eq.kind in ("auxiliary", "stock"):
            self.badge.setText("generated from the links")
        elif eq.kind == "input":
            self.badge.setText("input (no causes)")
        else:
            self.badge.setText("your equation" if eq.kind != "constant" else "")
        right = pretty(eq.text)
        self.preview.setText(f"{html.escape(left_side(eq))} = {html.escape(right)}")
        return True

    def _show_error(self, exc: CldError, text: str) -> None:
        self.apply_button.setEnabled(False)
        self.field.setStyleSheet(f"QLineEdit {{ border: 1.5px solid {ERROR}; border-radius: 3px; }}")
        column = getattr(exc, "column", None)
        lines = []
        if column is not None and text:
            lines.append(html.escape(text))
            lines.append("&nbsp;" * (column - 1) + "^")
        lines.append("<b>" + html.escape(exc.what) + "</b>")
        if exc.hint:
            lines.append(html.escape(exc.hint))
        self.error.setText(f"<span style='color:{ERROR}; white-space:pre'>" + "<br>".join(lines) + "</span>")
        self.error.setVisible(True)
        self.preview.setText("")

    def apply(self) -> bool:
        """Push the edited equation (and starting value) onto the undo stack if it is valid."""
        if self.current is None or not self._validate():
            return False
        var = self.diagram.variables[self.current]
        candidate = self._candidate()
        changes = {}
        if candidate.equation != var.equation:
            changes["equation"] = candidate.equation
        if candidate.initial != var.initial:
            changes["initial"] = candidate.initial
        if changes:
            self.undo_stack.push(SetEquation(self.diagram, var.id, **changes))
        return True

    def use_generated(self) -> None:
        if self.current is None:
            return
        var = self.diagram.variables[self.current]
        if var.equation is not None:
            self.undo_stack.push(SetEquation(self.diagram, var.id, f"Use generated equation for {var.name}",
                                             equation=None))

    def _kind_chosen(self, _index: int) -> None:
        if self.current is None:
            return
        kind = self.kind.currentData()
        var = self.diagram.variables[self.current]
        if kind != var.kind:
            # A new kind means a new meaning of the equation: start from the generated one.
            self.undo_stack.push(SetEquation(self.diagram, var.id, f"Make {var.name} a {kind}", kind=kind,
                                             equation=None))


def _number_text(value: float | str | None) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _as_number(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text  # an equation of constants, checked by the model
