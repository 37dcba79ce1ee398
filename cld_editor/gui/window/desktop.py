"""What makes the editor behave like an installed desktop program.

- :class:`FileOpenFilter`: macOS hands a double-clicked ``.cld`` file (or one
  dropped on the Dock icon) to the running program as a ``QEvent.FileOpen``
  on the application, not on the command line; the filter opens it in a
  window.  Other platforms never send the event, so it costs nothing there.
- :func:`integrate_window`: the Help menu (guide, shortcut sheet, welcome page,
  About), Preferences, and the preferences applied to a main window (theme,
  autosave interval, sign of new links, backups on save, welcome page at start).
- :func:`preferred_theme` and :func:`apply_preferences` keep every window in the
  theme the user chose, including the high-contrast one.

The main window calls :func:`integrate_window` once it is built; ``gui/app.py``
calls :func:`install_file_open_handler` once the application exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QFileOpenEvent, QKeySequence
from PySide6.QtWidgets import QApplication

from ..appearance import notifier, resolve_theme, style_sheet_for
from ..settings import Settings, shared_settings
from ..theme import Theme, window_palette
from ..dialogs.help import help_actions
from ..dialogs.preferences import show_preferences
from ..dialogs.tour import TourDialog
from .registry import WINDOWS

if TYPE_CHECKING:  # the main window imports this module
    from .main_window import MainWindow


# --------------------------------------------------------------- file open
class FileOpenFilter(QObject):
    """Turns the application's ``QEvent.FileOpen`` into an opened diagram."""

    def __init__(self, open_path: Callable[[str], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.open_path = open_path
        self.opened: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FileOpen:
            path = event.file() if isinstance(event, QFileOpenEvent) else ""
            if not path and isinstance(event, QFileOpenEvent) and event.url().isLocalFile():
                path = event.url().toLocalFile()
            if path:
                self.opened.append(path)
                self.open_path(path)
                return True
        return super().eventFilter(watched, event)


def install_file_open_handler(app: QApplication, open_path: Callable[[str], object]) -> FileOpenFilter:
    """Install (once) the filter that opens files the system sends the application."""
    existing = app.findChild(FileOpenFilter, "fileOpenFilter")
    if existing is not None:
        return existing
    handler = FileOpenFilter(open_path, app)
    handler.setObjectName("fileOpenFilter")
    app.installEventFilter(handler)
    return handler


# ------------------------------------------------------------- preferences
def preferred_theme(settings: Settings | None = None) -> Theme:
    """The :class:`~cld_editor.gui.theme.Theme` the user chose (the system's by default)."""
    return resolve_theme((settings or shared_settings()).theme)


def apply_autosave_interval(window: MainWindow) -> None:
    """Run the window's autosave at the interval the user chose (or not at all).

    The other preferences (the sign of a new link, backups on save) are read
    from ``window.preferences`` when they are needed, so nothing else is copied.
    """
    seconds = window.preferences.autosave_seconds
    timer = window.autosaver.timer
    if seconds:
        timer.setInterval(seconds * 1000)
        if not timer.isActive():
            timer.start()
    else:
        timer.stop()


def apply_theme(app: QApplication, theme: Theme | None = None) -> None:
    """Colour the whole program (and every open window's canvas) in ``theme`` or the preferred one."""
    theme = theme or preferred_theme()
    app.setPalette(window_palette(theme))
    app.setStyleSheet(style_sheet_for(theme))
    for window in WINDOWS:
        window.set_theme(theme)


def apply_theme_everywhere(settings: Settings) -> Theme:
    """Colour the application and every open window in the preferred theme."""
    app = QApplication.instance()
    theme = preferred_theme(settings)
    if app is not None:
        apply_theme(app, theme)  # palette, style sheet, every window's canvas and icons
    notifier().theme_changed.emit(theme)
    return theme


_listening: set[int] = set()


def _settings_for(window: MainWindow) -> Settings:
    settings = window.preferences
    if id(settings) not in _listening:
        _listening.add(id(settings))
        settings.changed.connect(lambda key, s=settings: _on_setting_changed(key, s))
    return settings


def _on_setting_changed(key: str, settings: Settings) -> None:
    if key == "appearance/theme":
        apply_theme_everywhere(settings)
    if key == "files/autosaveSeconds":
        for window in list(WINDOWS):
            if window.preferences is settings:
                apply_autosave_interval(window)


def show_welcome_page(window: MainWindow) -> None:
    """Show the welcome page: here if the window is empty, else in a new window."""
    if window.is_untouched():
        window.stack.setCurrentWidget(window.start_page)
        window._update_actions()
    else:
        window.new_window(show_start=True)


def _docks_follow_the_page(window: MainWindow) -> None:
    """Hide the panels while the welcome page shows, and bring back the same ones after.

    The page is about choosing what to open; empty Properties or Loops panels
    beside it only squeeze the examples.
    """
    from PySide6.QtWidgets import QDockWidget

    hidden: list[QDockWidget] = []

    def follow(_index: int = 0) -> None:
        on_start = window.stack.currentWidget() is window.start_page
        if on_start:
            for dock in window.findChildren(QDockWidget):
                if dock.isVisibleTo(window) and not dock.isFloating():
                    hidden.append(dock)
                    dock.hide()
        else:
            while hidden:
                hidden.pop().show()

    window.stack.currentChanged.connect(follow)
    follow()


def integrate_window(window: MainWindow) -> None:
    """Add Help and Preferences to a main window and apply the preferences to it."""
    settings = _settings_for(window)

    guide, keys, about = help_actions(window)
    welcome = QAction("&Welcome Page", window)
    welcome.setStatusTip("New, Open, the examples and the 60-second tour")
    welcome.triggered.connect(lambda: show_welcome_page(window))
    tour = QAction("60-Second &Tour", window)
    tour.setStatusTip("Five steps: what to do first")
    tour.triggered.connect(lambda: _show_tour(window))
    help_menu = window.menu("Help")
    for action in (guide, keys, None, welcome, tour, None, about):
        help_menu.addSeparator() if action is None else help_menu.addAction(action)

    prefs = QAction("Pr&eferences\u2026", window)
    prefs.setMenuRole(QAction.MenuRole.PreferencesRole)
    standard = QKeySequence(QKeySequence.StandardKey.Preferences)
    prefs.setShortcut(standard if not standard.isEmpty() else QKeySequence("Ctrl+,"))
    prefs.setStatusTip("Theme, autosave, sign of new links, presentation font size")
    prefs.triggered.connect(lambda: show_preferences(window, settings))
    edit = window.menu("Edit")
    edit.addSeparator()
    edit.addAction(prefs)
    window.act.update({"help": guide, "shortcuts": keys, "about": about, "welcome": welcome,
                       "tour": tour, "preferences": prefs})

    apply_autosave_interval(window)
    theme = preferred_theme(settings)
    if settings.theme != "system" and theme is not window.theme:
        window.set_theme(theme)  # a chosen theme; "system" is what the window starts with
    if not settings.show_welcome and window.stack.currentWidget() is window.start_page:
        window.show_canvas()
    _docks_follow_the_page(window)
    window.setAccessibleName("CLD Editor")


def _show_tour(window: MainWindow) -> None:
    tour = TourDialog(window)
    tour.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    tour.open()
