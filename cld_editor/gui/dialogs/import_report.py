"""The import report: what a file from another program held that the diagram could not carry over.

Opening a Vensim, XMILE, Kumu, LOOPY, GraphML or GEXF file keeps everything
the native format can hold; the rest is listed here, one line per thing, so
nothing is dropped silently.  The report is a non-modal window: the user can
keep it beside the diagram while checking it, and reopen it from
File > Last Import Report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class ImportReport:
    """What one import left behind: the file it came from and one sentence per thing."""

    path: str
    warnings: tuple[str, ...]

    @property
    def file_name(self) -> str:
        return Path(self.path).name

    def summary(self) -> str:
        """The status-bar sentence, e.g. ``Opened beer.mdl: 5 things were not carried over (...)``."""
        n = len(self.warnings)
        things = "1 thing was" if n == 1 else f"{n} things were"
        return f"Opened {self.file_name}: {things} not carried over (see the import report)"

    def as_text(self) -> str:
        """Plain text for the clipboard (to paste into an e-mail or an issue)."""
        lines = [f"Import report for {self.file_name}", ""]
        lines += [f"- {w}" for w in self.warnings]
        return "\n".join(lines) + "\n"


class ImportReportDialog(QDialog):
    """A non-modal window listing what an import did not carry over."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import-report")
        self.setModal(False)
        self.resize(560, 340)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.explanation = QLabel(
            "The diagram opened; these parts of the file have no place in a causal-loop diagram "
            "or were changed on the way in. Your original file is untouched: Save keeps the diagram "
            "as a .cld file, and File \u203a Export to Other Format writes other programs' formats.")
        self.explanation.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("import-report-list")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.setAccessibleName("Things not carried over")
        self.heading.setBuddy(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy Report")
        self.copy_button.setToolTip("Copy the report as text, to paste it into a message")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Copy), self.list, self.copy_to_clipboard)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addWidget(self.list, 1)
        self.tip = QLabel()
        self.tip.setWordWrap(True)
        self.tip.hide()
        layout.addWidget(self.tip)
        layout.addWidget(buttons)
        self.report = report
        self.set_report(report)

    def set_report(self, report: ImportReport) -> None:
        """Show ``report`` (a later import replaces the earlier one in the same window)."""
        self.report = report
        self.setWindowTitle(f"Import Report \u2014 {report.file_name}")
        n = len(report.warnings)
        self.heading.setText(f"<b>{_html(report.file_name)}</b>: "
                             f"{'1 thing was' if n == 1 else f'{n} things were'} not carried over")
        self.list.clear()
        for warning in report.warnings:
            item = QListWidgetItem(warning[:1].upper() + warning[1:])
            item.setToolTip(warning)
            item.setData(Qt.ItemDataRole.UserRole, warning)
            self.list.addItem(item)
        if n:
            self.list.setCurrentRow(0)

    def set_tip(self, text: str) -> None:
        """A line under the list about what the user can do next (hidden when empty)."""
        self.tip.setText(text)
        self.tip.setVisible(bool(text))

    def items(self) -> list[str]:
        """The listed sentences, in order."""
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.report.as_text())

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.list.setFocus()


def show_import_report(window, path: str, warnings: list[str] | tuple[str, ...]) -> ImportReportDialog | None:
    """Remember the report of an import in ``window``, say so in its status bar and show it.

    Returns the dialog, or None when there was nothing to report.
    """
    if not warnings:
        return None
    report = ImportReport(str(path), tuple(warnings))
    window.last_import_report = report
    window.show_message(report.summary(), 20000)
    window.act["last_import_report"].setEnabled(True)
    return reopen_import_report(window)


def reopen_import_report(window) -> ImportReportDialog | None:
    """Show the window's last import report again (File > Last Import Report)."""
    report = window.last_import_report
    if report is None:
        window.show_message("No file from another program has been opened in this window.")
        return None
    dialog = window.import_report_dialog
    if dialog is None:
        dialog = ImportReportDialog(report, window)
        window.import_report_dialog = dialog
    else:
        dialog.set_report(report)
    dialog.set_tip(_polarity_tip(window.diagram))
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def _polarity_tip(diagram) -> str:
    """Point to Infer Polarity when links came without signs but the model has equations."""
    unknown = sum(1 for link in diagram.links.values() if link.polarity == "?")
    if not unknown or not any(v.equation for v in diagram.variables.values()):
        return ""
    links = "1 link has" if unknown == 1 else f"{unknown} of {len(diagram.links)} links have"
    return (f"{links} no polarity mark. Link \u203a Infer Polarity from Equations can suggest signs "
            "from the model's equations, marked so you can check each one.")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
