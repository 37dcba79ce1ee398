"""A guard against a reference-count bug of PySide6 6.12 on Python 3.11.

Measured on PySide6-Essentials 6.12.0 with CPython 3.11: every call of a
wrapped C++ method that returns nothing takes one reference from ``None``,
and every ``Signal.emit`` from Python one from ``True`` (bindings built for
Python 3.12+, where these objects are immortal and the count does not
matter).  After a few thousand calls the count reaches zero and Python aborts
("Fatal Python error: none_dealloc" or "bool_dealloc"), at exit or midway.

:func:`pin_singletons` checks for the bug with one harmless call and, only if
it is there, gives ``None``, ``True`` and ``False`` so many references that no
session can use them up (they are never freed anyway).  Importing this module
runs it; the panels and presentation mode import it.
"""

from __future__ import annotations

import ctypes
import sys

_PIN = 1 << 40


def bug_present() -> bool:
    """Whether a void Qt call or a signal emission takes a reference it never gave."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(8):
        probe.setObjectName("probe")
        probe.ping.emit()
    return sys.getrefcount(None) < none_before or sys.getrefcount(True) < true_before


def pin_singletons() -> bool:
    """Protect ``None``, ``True`` and ``False`` if the bug is present; return whether it was."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython" or not bug_present():
        return False
    for singleton in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(singleton))
        if count.value < _PIN:
            count.value += _PIN
    return True


PINNED = pin_singletons()
