"""Finding loops off the GUI thread, live as the diagram changes.

:class:`LoopWorker` runs one search at a time on a Python thread and reports
through Qt signals, which Qt queues to the GUI thread: loops arrive in
batches, shortest first and already named (as
:func:`~cld_editor.analysis.loops.iter_loops` yields them), with a running
count.  A diagram can hold millions of loops, so only the first
``list_limit`` are listed; after that the search goes on counting without
keeping them.

The window must never freeze while this runs.  The search is pure Python and
holds the GIL, so its stop check (called every few thousand search steps)
sleeps for zero seconds, which hands the GIL to the GUI thread whenever it is
waiting; ``benchmarks/bench_gui_responsiveness.py`` measures the result.

:class:`LiveLoops` follows a diagram: every edit that can change the loops
(links, their signs and delays, variables and their names) restarts the
search after a short pause (``DEBOUNCE_MS``), so typing or dragging does not
start a search per keystroke.  When the loops are known it brings the loop
labels in step (codes follow renumbering; see
:mod:`cld_editor.analysis.loop_labels`).  Codes and members are part of the
document (every format writes them), so that change goes on the undo stack as
part of the step that caused it (:func:`~cld_editor.commands.edits.record_consequence`):
undoing an edit gives back the labels it had, and Save never writes a label
the history cannot take back.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from ...analysis.graph import SignedGraph
from ...analysis.loop_labels import label_updates
from ...analysis.loop_stream import Breather, affects_loops, stream_loops
from ...analysis.loops import Loop, LoopCount
from ...analysis.search import SearchState, johnson, self_loops
from ...commands.edits import record_consequence
from ...commands.intents import renumber_labels
from ...core.diagram import Diagram
from ...core.events import ElementAdded, ElementChanged
from .background import BackgroundJob

#: Loops kept for listing; beyond this the search only counts.
LIST_LIMIT = 100_000
#: Most loops in one batch signal, and the longest wait before a batch goes.
BATCH_SIZE = 2_000
BATCH_SECONDS = 0.1
#: The interpreter's thread switch interval while a search runs (seconds):
#: each time the GUI thread calls into Python it may wait this long for the GIL.
SWITCH_INTERVAL = 0.001
#: How long the search holds back after each batch reaches the GUI thread.
YIELD_AFTER_BATCH = 0.03
#: Pause after an edit before the search restarts.
DEBOUNCE_MS = 200

@dataclass(frozen=True)
class Outcome:
    """How a search ended: the count, whether it ran to the end, whether every loop was listed.

    ``label_updates`` are the changes that bring the snapshot's loop labels in
    step with its loops (see :func:`~cld_editor.analysis.loop_labels.label_updates`),
    each with the label as it was in the snapshot: worked out on the search
    thread, applied on the GUI thread only to labels nobody changed since.
    """

    count: LoopCount
    listed_all: bool
    label_updates: tuple = ()


class LoopWorker(BackgroundJob):
    """Runs loop searches on a background thread, one at a time.

    Every signal carries the run's ``generation`` so that a late signal of a
    cancelled run is recognised and dropped.

    Signals
    -------
    batch(generation, loops)
        A list of :class:`Loop`, in name order, continuing the previous batch.
    progress(generation, total, reinforcing, balancing, unknown)
        The running count (also beyond the listed loops).
    finished(generation, outcome)
        An :class:`Outcome`; ``outcome.count.complete`` is false if stopped.
    """

    batch = Signal(int, list)
    progress = Signal(int, int, int, int, int)
    finished = Signal(int, object)

    def __init__(self, parent: QObject | None = None, list_limit: int = LIST_LIMIT) -> None:
        super().__init__("loop-search", parent)
        self.list_limit = list_limit
        self.yield_until = 0.0

    def start(self, diagram: Diagram) -> int:
        """Cancel any running search and search ``diagram`` (a snapshot the caller no longer edits)."""
        return self.launch(lambda generation, cancel: self._run(generation, diagram, cancel))

    # ------------------------------------------------------------- thread
    def _run(self, generation: int, diagram: Diagram, cancel: threading.Event) -> None:
        tally = [0, 0, 0]  # R, B, ?
        last_report = [time.monotonic()]
        index = {"R": 0, "B": 1, "?": 2}

        def report(counts: list[int]) -> None:
            last_report[0] = time.monotonic()
            self.progress.emit(generation, sum(counts), counts[0], counts[1], counts[2])

        breathe = Breather(self)

        def should_stop() -> bool:
            if cancel.is_set():
                return True
            breathe()
            return False

        listed_all = True
        stopped = False
        found: list[Loop] = []
        updates: list = []
        interval = sys.getswitchinterval()
        sys.setswitchinterval(min(interval, SWITCH_INTERVAL))
        try:
            state = SearchState(should_stop)
            buffer: list[Loop] = []
            listed = 0
            stream = stream_loops(diagram, state, cancel.is_set, breathe)
            for loop in stream:
                if cancel.is_set():
                    stopped = True
                    stream.close()
                    break
                if listed >= self.list_limit:
                    listed_all = False
                    stream.close()
                    break
                buffer.append(loop)
                found.append(loop)
                listed += 1
                tally[index[loop.polarity]] += 1
                if len(buffer) >= BATCH_SIZE or time.monotonic() - last_report[0] >= BATCH_SECONDS:
                    self.batch.emit(generation, buffer)
                    report(tally)
                    buffer = []
            stopped = stopped or state.stopped or cancel.is_set()
            if buffer and not stopped:
                self.batch.emit(generation, buffer)
            if not listed_all and not stopped:
                tally, stopped = self._count_all(diagram, cancel, report, tally)
            if listed_all and not stopped and diagram.loop_labels:
                labels = diagram.loop_labels
                updates = [(labels[lid], changes) for lid, changes in label_updates(diagram, found)]
        except Exception:  # a bug must not kill the thread silently with a half-told count
            stopped = True
            import traceback

            traceback.print_exc()
        finally:
            gc.unfreeze()
            sys.setswitchinterval(interval)
        r, b, u = tally
        self.finished.emit(generation, Outcome(LoopCount(r + b + u, r, b, u, not stopped), listed_all,
                                               tuple(updates)))

    def _count_all(self, diagram: Diagram, cancel: threading.Event, report,
                   listed: list[int]) -> tuple[list[int], bool]:
        """Count every loop without keeping them, reporting the running count.

        The count starts again from zero, so it is reported only once it has
        passed the ``listed`` tally (a count must never seem to go back).
        """
        state = SearchState()
        last = [time.monotonic()]
        breathe = Breather(self)

        def should_stop() -> bool:
            if cancel.is_set():
                return True
            breathe()
            now = time.monotonic()
            if now - last[0] >= BATCH_SECONDS and sum(state.counts) > sum(listed):
                last[0] = now
                report(list(state.counts))
            return False

        state.should_stop = should_stop
        graph = SignedGraph.from_diagram(diagram)
        for _ in self_loops(graph, None, state, False):
            pass
        for _ in johnson(graph, None, state, False):
            pass
        # counts are [R, B, ?] by parity index: 0 even (R), 1 odd (B), 2 unknown.
        if state.stopped and sum(state.counts) < sum(listed):
            return list(listed), True
        return list(state.counts), state.stopped


class LiveLoops(QObject):
    """The loops of a diagram, kept current in the background.

    Loop labels brought in step with the loops go on ``undo_stack`` (a stack
    of its own without one).

    Signals
    -------
    reset()
        A new search started: drop the listed loops.
    loops_added(loops)
        More loops, in name order.
    counting(total, reinforcing, balancing, unknown)
        The running count.
    done(outcome)
        The search ended (:class:`Outcome`).
    """

    reset = Signal()
    loops_added = Signal(list)
    counting = Signal(int, int, int, int)
    done = Signal(object)

    def __init__(self, diagram: Diagram, parent: QObject | None = None, list_limit: int = LIST_LIMIT,
                 debounce_ms: int = DEBOUNCE_MS, update_labels: bool = True,
                 undo_stack: QUndoStack | None = None) -> None:
        super().__init__(parent)
        self.diagram = diagram
        self.update_labels = update_labels
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        # The worker has no Qt parent: its thread may outlive this object by a
        # moment, and must find it alive when it reports (late reports of a
        # dropped search are ignored).
        self.worker = LoopWorker(None, list_limit)
        self.destroyed.connect(self.worker.cancel)
        self.loops: list[Loop] = []
        self.outcome: Outcome | None = None
        self.running = False
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.restart)
        self.worker.batch.connect(self._on_batch)
        self.worker.progress.connect(self._on_progress)
        self.worker.finished.connect(self._on_finished)
        diagram.subscribe(self._on_event)

    def detach(self) -> None:
        """Stop following the diagram and end the search (before the panel goes)."""
        self.diagram.unsubscribe(self._on_event)
        self._timer.stop()
        self.worker.shutdown()

    def set_diagram(self, diagram: Diagram) -> None:
        """Follow another diagram (a file opened into the same window)."""
        self.diagram.unsubscribe(self._on_event)
        self.diagram = diagram
        diagram.subscribe(self._on_event)
        self.restart()

    # -------------------------------------------------------------- control
    def _on_event(self, event: Any) -> None:
        if affects_loops(event):
            self.worker.cancel()  # stop wasting time on a diagram that is gone
            self._timer.start()
        elif getattr(event, "kind", None) == "loop_label" and isinstance(event, (ElementAdded, ElementChanged)):
            # A label put back by an undo, or placed by hand, may carry an old
            # code: bring it in step once the edit is over (never inside it).
            QTimer.singleShot(0, self._labels_after_edit)

    def _labels_after_edit(self) -> None:
        outcome = self.outcome
        if self.update_labels and outcome is not None and outcome.count.complete and outcome.listed_all \
                and not self.running and not self.pending():
            self._sync_labels()

    def restart(self) -> None:
        """Search the diagram as it is now (at once, without the pause)."""
        self._timer.stop()
        self.loops = []
        self.outcome = None
        self.running = True
        self._generation = self.worker.start(self.diagram.copy())
        self.reset.emit()
        self.counting.emit(0, 0, 0, 0)

    def stop(self) -> None:
        """Stop the search; what was found so far stays listed."""
        self._timer.stop()
        self.worker.cancel()

    def pending(self) -> bool:
        """Whether a restart is waiting for the edits to pause."""
        return self._timer.isActive()

    # -------------------------------------------------------------- results
    def _on_batch(self, generation: int, loops: list) -> None:
        if generation != self._generation:
            return
        # Let the GUI take in and paint these rows before the search runs flat out again.
        self.worker.yield_until = time.monotonic() + YIELD_AFTER_BATCH
        self.loops.extend(loops)
        self.loops_added.emit(loops)

    def _on_progress(self, generation: int, total: int, r: int, b: int, u: int) -> None:
        if generation == self._generation:
            self.counting.emit(total, r, b, u)

    def _on_finished(self, generation: int, outcome: Outcome) -> None:
        if generation != self._generation:
            return
        self.running = False
        self.outcome = outcome
        count = outcome.count
        self.counting.emit(count.total, count.reinforcing, count.balancing, count.unknown)
        if self.update_labels and count.complete and outcome.listed_all and not self.pending():
            self._renumber(outcome.label_updates)
        self.done.emit(outcome)

    def _sync_labels(self) -> None:
        labels = self.diagram.loop_labels
        self._renumber([(labels[lid], changes) for lid, changes in label_updates(self.diagram, self.loops)])

    def _renumber(self, updates: Any) -> None:
        # Codes and members are stored and written by every format: the change goes into the history.
        command = renumber_labels(self.diagram, updates)
        if command is not None:
            record_consequence(self.undo_stack, command)
