"""Child processes that never outlive the test that started them.

Every program a test starts (Xvfb, the editor, the XTEST driver) runs in a
process group of its own and asks the kernel to kill it when the test's
process dies (``PR_SET_PDEATHSIG``).  So a pytest worker that crashes, is
killed or times out leaves no editor and no X server behind, and a test that
ends normally stops the whole group, grandchildren included.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
from typing import Any

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # runs in the child between fork and exec
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def start_guarded(args: list[str], **kwargs: Any) -> subprocess.Popen:
    """``subprocess.Popen`` in a new process group that is killed when this process dies."""
    return subprocess.Popen(args, start_new_session=True, preexec_fn=_die_with_parent, **kwargs)


def stop_group(process: subprocess.Popen | None, grace: float = 5.0) -> None:
    """End ``process`` and everything it started: SIGTERM to its group, SIGKILL after ``grace`` s."""
    if process is None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(process.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            process.wait(wait)
            break
        except subprocess.TimeoutExpired:
            continue
    # The leader may be gone while others of its group linger; make sure of them too.
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
