"""The welcome view: the first screen when the program starts without a file.

New, Open, the recent files, the bundled examples with their titles and
descriptions (read from the files at run time), and the 60-second tour
(:mod:`.tour`).

:class:`WelcomeView` is what ``MainWindow.make_start_page`` shows; it speaks
through signals only (``new_requested``, ``open_requested``,
``example_requested(path)``, ``file_requested(path)``), so it works in any
window and in tests on its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ...core.words import plural
from ... import paths
from .about import APP_TITLE, TAGLINE, app_icon
from ..settings import Settings, shared_settings
from .tour import TourDialog

#: Examples larger than this are listed by file name only (never parsed here).
MAX_EXAMPLE_BYTES = 2_000_000
PATH_ROLE = Qt.ItemDataRole.UserRole
DESCRIPTION_ROLE = Qt.ItemDataRole.UserRole + 1
COUNTS_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class ExampleInfo:
    """What the welcome view shows about one example file."""

    path: Path
    title: str
    description: str
    variables: int
    links: int

    @property
    def counts(self) -> str:
        return f"{plural(self.variables, 'variable')} \u00b7 {plural(self.links, 'link')}"


def read_example(path: Path) -> ExampleInfo:
    """Title, description and size of an example, without building the diagram.

    A file that cannot be read still gets an entry named after the file, so a
    broken example shows up (and opening it reports why) instead of vanishing.
    """
    fallback = path.stem.replace("-", " ").replace("_", " ").capitalize()
    try:
        if path.stat().st_size > MAX_EXAMPLE_BYTES:
            raise ValueError("too large to preview")
        doc = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(doc, dict):
            raise ValueError("not a diagram")
    except (OSError, ValueError, UnicodeDecodeError):
        return ExampleInfo(path, fallback, "", 0, 0)
    title = doc.get("title") if isinstance(doc.get("title"), str) else ""
    description = doc.get("description") if isinstance(doc.get("description"), str) else ""
    variables = doc.get("variables") if isinstance(doc.get("variables"), list) else []
    links = doc.get("links") if isinstance(doc.get("links"), list) else []
    return ExampleInfo(path, title.strip() or fallback, description.strip(), len(variables), len(links))


def list_examples() -> list[ExampleInfo]:
    """Every bundled example, sorted by title."""
    return sorted((read_example(p) for p in paths.example_files()), key=lambda e: e.title.lower())


def _first_sentences(text: str, limit: int = 170) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(". ", 0, limit)
    return text[: cut + 1] if cut > 60 else text[:limit].rsplit(" ", 1)[0] + "\u2026"


class ExampleDelegate(QStyledItemDelegate):
    """Draws an example as a bold title, a short description and its size."""

    PADDING = 8

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:  # noqa: D102
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        text = option.text
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        ink = palette.highlightedText().color() if selected else palette.text().color()
        muted = ink if selected else palette.placeholderText().color()
        rect = option.rect.adjusted(self.PADDING, self.PADDING, -self.PADDING, -self.PADDING)
        painter.save()
        title_font = QFont(option.font)
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(ink)
        title_rect = painter.boundingRect(rect, Qt.TextFlag.TextWordWrap, text)
        painter.drawText(rect, Qt.TextFlag.TextWordWrap, text)
        body = QRectF(rect.adjusted(0, title_rect.height() + 2, 0, 0))
        painter.setFont(option.font)
        painter.setPen(muted)
        description = index.data(DESCRIPTION_ROLE) or ""
        counts = index.data(COUNTS_ROLE) or ""
        painter.drawText(body, Qt.TextFlag.TextWordWrap, f"{description}\n{counts}".strip())
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802, D102
        view_width = option.widget.viewport().width() if option.widget else 420
        width = max(120, view_width - 2 * self.PADDING - 4)
        metrics = option.fontMetrics
        title_font = QFont(option.font)
        title_font.setBold(True)
        title = index.data(Qt.ItemDataRole.DisplayRole) or ""
        title_h = QFontMetrics(title_font).boundingRect(0, 0, width, 1000, Qt.TextFlag.TextWordWrap, title).height()
        body = f"{index.data(DESCRIPTION_ROLE) or ''}\n{index.data(COUNTS_ROLE) or ''}".strip()
        body_h = metrics.boundingRect(0, 0, width, 2000, Qt.TextFlag.TextWordWrap, body).height()
        return QSize(max(120, view_width - 4), title_h + body_h + 2 * self.PADDING + 4)


class WelcomeView(QWidget):
    """New, Open, recent files, examples and the tour, on one calm page."""

    new_requested = Signal()
    open_requested = Signal()
    example_requested = Signal(str)
    file_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None, settings: Settings | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeView")
        self.setAccessibleName("Welcome")
        self.settings = settings if settings is not None else shared_settings()

        # ---- left: what to do
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(72, 72))
        logo.setAccessibleName("CLD Editor icon")
        title = QLabel(APP_TITLE)
        font = QFont()
        font.setPointSizeF(22)
        title.setFont(font)
        title.setAccessibleName(APP_TITLE)
        lead = QLabel(TAGLINE + " Double-click the canvas to add a variable; drag from one variable "
                      "to another to link them.")
        lead.setWordWrap(True)
        heading_row = QHBoxLayout()
        heading_row.addWidget(logo)
        heading_row.addWidget(title, 1)
        heading = QVBoxLayout()
        heading.addLayout(heading_row)
        heading.addWidget(lead)

        self.new_button = QPushButton("&New diagram")
        self.new_button.setObjectName("welcomeNew")
        self.new_button.setAccessibleName("New diagram")
        self.new_button.setToolTip("Start an empty diagram (Ctrl+N)")
        self.new_button.setDefault(True)
        self.new_button.setAutoDefault(True)
        self.new_button.clicked.connect(self.new_requested)
        self.open_button = QPushButton("&Open a file\u2026")
        self.open_button.setObjectName("welcomeOpen")
        self.open_button.setAccessibleName("Open a file")
        self.open_button.setToolTip("Open a diagram: .cld, Vensim, XMILE, Kumu and more (Ctrl+O)")
        self.open_button.clicked.connect(self.open_requested)
        self.tour_button = QPushButton("Take the 60-second &tour")
        self.tour_button.setObjectName("welcomeTour")
        self.tour_button.setAccessibleName("Take the 60-second tour")
        self.tour_button.clicked.connect(self.show_tour)
        for button in (self.new_button, self.open_button, self.tour_button):
            button.setMinimumHeight(34)
        buttons = QVBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.tour_button)

        recent_label = QLabel("&Recent files")
        self.recent = QListWidget()
        self.recent.setObjectName("welcomeRecent")
        self.recent.setAccessibleName("Recent files")
        self.recent.setFrameShape(QFrame.Shape.NoFrame)
        recent_label.setBuddy(self.recent)
        self.recent.itemActivated.connect(self._open_recent)
        self.recent.itemDoubleClicked.connect(self._open_recent)
        self.show_on_start = QCheckBox("&Show this page when the program starts")
        self.show_on_start.setAccessibleName("Show the welcome page when the program starts")
        self.show_on_start.setChecked(self.settings.show_welcome)
        self.show_on_start.toggled.connect(lambda on: setattr(self.settings, "show_welcome", on))

        left = QVBoxLayout()
        left.addLayout(heading)
        left.addSpacing(16)
        left.addLayout(buttons)
        left.addSpacing(16)
        left.addWidget(recent_label)
        left.addWidget(self.recent, 1)
        left.addWidget(self.show_on_start)

        # ---- right: the examples
        examples_label = QLabel("Start from an &example")
        font = QFont()
        font.setPointSizeF(13)
        examples_label.setFont(font)
        self.examples = QListWidget()
        self.examples.setObjectName("welcomeExamples")
        self.examples.setAccessibleName("Examples")
        self.examples.setItemDelegate(ExampleDelegate(self.examples))
        self.examples.setWordWrap(True)
        self.examples.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.examples.setResizeMode(QListWidget.ResizeMode.Adjust)  # re-measure heights on resize
        self.examples.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.examples.setUniformItemSizes(False)
        examples_label.setBuddy(self.examples)
        self.examples.itemActivated.connect(self._open_example)
        self.examples.itemDoubleClicked.connect(self._open_example)
        self.open_example_button = QPushButton("Open the e&xample")
        self.open_example_button.setAccessibleName("Open the selected example")
        self.open_example_button.clicked.connect(lambda: self._open_example(self.examples.currentItem()))
        self.examples.currentItemChanged.connect(
            lambda item, _old=None: self.open_example_button.setEnabled(item is not None))
        self.open_example_button.setEnabled(False)
        right = QVBoxLayout()
        right.addWidget(examples_label)
        right.addWidget(self.examples, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.open_example_button)
        right.addLayout(row)

        body = QHBoxLayout()
        left_holder = QWidget()
        left_holder.setLayout(left)
        left_holder.setMaximumWidth(420)
        right_holder = QWidget()
        right_holder.setLayout(right)
        right_holder.setMaximumWidth(620)
        body.addStretch(1)
        body.addWidget(left_holder, 4)
        body.addSpacing(24)
        body.addWidget(right_holder, 6)
        body.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addLayout(body)

        self.refresh()
        self.setTabOrder(self.new_button, self.open_button)
        self.setTabOrder(self.open_button, self.tour_button)
        self.setTabOrder(self.tour_button, self.recent)
        self.setTabOrder(self.recent, self.show_on_start)
        self.setTabOrder(self.show_on_start, self.examples)
        self.setTabOrder(self.examples, self.open_example_button)
        self.settings.changed.connect(self._on_setting)  # a method: disconnected when the view goes

    # ------------------------------------------------------------ contents
    def refresh(self) -> None:
        """Re-read the recent files and the examples."""
        self.refresh_recent()
        self.examples.clear()
        self.example_infos = list_examples()
        for info in self.example_infos:
            item = QListWidgetItem(info.title)
            item.setData(PATH_ROLE, str(info.path))
            item.setData(DESCRIPTION_ROLE, _first_sentences(info.description))
            item.setData(COUNTS_ROLE, info.counts if info.variables else "")
            item.setToolTip(info.description or info.path.name)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{info.title}. {info.counts}")
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, info.description)
            self.examples.addItem(item)
        self.examples.scrollToTop()
        if not self.example_infos:
            item = QListWidgetItem("No examples are installed")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.examples.addItem(item)

    def refresh_recent(self) -> None:
        self.recent.clear()
        for path in self.settings.recent_files:
            p = Path(path)
            exists = p.is_file()
            item = QListWidgetItem(p.name if exists else f"{p.name} (not found)")
            item.setData(PATH_ROLE, path)
            item.setToolTip(path)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{p.name}, in {p.parent}")
            if not exists:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.recent.addItem(item)
        if self.recent.count() == 0:
            item = QListWidgetItem("Files you open will be listed here")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(item)

    def _on_setting(self, key: str) -> None:
        if key == "recentFiles":
            self.refresh_recent()
        elif key == "welcome/showOnStart":
            self.show_on_start.setChecked(self.settings.show_welcome)

    def example_titles(self) -> list[str]:
        return [info.title for info in self.example_infos]

    # ------------------------------------------------------------- actions
    def _open_example(self, item: QListWidgetItem | None) -> None:
        if item is not None and item.data(PATH_ROLE):
            self.example_requested.emit(item.data(PATH_ROLE))

    def _open_recent(self, item: QListWidgetItem | None) -> None:
        if item is not None and item.data(PATH_ROLE) and item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.file_requested.emit(item.data(PATH_ROLE))

    def show_tour(self) -> "TourDialog":
        """Open the tour (non-blocking) and remember it was seen."""
        tour = TourDialog(self)
        tour.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        tour.open()
        self.settings.tour_seen = True
        return tour

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh_recent()  # files may have been opened in another window meanwhile
        self.new_button.setFocus(Qt.FocusReason.OtherFocusReason)
