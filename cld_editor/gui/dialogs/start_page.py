"""The first screen when no file is open: start a new diagram or open an example.

``MainWindow`` builds it through ``MainWindow.make_start_page`` so a richer
welcome view can take its place without touching the rest of the window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from ..icons import icon


def examples_dir() -> Path | None:
    """The folder of example diagrams (installed package first, then the source tree)."""
    here = Path(__file__).resolve().parents[2]
    for candidate in (here / "examples", here.parent / "examples"):
        if candidate.is_dir() and any(candidate.glob("*.cld")):
            return candidate
    return None


def example_files() -> list[Path]:
    folder = examples_dir()
    return sorted(folder.glob("*.cld")) if folder else []


def example_title(path: Path) -> str:
    return path.stem.replace("-", " ").capitalize()


class StartPage(QWidget):
    """New, Open and the examples, centred on a calm page."""

    new_requested = Signal()
    open_requested = Signal()
    example_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QVBoxLayout()
        box.setSpacing(12)
        title = QLabel("Causal loop diagrams")
        font = QFont()
        font.setPointSizeF(20)
        title.setFont(font)
        lead = QLabel("Sketch how things cause each other; the editor finds every feedback loop.\n"
                      "Double-click the canvas to add a variable, drag from its edge to link it.")
        lead.setWordWrap(True)
        buttons = QHBoxLayout()
        new = QPushButton(icon("new"), "New diagram")
        new.setDefault(True)
        new.clicked.connect(self.new_requested)
        open_ = QPushButton(icon("open"), "Open a file…")
        open_.clicked.connect(self.open_requested)
        buttons.addWidget(new)
        buttons.addWidget(open_)
        buttons.addStretch(1)
        box.addWidget(title)
        box.addWidget(lead)
        box.addLayout(buttons)
        files = example_files()
        if files:
            box.addSpacing(12)
            box.addWidget(QLabel("Or start from an example:"))
            self.examples = QListWidget()
            for path in files:
                item = QListWidgetItem(example_title(path))
                item.setData(Qt.ItemDataRole.UserRole, str(path))
                item.setToolTip(str(path.name))
                self.examples.addItem(item)
            self.examples.setMaximumHeight(min(240, 30 * len(files) + 8))
            self.examples.itemActivated.connect(
                lambda item: self.example_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
            self.examples.itemDoubleClicked.connect(
                lambda item: self.example_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
            box.addWidget(self.examples)
        row = QHBoxLayout()
        row.addStretch(1)
        holder = QWidget()
        holder.setLayout(box)
        holder.setMaximumWidth(560)
        row.addWidget(holder, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
