"""The main window: canvas, properties, undo history, menus, toolbar and files.

What other parts of the program may use (stable):

- ``window.diagram``: the :class:`~cld_editor.core.diagram.Diagram` shown (the
  same object for the window's life; opening a file replaces its content);
- ``window.undo_stack``: push :mod:`cld_editor.commands` here;
- ``window.canvas``: the :class:`~cld_editor.gui.canvas.DiagramScene`, with
  ``highlight(variable_ids, link_ids)`` and ``clear_highlight()``;
- ``window.view``: the :class:`~cld_editor.gui.canvas.DiagramView`;
- ``window.selection_changed(variable_ids, link_ids)``: a signal;
- ``window.add_dock(title, widget, area)`` adds a panel (and a View menu entry);
- ``window.menu("View")`` returns a top menu by name, making it if needed;
- ``window.start_presentation()`` opens presentation mode;
- ``window.file_path``, ``window.open_file(path)``, ``window.save()``.

Menus and file handling live in :mod:`.menus` and :mod:`.files`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QMainWindow, QMenu, QMessageBox, QStackedWidget, QUndoView, QWidget

from ...core.diagram import Diagram
from ...core.words import plural
from .autosave import Autosaver
from ..canvas import DiagramScene, DiagramView
from ..panels.properties import PropertiesPanel
from ..presentation.mode import PresentationWindow
from ..dialogs.import_report import ImportReport, ImportReportDialog
from ..dialogs.welcome import WelcomeView
from ..settings import Settings, shared_settings
from ..theme import Theme, system_theme
from .desktop import integrate_window
from .files import FileMixin
from .loop_docks import install_loop_panels
from .menus import MenuMixin
from .registry import WINDOWS, window_showing
from .sim_docks import install_sim_panels
from ..workshop import install_workshop

MENU_ORDER = ["File", "Edit", "Insert", "Link", "Arrange", "View", "Loops", "Simulate", "Window", "Help"]


# Each panel's View menu entry with an Alt letter no other View entry uses.
PANEL_MNEMONICS = {"Properties": "Proper&ties", "History": "&History", "Equations": "&Equations",
                   "What-if": "&What-if", "Loops": "&Loops", "Causes and Uses": "&Causes and Uses",
                   "Warnings": "War&nings", "Archetypes": "Archet&ypes"}


def panel_width(window_width: int) -> int:
    """How wide the right-hand panels start: 400 to 460 pixels (their four tabs' names fit in 400)."""
    return int(min(460, max(400, window_width * 0.27)))


def panel_menu_text(title: str) -> str:
    """A panel's title with its Alt letter marked; a count after it ("Warnings (3)") is kept."""
    for plain, marked in PANEL_MNEMONICS.items():
        if title == plain or title.startswith(plain + " ("):
            return marked + title[len(plain):]
    return title


class MainWindow(FileMixin, MenuMixin, QMainWindow):
    """One diagram in one window."""

    selection_changed = Signal(list, list)

    def __init__(self, diagram: Diagram | None = None, path: str | None = None, theme: Theme | None = None,
                 show_start: bool | None = None, preferences: Settings | None = None) -> None:
        super().__init__()
        WINDOWS.append(self)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setAcceptDrops(True)
        self.setWindowTitle("cld-editor")
        self.settings = QSettings()
        #: The user's typed preferences (shared by every window unless a test passes its own).
        self.preferences = preferences if preferences is not None else shared_settings()
        self.theme = theme or system_theme()
        self.diagram = diagram if diagram is not None else Diagram()
        self.file_path: str | None = path
        self.undo_stack = QUndoStack(self)
        self.canvas = DiagramScene(self.diagram, self.undo_stack, self.theme, self, self.preferences)
        self.view = DiagramView(self.canvas)
        self.view.setObjectName("canvas")
        self._menus: dict[str, QMenu] = {}
        self._pending_docks: list[QDockWidget] = []  # docks added before the View menu exists
        #: What the last file from another program could not carry over, and its dialog once shown.
        self.last_import_report: ImportReport | None = None
        self.import_report_dialog: ImportReportDialog | None = None
        self.canvas.selection_changed.connect(self.selection_changed)

        self.stack = QStackedWidget()
        self.start_page = self.make_start_page()
        self.stack.addWidget(self.start_page)
        self.stack.addWidget(self.view)
        self.setCentralWidget(self.stack)

        self.properties = PropertiesPanel(self.canvas)
        self.properties.message.connect(self.show_message)
        self.properties_dock = self.add_dock("Properties", self.properties, Qt.DockWidgetArea.RightDockWidgetArea)
        self.history = QUndoView(self.undo_stack)
        self.history.setEmptyLabel("Opened")
        self.history_dock = self.add_dock("History", self.history, Qt.DockWidgetArea.RightDockWidgetArea)

        self.build_actions()
        self.build_menus()
        self.build_toolbar()
        self._build_status_bar()
        self.view.message.connect(self.show_message)
        self.view.zoom_changed.connect(self._show_zoom)
        self.undo_stack.cleanChanged.connect(self.update_title)
        self.undo_stack.indexChanged.connect(self._after_change)
        self.canvas.selection_changed.connect(self._update_actions)
        self.autosaver = Autosaver(self.diagram, lambda: not self.undo_stack.isClean(), lambda: self.file_path, self)

        self.resize(1280, 820)
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if show_start is None:
            show_start = path is None and not self.diagram.variables
        self.stack.setCurrentWidget(self.start_page if show_start else self.view)
        self.update_title()
        self._update_actions()
        self.sim_panels = install_sim_panels(self)  # Equations and What-if panels, Simulate menu
        self.loop_panels = install_loop_panels(self)  # Loops, Causes and Uses, Warnings panels, Loops menu
        install_workshop(self)  # Compare With, Merge Perspectives, Evidence Gaps, Perspectives
        integrate_window(self)  # Help menu, Preferences, the user's preferences
        # The panels' own size hints (the Loops table's seven columns) would take nearly half a
        # 1280-pixel window: the canvas is what people came for, so the panels start narrower.
        self.resizeDocks([self.properties_dock], [panel_width(self.width())], Qt.Orientation.Horizontal)

    # ------------------------------------------------------------ hooks
    def make_start_page(self) -> WelcomeView:
        """The screen shown without a file: the welcome view."""
        page = WelcomeView(self)
        page.new_requested.connect(self.show_canvas)
        page.open_requested.connect(self.open_dialog)
        page.example_requested.connect(self.open_example)
        page.file_requested.connect(self.open_file)
        return page

    def show_canvas(self) -> None:
        """Leave the start page for the canvas."""
        if self.stack.currentWidget() is not self.view:
            self.stack.setCurrentWidget(self.view)
            self.view.fit(1.0) if self.diagram.variables else self.view.set_zoom(1.0)
        self.view.setFocus()
        self._update_actions()

    def start_presentation(self) -> bool:
        """Open presentation mode on this diagram; return whether it opened."""
        self._presentation = PresentationWindow(self)
        self._presentation.show()
        return True

    # ----------------------------------------------------------- panels
    def add_dock(self, title: str, widget: QWidget,
                 area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
        """Add a panel in a dock; its show/hide toggle goes in the View menu."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title.lower().replace(' ', '-')}")
        dock.setWidget(widget)
        # The View menu's entry gets its Alt letter back whenever the title changes ("Warnings (3)").
        toggle = dock.toggleViewAction()
        toggle.setText(panel_menu_text(title))
        dock.windowTitleChanged.connect(lambda text: toggle.setText(panel_menu_text(text)))
        self.addDockWidget(area, dock)
        if "View" in self._menus:
            self._menus["View"].addAction(dock.toggleViewAction())
        else:
            self._pending_docks.append(dock)
        return dock

    def menu(self, name: str) -> QMenu:
        """The top menu called ``name`` ("File", "View", ...), created in the usual order if missing."""
        if name in self._menus:
            return self._menus[name]
        bar = self.menuBar()
        menu = QMenu(f"&{name}", self)
        menu.setObjectName(f"menu-{name.lower()}")
        before = None
        if name in MENU_ORDER:
            for later in MENU_ORDER[MENU_ORDER.index(name) + 1:]:
                if later in self._menus:
                    before = self._menus[later].menuAction()
                    break
        if before is not None:
            bar.insertMenu(before, menu)
        else:
            bar.addMenu(menu)
        self._menus[name] = menu
        return menu

    # ------------------------------------------------------------ status
    def _build_status_bar(self) -> None:
        self.counts_label = QLabel()
        self.zoom_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.zoom_label)
        self._show_zoom(self.view.zoom())
        self._show_counts()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        # Esc that no panel or editor used ends showing a loop, wherever the focus is.
        if event.key() == Qt.Key.Key_Escape and self.canvas.dismiss_highlight():
            event.accept()
            return
        super().keyPressEvent(event)

    def show_message(self, text: str, timeout: int = 6000) -> None:
        self.statusBar().showMessage(text, timeout)

    def show_error(self, title: str, text: str, details: str = "") -> None:
        """A dialog that says what went wrong (tests replace this to avoid the modal loop)."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        if details:
            box.setInformativeText(details)
        box.exec()

    def _show_zoom(self, factor: float) -> None:
        self.zoom_label.setText(f"{factor * 100:.0f} %")

    def _show_counts(self) -> None:
        d = self.diagram
        self.counts_label.setText(f"{plural(len(d.variables), 'variable')} \u00b7 {plural(len(d.links), 'link')}")

    def _after_change(self) -> None:
        self._show_counts()
        self._update_actions()
        if self.stack.currentWidget() is not self.view and self.undo_stack.count():
            self.show_canvas()

    def update_title(self) -> None:
        name = Path(self.file_path).name if self.file_path else (self.diagram.title or "Untitled")
        self.setWindowTitle(f"{name}[*] \u2014 cld-editor")
        self.setWindowModified(not self.undo_stack.isClean())
        self.setWindowFilePath(self.file_path or "")

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.canvas.set_theme(theme)
        self.refresh_icons()

    # ------------------------------------------------------------ events
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        for path in paths:
            self.open_file(path)
        event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.maybe_save():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.autosaver.close()
        self.properties.detach()
        self.canvas.detach()
        if self in WINDOWS:
            WINDOWS.remove(self)
        event.accept()


def open_in_editor(path: str) -> MainWindow | None:
    """Open ``path`` in an untouched window if there is one, else in a new window.

    Returns the window that shows the file (``None`` when it could not be read;
    the window has already said why).
    """
    windows = [w for w in WINDOWS if w.isVisible()] or list(WINDOWS)
    active = QApplication.activeWindow()
    host = next((w for w in windows if w.is_untouched()), None)
    if host is None:
        host = active if active in windows else (windows[0] if windows else None)
    if host is None:
        host = MainWindow()
        host.show()
    if not host.open_file(path):
        return None
    shown = window_showing(path) or host
    shown.show()
    shown.raise_()
    shown.activateWindow()
    return shown

