"""The desktop editor (PySide6): main window, canvas, panels, export.

Importing this package first applies :func:`keep_none_alive`, a guard against
a reference-counting fault of PySide6 6.12 on Python 3.11: every call of a Qt
method that returns nothing takes one reference from ``None`` without giving
it back, so after a few thousand calls Python aborts with "deallocating
None".  Python 3.12 and later make ``None`` immortal and need no guard.
"""

from __future__ import annotations

import sys


def keep_none_alive() -> None:
    """Give ``None`` so many references that the leak can never reach zero (CPython < 3.12 only)."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    import ctypes

    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is the first field of every object
    if refcount.value < 2**40:
        refcount.value += 2**40


keep_none_alive()
