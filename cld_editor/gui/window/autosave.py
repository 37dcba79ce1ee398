"""Autosave: unsaved work is written to the user's data folder, never beside their file.

Each window owns one autosave file ``<id>.cld`` in
``QStandardPaths.AppDataLocation/autosave`` with a ``<id>.json`` note saying
which file it belongs to and when it was written, and holds a ``<id>.lock``
while it is open.  After a crash the lock is stale, so the next start finds
the orphaned autosave and offers to restore it (:func:`orphaned_autosaves`).
Between autosaves every completed edit is journalled (:mod:`cld_editor.io.journal`), so a
killed window loses none: its journal becomes an autosave on the next start.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer

from ...core.diagram import Diagram
from ...core.errors import CldError
from ...io.atomic import write_atomic
from ...io.native import write_cld
from ...io.journal import Journal, recover_journals

INTERVAL_MS = 30_000


def autosave_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    path = Path(base) / "autosave"
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class Orphan:
    """An autosave left behind by a window that did not close normally."""

    data: Path
    original: str | None  # the user's file it belongs to (None: never saved)
    saved_at: float  # seconds since the epoch

    def discard(self) -> None:
        for path in (self.data, self.data.with_suffix(".json"), self.data.with_suffix(".lock"),
                     self.data.with_suffix(".journal")):
            path.unlink(missing_ok=True)


def orphaned_autosaves() -> list[Orphan]:
    """Autosaves whose window is gone (their lock is free), newest first."""
    folder = autosave_dir()
    # A window killed between autosaves left a journal with its last edits: make it an autosave first.
    recover_journals(folder, lambda key: _lock_is_free(folder / f"{key}.lock"),
                     lambda key, diagram, file, when: _write_autosave(folder / f"{key}.cld", diagram, file, when))
    found = []
    for data in folder.glob("*.cld"):
        lock = QLockFile(str(data.with_suffix(".lock")))
        lock.setStaleLockTime(0)
        if not lock.tryLock(0):
            continue  # a running window owns it
        lock.unlock()
        meta: dict = {}
        try:
            meta = json.loads(data.with_suffix(".json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        saved = meta.get("saved_at") if isinstance(meta.get("saved_at"), (int, float)) else data.stat().st_mtime
        original = meta.get("file") if isinstance(meta.get("file"), str) else None
        found.append(Orphan(data, original, float(saved)))
    return sorted(found, key=lambda o: o.saved_at, reverse=True)


def _lock_is_free(path: Path) -> bool:
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)
    if not lock.tryLock(0):
        return False
    lock.unlock()
    return True


def _write_autosave(data_path: Path, diagram: Diagram, file: str | None, saved_at: float) -> None:
    write_atomic(data_path, write_cld(diagram))
    data_path.with_suffix(".json").write_text(json.dumps({"file": file, "saved_at": saved_at}), encoding="utf-8")


class Autosaver(QObject):
    """Writes the diagram every 30 s while it has unsaved changes.

    ``is_modified`` and ``file_path`` are callables asked at each tick.
    """

    def __init__(self, diagram: Diagram, is_modified, file_path, parent: QObject | None = None,
                 interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.diagram = diagram
        self.is_modified = is_modified
        self.file_path = file_path
        self.key = uuid.uuid4().hex
        folder = autosave_dir()
        self.data_path = folder / f"{self.key}.cld"
        self._lock = QLockFile(str(folder / f"{self.key}.lock"))
        self._lock.tryLock(0)
        self._dirty = False
        # Every completed edit goes to the journal at once; the timer's snapshot is the second line of defence.
        self.journal = Journal(diagram, folder / f"{self.key}.journal", is_modified, file_path,
                               schedule=lambda flush: QTimer.singleShot(0, flush))
        diagram.subscribe(self._changed)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()

    def _changed(self, _event) -> None:
        self._dirty = True

    def save_now(self) -> bool:
        """Write the autosave if there are unsaved changes since the last one; return whether it wrote."""
        if not self.is_modified():
            self.remove()
            return False
        if not self._dirty and self.data_path.exists():
            return False
        try:
            write_atomic(self.data_path, write_cld(self.diagram))
        except CldError:
            return False  # a full disk: the journal (if it could write) and the window still hold the work
        meta = {"file": self.file_path(), "saved_at": time.time()}
        self.data_path.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
        self._dirty = False
        return True

    def remove(self) -> None:
        """Delete the autosave (after a save, or when the work is clean)."""
        self.journal.mark_saved()
        self.data_path.unlink(missing_ok=True)
        self.data_path.with_suffix(".json").unlink(missing_ok=True)

    def close(self) -> None:
        """The window closes normally: stop, delete the autosave and release the lock."""
        self.timer.stop()
        self.diagram.unsubscribe(self._changed)
        self.remove()
        self.journal.close()
        self._lock.unlock()
        self.data_path.with_suffix(".lock").unlink(missing_ok=True)
