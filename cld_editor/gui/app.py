"""Start the editor: the Qt application, the theme, crash recovery and the first window.

``run_gui(file, present)`` is what ``cld-editor [FILE] [--present]`` calls.
When the environment variable ``CLD_EDITOR_READY_FILE`` names a file, the
program writes it once the first window is on screen (the window smoke test
waits for it).
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox
from threadpoolctl import threadpool_limits

from .. import __version__
from ..core.errors import CldError
from ..io.formats import load
from .dialogs.about import app_icon
from .window.autosave import orphaned_autosaves
from .window.desktop import apply_theme, install_file_open_handler
from .window.main_window import MainWindow, open_in_editor
from .window.registry import WINDOWS

ORGANISATION = "cld-editor"
APP_NAME = "cld-editor"


def make_app(argv: list[str] | None = None) -> QApplication:
    """Create (or return) the application with its names, style and theme."""
    # The window's arrays are small (a what-if run, a layout): a second BLAS thread only waits for
    # a free core and then spins, which doubled the processor time of a what-if run on a busy machine.
    import numpy  # noqa: F401  (the limit applies to the BLAS libraries loaded so far: numpy's first)

    threadpool_limits(limits=1, user_api="blas")
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setOrganizationDomain("cld-editor.org")
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName("cld-editor")
    app.setStyle("Fusion")
    apply_theme(app)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))
    app.setWindowIcon(app_icon())
    install_file_open_handler(app, open_in_editor)  # macOS: a double-clicked .cld arrives as QEvent.FileOpen
    return app  # type: ignore[return-value]


def ask_restore(orphan, parent=None) -> bool:
    """Ask whether to restore one autosave (True) or discard it (False)."""
    when = datetime.fromtimestamp(orphan.saved_at).strftime("%d %B %Y at %H:%M")
    name = Path(orphan.original).name if orphan.original else "an unsaved diagram"
    box = QMessageBox(QMessageBox.Icon.Question, "Restore unsaved work?",
                      f"cld-editor did not close normally. Unsaved changes to {name} were kept "
                      f"on {when}.", parent=parent)
    box.setInformativeText("Restore them, or discard them for good?")
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore


def offer_recovery(parent=None, ask=ask_restore) -> list:
    """Offer the autosaves left by a crash; return the windows opened with restored work.

    ``ask(orphan)`` decides for each one (the default asks the user with the time it was saved).
    """
    opened = []
    for orphan in orphaned_autosaves():
        if ask(orphan):
            try:
                diagram = load(orphan.data).diagram
            except CldError as exc:
                QMessageBox.warning(parent, "Cannot restore", str(exc))
                continue
            window = MainWindow(None, None, show_start=False)
            window._take(diagram, None)
            window.file_path = orphan.original
            # The restored work is unsaved: mark it so the user is asked to save it.
            window.undo_stack.resetClean()
            window.update_title()
            window._update_actions()
            window.show()
            opened.append(window)
        orphan.discard()
    return opened


def run_gui(file: str | None, present: bool = False) -> int:
    """Open the editor on ``file`` (any readable format); return the exit code."""
    app = make_app()
    restored = offer_recovery()
    window = MainWindow()
    if file:
        window.open_file(file)
    if restored and window.is_untouched():
        window.deleteLater()
        WINDOWS.remove(window)
        window = restored[0]
    window.show()
    if present:
        window.start_presentation()
    ready = os.environ.get("CLD_EDITOR_READY_FILE")
    if ready:
        QTimer.singleShot(0, lambda: Path(ready).write_text(f"{os.getpid()}\n", encoding="utf-8"))
    return app.exec()
