"""Notice when someone else changes the open file, and ask before saving over their change.

A shared drive means two people (or a sync client) can change one diagram
file.  Each window remembers the file as it last read or wrote it (size,
modification time and a SHA-256 of the content) and watches it:

* when the file changes on disk and the window has no unsaved work, the
  window offers to reload it; with unsaved work it says so and keeps the work;
* saving over a file that changed since the window last read or wrote it
  asks first (save over it, or cancel and use Save As).

The window's own saves update the remembered state before the watcher's
notification arrives, so they never trigger a question.  Comparing the
content (not only the time) means a sync client that rewrites identical bytes
raises nothing.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox


@dataclass(frozen=True)
class Stamp:
    """What a file looked like when the window last read or wrote it."""

    size: int
    mtime_ns: int
    digest: str


def stamp_of(path: str | os.PathLike[str]) -> Stamp | None:
    """The file's stamp, or ``None`` when it does not exist (or cannot be read)."""
    try:
        info = os.stat(path)
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return Stamp(info.st_size, info.st_mtime_ns, digest.hexdigest())


def differs(known: Stamp | None, path: str) -> bool:
    """True when ``path`` no longer holds what ``known`` describes (a cheap check first)."""
    if known is None:
        return False
    try:
        info = os.stat(path)
    except OSError:
        return True  # deleted or moved away
    if info.st_size == known.size and info.st_mtime_ns == known.mtime_ns:
        return False
    current = stamp_of(path)
    return current is None or current.digest != known.digest


class DiskWatcher(QObject):
    """Watches one window's file; emits :attr:`changed` when someone else changes it."""

    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path: str | None = None
        self.stamp: Stamp | None = None
        self._notified: Stamp | None = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._poke)
        self._watcher.directoryChanged.connect(self._poke)
        # Editors and sync clients replace files in several steps: look once things settle.
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(300)
        self._settle.timeout.connect(self.check)

    def track(self, path: str | None) -> None:
        """Remember ``path`` as it is now (after opening or saving it) and watch it."""
        for watched in self._watcher.files() + self._watcher.directories():
            self._watcher.removePath(watched)
        self.path = os.path.abspath(path) if path else None
        self.stamp = stamp_of(self.path) if self.path else None
        self._notified = None
        if self.path and self.stamp is not None:
            self._watcher.addPath(self.path)
            self._watcher.addPath(str(Path(self.path).parent))

    def changed_since_known(self) -> bool:
        """True when the file on disk is no longer what this window last read or wrote."""
        return self.path is not None and differs(self.stamp, self.path)

    def _poke(self, _path: str) -> None:
        # A replaced file drops out of the watch list: add it back while it exists.
        if self.path and self.path not in self._watcher.files() and os.path.exists(self.path):
            self._watcher.addPath(self.path)
        self._settle.start()

    def check(self) -> None:
        """Emit :attr:`changed` once per new version of the file on disk."""
        if not self.changed_since_known():
            return
        current = stamp_of(self.path) if self.path else None
        if current is not None and current == self._notified:
            return
        self._notified = current
        self.changed.emit(self.path)


# ------------------------------------------------------- window glue
def watcher_for(window) -> DiskWatcher:
    """The window's watcher, created (and connected) on first use."""
    watcher = getattr(window, "_disk_watcher", None)
    if watcher is None:
        watcher = DiskWatcher(window)
        watcher.changed.connect(lambda path: on_changed_on_disk(window, path))
        window._disk_watcher = watcher
    return watcher


def track(window, path: str | None) -> None:
    """Call after the window opened or saved ``path``."""
    watcher_for(window).track(path)


def ask_reload(window, name: str) -> bool:
    """Ask whether to reload a file changed by someone else (tests replace this)."""
    answer = QMessageBox.question(
        window, "File changed on disk",
        f"“{name}” was changed by another program. Reload it?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes


def ask_overwrite(window, name: str) -> bool:
    """Ask whether to save over a file someone else changed (tests replace this)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "File changed on disk",
                      f"“{name}” was changed by another program since you opened or saved it.", parent=window)
    box.setInformativeText("Saving now replaces their changes with yours. Use Save As to keep both.")
    overwrite = box.addButton("Save Over It", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is overwrite


def on_changed_on_disk(window, path: str) -> None:
    """Someone else changed the window's file: reload it if the user wants and has nothing unsaved."""
    if os.path.abspath(window.file_path or "") != path:
        return
    name = Path(path).name
    if not os.path.exists(path):
        window.show_message(f"“{name}” was moved or deleted by another program; save to write it again.", 15000)
        return
    if not window.undo_stack.isClean():
        window.show_message(f"“{name}” was changed by another program; your unsaved changes are kept. "
                            "Saving will ask before replacing their version.", 15000)
        return
    if ask_reload(window, name):
        window.revert_now()


def may_save_over(window, path: str) -> bool:
    """Before saving to ``path``: True unless it is the window's file, changed by someone else, and the user cancels."""
    watcher = watcher_for(window)
    if watcher.path != os.path.abspath(path) or not os.path.exists(path) or not watcher.changed_since_known():
        return True  # not our file, deleted (nothing of theirs to lose), or as we left it
    return ask_overwrite(window, Path(path).name)
