"""File > Print: a preview of the page before it goes to the printer.

The preview paints through the same page composition as the PDF export
(:func:`~cld_editor.gui.page_compose.paint_page`), so what is previewed, printed
and exported is one picture.  Two buttons on the preview's tool bar add or
remove the title and the legend; the paper and orientation start as the PDF
would have them (the locale's paper, turned to fit) and stay the user's to change.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QToolBar, QWidget

from ..export import exporting, paint_on_pages
from ..page_compose import PageOptions, page_layout


class PrintPreview(QPrintPreviewDialog):
    """A print preview of ``scene`` with Title and Legend switches."""

    def __init__(self, scene, title: str, parent: QWidget | None = None) -> None:
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        super().__init__(self.printer, parent)
        self.setWindowTitle("Print preview")
        self.scene = scene
        self.title = " ".join(title.split())
        bar = self.findChild(QToolBar)
        self.show_title = self._switch(bar, "Title", "Print the diagram's title above it", bool(self.title))
        self.show_title.setEnabled(bool(self.title))
        self.show_legend = self._switch(bar, "Legend", "Explain R, B, +, \u2212 and delay marks under the drawing",
                                        True)
        with exporting(scene) as rect:
            self.printer.setPageLayout(page_layout(rect, self.options()))
        self.paintRequested.connect(self._paint)

    def _switch(self, bar: QToolBar | None, text: str, tip: str, on: bool) -> QAction:
        action = QAction(text, self)
        action.setCheckable(True)
        action.setChecked(on)
        action.setToolTip(tip)
        action.toggled.connect(self.refresh)
        if bar is not None:
            bar.addSeparator()
            bar.addAction(action)
        return action

    def options(self) -> PageOptions:
        """What the page shows now (the paper is the printer's)."""
        return PageOptions(title=self.title if self.show_title.isChecked() else "",
                           legend=self.show_legend.isChecked())

    def refresh(self) -> None:
        widget = self.findChild(QPrintPreviewWidget)
        if widget is not None:
            widget.updatePreview()

    def _paint(self, printer: QPrinter) -> None:
        paint_on_pages(self.scene, printer, options=self.options())
