"""One background job at a time on a Python thread, reporting through Qt signals.

The Loops panel's search and the heat view's count both run this way:
starting a job cancels the one before, every job carries a ``generation``
so that a late signal of a cancelled job is recognised and dropped, and the
application's quit waits for a running job (a thread still searching while
Python shuts down can crash it).  Subclasses declare their own signals.
"""

from __future__ import annotations

import threading
from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject


class BackgroundJob(QObject):
    """Runs ``work(generation, cancel)`` on a daemon thread, one job at a time."""

    def __init__(self, thread_name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thread_name = thread_name
        self.generation = 0
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def launch(self, work: Callable[[int, threading.Event], None]) -> int:
        """Cancel any running job and start ``work``; return its generation."""
        self.cancel()
        self.generation += 1
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=work, args=(self.generation, self._cancel),
                                        name=self.thread_name, daemon=True)
        self._thread.start()
        return self.generation

    def cancel(self) -> None:
        """Ask the running job to stop."""
        self._cancel.set()

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end; return whether it did."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def shutdown(self, timeout: float = 5.0) -> None:
        """Cancel and wait: call before the owner goes away."""
        self.cancel()
        self.wait(timeout)
