"""The in-app user guide and the keyboard shortcut sheet, both offline.

The guide is the Markdown in ``docs/user-guide/`` (found by
:mod:`cld_editor.paths` in a checkout, a wheel or the bundled app), rendered
with ``QTextBrowser.setMarkdown``: a contents list on the left, a search field
that narrows it to the pages containing a word, and links between pages.

The shortcut sheet lists the keys of the actual window it is opened from (its
menus' actions, so it never disagrees with the program), followed by the
canvas keys, which are gestures rather than menu commands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QUrl, Qt
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ... import paths
from .about import show_about


# ------------------------------------------------------------------ guide pages
@dataclass(frozen=True)
class GuidePage:
    """One page of the user guide."""

    path: Path
    title: str
    text: str

    def matches(self, words: str) -> bool:
        """True when every word of ``words`` occurs in the page (any case)."""
        body = self.text.lower()
        return all(word in body for word in words.lower().split())


def _title(text: str, fallback: str) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return fallback


def load_pages(folder: Path | None = None) -> list[GuidePage]:
    """The guide's pages in reading order, each with its title (first ``#`` heading)."""
    files = paths.user_guide_pages() if folder is None else sorted(folder.glob("*.md"))
    pages = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            text = f"# {path.stem}\n\nThis page could not be read: {exc}."
        fallback = re.sub(r"^\d+-", "", path.stem).replace("-", " ").capitalize()
        pages.append(GuidePage(path, _title(text, fallback), text))
    return pages


class HelpWindow(QWidget):
    """The user guide in a window of its own (F1)."""

    def __init__(self, parent: QWidget | None = None, pages: list[GuidePage] | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("helpWindow")
        self.setWindowTitle("CLD Editor Help")
        self.setAccessibleName("CLD Editor user guide")
        self.pages = pages if pages is not None else load_pages()

        self.search = QLineEdit()
        self.search.setObjectName("helpSearch")
        self.search.setPlaceholderText("Search the guide")
        self.search.setAccessibleName("Search the guide")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)

        self.contents = QListWidget()
        self.contents.setObjectName("helpContents")
        self.contents.setAccessibleName("Contents of the guide")
        for index, page in enumerate(self.pages):
            item = QListWidgetItem(page.title)
            item.setData(Qt.ItemDataRole.UserRole, index)
            item.setToolTip(page.path.name)
            self.contents.addItem(item)
        self.contents.currentItemChanged.connect(self._on_item)
        self.contents.setWordWrap(True)
        self.contents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.contents.setSpacing(2)

        self.browser = QTextBrowser()
        self.browser.setObjectName("helpBrowser")
        self.browser.setAccessibleName("Guide page")
        self.browser.setOpenLinks(False)  # pages link to pages: handled below
        self.browser.anchorClicked.connect(self._on_link)
        self.browser.document().setDocumentMargin(14)

        self.shortcuts_button = QPushButton("&Keyboard shortcuts")
        self.shortcuts_button.setAccessibleName("Show the keyboard shortcut sheet")
        self.shortcuts_button.clicked.connect(self._show_shortcuts)
        close = QPushButton("Close")
        close.setAccessibleName("Close the guide")
        close.clicked.connect(self.close)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.contents)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 640])

        buttons = QHBoxLayout()
        buttons.addWidget(self.shortcuts_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, activated=self._focus_search)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)
        self.resize(900, 640)
        if self.pages:
            self.contents.setCurrentRow(0)
        else:
            self.browser.setMarkdown(
                "# The guide is missing\n\nThe user guide was not installed with the program "
                f"(looked in `{paths.user_guide_dir()}`). The same guide is in the project's "
                "`docs/user-guide/` folder."
            )

    # -------------------------------------------------------------- navigation
    @property
    def current_page(self) -> GuidePage | None:
        item = self.contents.currentItem()
        return None if item is None else self.pages[item.data(Qt.ItemDataRole.UserRole)]

    def show_page(self, key: int | str) -> bool:
        """Show a page by index, file name (``"02-loops.md"``) or title; False if none."""
        for row in range(self.contents.count()):
            item = self.contents.item(row)
            page = self.pages[item.data(Qt.ItemDataRole.UserRole)]
            if key in (item.data(Qt.ItemDataRole.UserRole), page.path.name, page.path.stem, page.title):
                item.setHidden(False)
                self.contents.setCurrentItem(item)
                return True
        return False

    def _on_item(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        if item is None:
            return
        page = self.pages[item.data(Qt.ItemDataRole.UserRole)]
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(page.path)))
        self.browser.setSearchPaths([str(page.path.parent)])
        self.browser.setMarkdown(page.text)
        self.browser.verticalScrollBar().setValue(0)
        words = self.search.text().split()
        if words:
            self.browser.find(words[0])

    def _on_link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)  # the user's browser; the guide itself stays offline
            return
        name = Path(url.path()).name
        if not self.show_page(name) and url.fragment():
            self.browser.scrollToAnchor(url.fragment())

    def _filter(self, text: str) -> None:
        first_visible = None
        for row in range(self.contents.count()):
            item = self.contents.item(row)
            page = self.pages[item.data(Qt.ItemDataRole.UserRole)]
            hidden = bool(text.strip()) and not page.matches(text)
            item.setHidden(hidden)
            if not hidden and first_visible is None:
                first_visible = item
        current = self.contents.currentItem()
        if first_visible is not None and (current is None or current.isHidden()):
            self.contents.setCurrentItem(first_visible)
        elif current is not None:
            self._on_item(current)

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _show_shortcuts(self) -> None:
        owner = self.parent() if isinstance(self.parent(), QMainWindow) else None
        ShortcutSheet(owner, parent=self).open()


# ----------------------------------------------------------- shortcut sheet
#: Keys on the canvas and in presentation mode that are gestures, not menu items.
CANVAS_KEYS: list[tuple[str, str]] = [
    ("Double-click", "Add a variable on empty canvas, or rename one"),
    ("Drag from a variable", "Draw a link to another variable"),
    ("+", "Make the selected links positive"),
    ("\u2212 (minus)", "Make the selected links negative"),
    ("?", "Make the sign of the selected links unknown"),
    ("D", "Mark or unmark a delay on the selected links"),
    ("Delete", "Delete the selection (links go with their variables)"),
    ("Arrow keys", "Move the selection a little"),
    ("Esc", "Clear the selection"),
    ("Mouse wheel", "Zoom (a touchpad swipe pans)"),
]
PRESENT_KEYS: list[tuple[str, str]] = [
    ("Page Down, \u2192, Space", "Next step"),
    ("Page Up, \u2190", "Previous step"),
    ("Esc", "Leave presentation mode"),
]
#: Used when the sheet is opened without a window (the window's own keys win).
STANDARD_KEYS: list[tuple[str, str, str]] = [
    ("File", "New diagram", "Ctrl+N"),
    ("File", "Open", "Ctrl+O"),
    ("File", "Save", "Ctrl+S"),
    ("File", "Save as", "Ctrl+Shift+S"),
    ("File", "Print", "Ctrl+P"),
    ("File", "Quit", "Ctrl+Q"),
    ("Edit", "Undo", "Ctrl+Z"),
    ("Edit", "Redo", "Ctrl+Shift+Z"),
    ("Edit", "Cut", "Ctrl+X"),
    ("Edit", "Copy", "Ctrl+C"),
    ("Edit", "Paste", "Ctrl+V"),
    ("Edit", "Select all", "Ctrl+A"),
    ("Edit", "Find a variable", "Ctrl+F"),
    ("View", "Zoom in", "Ctrl++"),
    ("View", "Zoom out", "Ctrl+-"),
    ("View", "Fit to window", "Ctrl+0"),
    ("View", "Present", "F5"),
    ("Help", "User guide", "F1"),
    ("Help", "Keyboard shortcuts", "Ctrl+/"),
]


def _plain(text: str) -> str:
    # Menu texts carry "&" mnemonics and "..." that the sheet does not need.
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".").rstrip("\u2026").strip()


def window_shortcuts(window: QWidget) -> list[tuple[str, str, str]]:
    """``(menu, command, keys)`` for every menu action of ``window`` that has keys.

    Sub-menus are walked; the keys are shown in the platform's native form
    (Cmd on macOS).
    """
    rows: list[tuple[str, str, str]] = []
    bar = window.menuBar() if isinstance(window, QMainWindow) else None
    if bar is None:
        return rows

    def walk(menu: QMenu, title: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), title)
                continue
            if action.isSeparator() or not action.isVisible():
                continue
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
            if keys:
                rows.append((title, _plain(action.text()), ", ".join(keys)))

    for top in bar.actions():
        if top.menu() is not None:
            walk(top.menu(), _plain(top.text()))
    # Actions added to the window itself (not in a menu) count too.
    for action in window.actions():
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
        if keys and action.text() and not any(r[1] == _plain(action.text()) for r in rows):
            rows.append(("Window", _plain(action.text()), ", ".join(keys)))
    return rows


class ShortcutSheet(QDialog):
    """Every keyboard shortcut, grouped by menu, with a filter."""

    def __init__(self, window: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent if parent is not None else window)
        self.setObjectName("shortcutSheet")
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")

        rows = window_shortcuts(window) if window is not None else []
        if not rows:
            rows = list(STANDARD_KEYS)
        rows += [("On the canvas", what, keys) for keys, what in CANVAS_KEYS]
        rows += [("Presenting", what, keys) for keys, what in PRESENT_KEYS]
        self.rows = rows

        self.filter = QLineEdit()
        self.filter.setObjectName("shortcutFilter")
        self.filter.setPlaceholderText("Type a command or a key")
        self.filter.setAccessibleName("Filter the shortcuts")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)

        self.tree = QTreeWidget()
        self.tree.setObjectName("shortcutTree")
        self.tree.setAccessibleName("Shortcuts by menu")
        self.tree.setHeaderLabels(["Command", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        groups: dict[str, QTreeWidgetItem] = {}
        for group, command, keys in rows:
            parent_item = groups.get(group)
            if parent_item is None:
                parent_item = QTreeWidgetItem([group])
                font = parent_item.font(0)
                font.setBold(True)
                parent_item.setFont(0, font)
                parent_item.setFirstColumnSpanned(False)
                self.tree.addTopLevelItem(parent_item)
                groups[group] = parent_item
            child = QTreeWidgetItem([command, keys])
            child.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{command}: {keys}")
            parent_item.addChild(child)
        self.tree.expandAll()
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

        hint = QLabel("On macOS, Cmd takes the place of Ctrl.")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(700, 640)

    def visible_commands(self) -> list[str]:
        """The commands the filter leaves visible (for tests and screen readers)."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            out += [group.child(j).text(0) for j in range(group.childCount()) if not group.child(j).isHidden()]
        return out

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            shown = 0
            for j in range(group.childCount()):
                child = group.child(j)
                hit = not needle or needle in child.text(0).lower() or needle in child.text(1).lower()
                child.setHidden(not hit)
                shown += hit
            group.setHidden(shown == 0)


# ------------------------------------------------------------------ entry points
_help_windows: dict[int, HelpWindow] = {}


def show_help(parent: QWidget | None = None, page: int | str | None = None) -> HelpWindow:
    """Open (or raise) the guide window for ``parent``, optionally at ``page``."""
    key = id(parent)
    window = _help_windows.get(key)
    if window is None:
        window = HelpWindow(parent)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda *_: _help_windows.pop(key, None))
        _help_windows[key] = window
    if page is not None:
        window.show_page(page)
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def show_shortcuts(window: QWidget | None = None) -> ShortcutSheet:
    """Open the shortcut sheet for ``window``'s menus."""
    sheet = ShortcutSheet(window)
    sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    sheet.open()
    return sheet


def help_actions(window: QMainWindow) -> list[QAction]:
    """The Help menu's actions for ``window``: guide (F1), shortcuts (Ctrl+/), About.

    The caller adds them to its Help menu; each is parented to ``window`` so
    that its shortcut works anywhere in it.
    """
    guide = QAction("&User guide", window)
    guide.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    guide.setStatusTip("Open the user guide")
    guide.triggered.connect(lambda: show_help(window))
    keys = QAction("&Keyboard shortcuts", window)
    keys.setShortcut(QKeySequence("Ctrl+/"))
    keys.setStatusTip("List every keyboard shortcut")
    keys.triggered.connect(lambda: show_shortcuts(window))
    about = QAction("&About CLD Editor", window)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.setStatusTip("Version and licences")
    about.triggered.connect(lambda: show_about(window))
    return [guide, keys, about]
