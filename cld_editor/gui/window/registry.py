"""Every open main window, oldest first, and the one that shows a given file.

A window adds itself when it is made and leaves when it closes.  The Window
menu lists these; opening a file that is already open brings its window
forward instead of opening it twice; a preference change reaches them all.
Kept apart from the window class so that its parts (files, menus, desktop
integration) can find the other windows without importing the window.
"""

from __future__ import annotations

import os

from PySide6.QtWidgets import QMainWindow

#: Every open main window (several diagrams at once), oldest first.
WINDOWS: list[QMainWindow] = []


def window_showing(path: str) -> QMainWindow | None:
    """The open window whose file is ``path`` (compared as absolute paths), if any."""
    wanted = os.path.abspath(path)
    return next((w for w in WINDOWS if w.file_path and os.path.abspath(w.file_path) == wanted), None)
