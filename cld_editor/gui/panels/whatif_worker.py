"""What-if runs off the GUI thread: the newest request wins.

While a slider is dragged every move asks for a run.  One worker thread does
them one at a time; a request made while another runs replaces any request
still waiting (a stale one is dropped without running), and a result that comes
back after a newer request was made is dropped as well, so the panel only ever
shows the run of the newest values and the window never waits for a run.  A run
that becomes stale while it runs stops within a few steps, so the newest one starts at once.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from ...sim.run import RunCancelled


class RunWorker(QObject):
    """Runs submitted jobs on one thread; ``finished`` carries the newest job's result."""

    finished = Signal(int, object)  # request number, the job's result (or the exception it raised)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Condition()
        self._pending: tuple[int, Callable[..., Any]] | None = None
        self._latest = 0
        self._closing = False
        self._thread: threading.Thread | None = None
        self.ran = 0  # jobs actually run (stale ones that never started are not counted)
        self.destroyed.connect(self.stop)

    @property
    def latest(self) -> int:
        """The number of the newest request; a result with another number is stale."""
        return self._latest

    def submit(self, job: Callable[[Callable[[], bool]], Any]) -> int:
        """Ask for ``job(stale)`` to run; it replaces any request still waiting.  Returns its number.

        ``stale()`` tells a running job that a newer request came (a job may stop by raising
        :class:`~cld_editor.sim.run.RunCancelled`).
        """
        with self._lock:
            self._latest += 1
            self._pending = (self._latest, job)
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="what-if-runs", daemon=True)
                self._thread.start()
            self._lock.notify()
            return self._latest

    def cancel(self) -> None:
        """Make every request so far stale (a run done on the GUI thread supersedes them)."""
        with self._lock:
            self._latest += 1
            self._pending = None

    def stop(self, *_args: Any) -> None:
        with self._lock:
            self._closing = True
            self._pending = None
            self._lock.notify()

    def idle(self) -> bool:
        """Whether nothing is waiting or running."""
        with self._lock:
            return self._pending is None and not self._busy

    _busy = False

    def _loop(self) -> None:
        while True:
            with self._lock:
                while self._pending is None and not self._closing:
                    self._lock.wait()
                if self._closing:
                    return
                number, job = self._pending  # type: ignore[misc]
                self._pending = None
                self._busy = True
            try:  # the job is told to stop as soon as a newer request makes it stale
                result = job(lambda number=number: number != self._latest or self._closing)
            except RunCancelled:
                result = None
            except Exception as exc:  # noqa: BLE001 - the panel says what went wrong
                result = exc
            with self._lock:
                self.ran += 1
                self._busy = False
                current = number == self._latest and not self._closing
            if current:
                try:
                    self.finished.emit(number, result)  # queued to the GUI thread
                except RuntimeError:  # the panel (and this object) went away meanwhile
                    return
