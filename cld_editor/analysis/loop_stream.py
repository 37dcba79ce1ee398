"""Loops streamed shortest first for a background search, and which edits can change them.

:func:`stream_loops` yields the same loops with the same names as
:func:`~cld_editor.analysis.loops.iter_loops`, but never takes a long step
that holds the GIL, so the window's thread gets its turn between any two
loops; a :class:`Breather` passed as its ``pause`` sleeps now and then.
:func:`affects_loops` tells which diagram events can change the loops at all,
so panels skip the work on a move or a bend.  No Qt here: the background job
that runs the stream lives in the desktop editor.

Examples
--------
>>> from cld_editor.analysis.search import SearchState
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> a, b = d.new_variable("a"), d.new_variable("b")
>>> _ = d.new_link(a.id, b.id); _ = d.new_link(b.id, a.id)
>>> [loop.name for loop in stream_loops(d, SearchState(), lambda: False)]
['R1']
"""

from __future__ import annotations

import gc
import heapq
import time
from typing import Any, Callable, Iterator

from ..core.diagram import Diagram
from ..core.events import DiagramReset, ElementAdded, ElementChanged, ElementRemoved
from .graph import SignedGraph
from .loops import Loop, LoopNamer
from .search import BoundedSearch, SearchState, self_loops

#: Cycles sorted at once: a sort runs in C without letting the GUI thread in.
SORT_CHUNK = 2_048
#: The search pauses PAUSE_SECONDS after every WORK_SECONDS of work.  Qt calls
#: into Python once per cell and role when it paints the table, and each call
#: must win the GIL back from the search (up to SWITCH_INTERVAL); in a pause
#: those calls run freely, so a repaint takes a few pauses instead of a
#: thousand switch intervals.
WORK_SECONDS = 0.006
PAUSE_SECONDS = 0.002

_LOOP_FIELDS = {"link": ("source", "target", "polarity", "delay"), "variable": ("name",)}


class Breather:
    """Called often from the search thread: pauses it now and then so the GUI thread runs freely.

    ``owner.yield_until`` (a :func:`time.monotonic` time), when set by the GUI
    thread, asks for longer pauses until then: while it takes in a batch of
    loops and paints them.
    """

    def __init__(self, owner: Any = None) -> None:
        self.last = time.monotonic()
        self.owner = owner

    def __call__(self) -> None:
        now = time.monotonic()
        if self.owner is not None and now < self.owner.yield_until:
            time.sleep(PAUSE_SECONDS)
            self.last = time.monotonic()
        elif now - self.last >= WORK_SECONDS:
            time.sleep(PAUSE_SECONDS)
            self.last = time.monotonic()
        else:
            time.sleep(0)  # hand the GIL over if the GUI thread waits for it


def stream_loops(diagram: Diagram, state: SearchState, cancelled: Callable[[], bool],
                 pause: Callable[[], None] = lambda: None) -> Iterator[Loop]:
    """Yield the loops shortest first with their final names, one length at a time.

    The same loops and names as :func:`~cld_editor.analysis.loops.iter_loops`,
    but never a long step that holds the GIL: each length's cycles are sorted
    in chunks of :data:`SORT_CHUNK` and merged lazily, so the GUI thread gets
    its turn between any two loops.
    """
    graph = SignedGraph.from_diagram(diagram)
    namer = LoopNamer(graph)
    yield from namer.name_all(list(self_loops(graph, None, state, True)))
    search = BoundedSearch(graph)
    for length in range(2, search.longest + 1):
        cycles = list(search.cycles(length, length, None, state, True))
        if state.stopped or cancelled():
            return
        chunks = []
        for start in range(0, len(cycles), SORT_CHUNK):
            chunk = namer.decorate(cycles[start:start + SORT_CHUNK], one_length=True)
            chunk.sort(key=_first)
            chunks.append(chunk)
            if cancelled():
                return
            pause()
        _release(cycles)
        # A full garbage collection scans every tracked object while holding
        # the GIL; with 10^5 fresh cycles that is a 50 ms freeze of the
        # window.  These objects are acyclic (reference counting frees them),
        # so park them out of the collector's sight until the search ends.
        gc.freeze()
        try:
            for k, (_, nodes, minus, unknown) in enumerate(heapq.merge(*chunks, key=_first)):
                yield namer.make(nodes, minus, unknown)
                if not k % 512:
                    pause()
        finally:
            for chunk in chunks:
                _release(chunk)


def _release(items: list) -> None:
    """Empty a big list in slices: freeing 10^5 objects at once holds the GIL for tens of ms."""
    while items:
        del items[-SORT_CHUNK:]
        time.sleep(0)


def _first(item: tuple) -> Any:
    return item[0]


def affects_loops(event: Any) -> bool:
    """Whether a diagram event can change the loops or their names.

    Moving a variable or bending a link cannot; adding a link, changing its
    sign or delay, or renaming a variable (names order the loops) can.
    """
    if isinstance(event, DiagramReset):
        return True
    if isinstance(event, (ElementAdded, ElementRemoved)):
        return event.kind in ("variable", "link")
    if isinstance(event, ElementChanged):
        fields = _LOOP_FIELDS.get(event.kind, ())
        return any(getattr(event.old, f) != getattr(event.new, f) for f in fields)
    return False
