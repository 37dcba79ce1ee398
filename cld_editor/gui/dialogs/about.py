"""The About dialog: version, the parts the program is built from, their licences.

A user reporting a problem can copy the whole table with one button, so the
report says exactly which versions were running.
"""

from __future__ import annotations

import importlib
import platform
from dataclasses import dataclass

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ... import __version__, paths

APP_TITLE = "CLD Editor"
TAGLINE = "Draw causal-loop diagrams, find every feedback loop, simulate and share."


@dataclass(frozen=True)
class Component:
    """One part the program is built from."""

    name: str
    version: str
    licence: str
    purpose: str


def _module_version(module_name: str) -> str:
    try:
        module = importlib.import_module(module_name)
    except Exception:  # a missing optional part must not break the dialog
        return "not installed"
    version = getattr(module, "__version__", None)
    if version:
        return str(version)
    try:
        from importlib.metadata import version as dist_version

        return dist_version(module_name)
    except Exception:
        return "unknown"


def components() -> list[Component]:
    """The program and its bundled parts, with versions read at run time.

    Examples
    --------
    >>> from cld_editor import __version__
    >>> first = components()[0]
    >>> first.name, first.version == __version__
    ('cld-editor', True)
    """
    import PySide6

    return [
        Component("cld-editor", __version__, "MIT", "this program"),
        Component("Python", platform.python_version(), "PSF License", "the language it runs on"),
        Component("Qt", qVersion(), "LGPL v3", "windows, drawing, printing"),
        Component("PySide6", PySide6.__version__, "LGPL v3", "Qt for Python"),
        Component("networkx", _module_version("networkx"), "BSD 3-Clause", "graphs and cycles"),
        Component("SymPy", _module_version("sympy"), "BSD 3-Clause", "equations"),
        Component("NumPy", _module_version("numpy"), "BSD 3-Clause", "numbers for the solver"),
        Component("pyqtgraph", _module_version("pyqtgraph"), "MIT", "plots of simulation runs"),
        Component("threadpoolctl", _module_version("threadpoolctl"), "BSD 3-Clause", "one number thread in the window"),
        Component("RapidFuzz", _module_version("rapidfuzz"), "MIT", "close spellings when diagrams are merged"),
        Component("orjson", _module_version("orjson"), "Apache 2.0 or MIT", "fast text of simulation runs"),
    ]


def details_text() -> str:
    """Plain text for bug reports: versions, platform and data folder."""
    lines = [f"{APP_TITLE} {__version__}"]
    lines += [f"{c.name} {c.version} ({c.licence})" for c in components()[1:]]
    lines.append(f"Platform: {platform.platform()}")
    lines.append(f"Qt platform: {QGuiApplication.platformName() or 'none'}")
    lines.append(f"Data folder: {paths.data_root()}")
    return "\n".join(lines)


def app_icon() -> QIcon:
    """The application icon (SVG, with PNG sizes when present)."""
    icon = QIcon()
    hicolor = paths.resource("app", "hicolor")
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = hicolor / f"{size}x{size}" / "apps" / "cld-editor.png"
        if png.is_file():
            icon.addFile(str(png))
    svg = paths.resource("app", "cld-editor.svg")
    if icon.isNull() and svg.is_file():
        icon.addFile(str(svg))
    return icon


class AboutDialog(QDialog):
    """Version, tagline and the table of parts with their licences."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_TITLE}")
        self.setAccessibleName(f"About {APP_TITLE}")
        self.setObjectName("aboutDialog")

        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(96, 96))
        icon.setAccessibleName("CLD Editor icon")
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.title_label = QLabel(f"<h2 style='margin:0'>{APP_TITLE}</h2>")
        self.version_label = QLabel(f"Version {__version__}")
        self.version_label.setObjectName("versionLabel")
        self.version_label.setAccessibleName(f"Version {__version__}")
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        tagline = QLabel(TAGLINE)
        tagline.setWordWrap(True)
        licence = QLabel(
            "Free software under the MIT licence. It works entirely offline: nothing you draw "
            "leaves your computer unless you send the file yourself."
        )
        licence.setWordWrap(True)

        head_text = QVBoxLayout()
        head_text.addWidget(self.title_label)
        head_text.addWidget(self.version_label)
        head_text.addWidget(tagline)
        head_text.addWidget(licence)
        head = QHBoxLayout()
        head.addWidget(icon)
        head.addLayout(head_text, 1)

        parts = components()
        self.table = QTableWidget(len(parts), 4)
        self.table.setObjectName("componentsTable")
        self.table.setAccessibleName("Parts of the program, their versions and licences")
        self.table.setHorizontalHeaderLabels(["Part", "Version", "Licence", "Used for"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside
        for row, part in enumerate(parts):
            for col, text in enumerate((part.name, part.version, part.licence, part.purpose)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setFixedHeight(self.table.verticalHeader().length() + header.height() + 6)

        note = QLabel(
            "Qt and PySide6 are used under the GNU LGPL v3: they are separate libraries in the "
            "installed program and can be replaced with your own build. The full licence texts "
            "come with each part (see the project's packaging notes)."
        )
        note.setWordWrap(True)
        note.setAccessibleName("Licence note for Qt and PySide6")

        self.copy_button = QPushButton("&Copy details")
        self.copy_button.setAccessibleName("Copy version details to the clipboard")
        self.copy_button.setToolTip("Copy the versions above, for a bug report")
        self.copy_button.clicked.connect(self.copy_details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.table)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(620, 480)

    def copy_details(self) -> None:
        """Put :func:`details_text` on the clipboard."""
        QGuiApplication.clipboard().setText(details_text())


def show_about(parent: QWidget | None = None) -> AboutDialog:
    """Open the About dialog (modal to ``parent``) and return it."""
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
