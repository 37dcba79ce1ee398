"""Kill the real program after an edit, start it again, restore: the edit is back.

The program runs in a real window under Xvfb (started here with
``-displayfd``).  Keystrokes go through the X server's XTEST extension (via
ctypes on libXtst, no extra tools): Ctrl+Shift+V adds a variable, its name is
typed, Enter confirms.  The program is then killed with SIGKILL well before
its 30-second autosave, so only the edit journal can bring the edit back.  On
the next start the program offers the recovered work; Enter accepts the
default button (Restore), and the restored window's own journal must hold the
new variable.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cld_editor.io.journal import replay
from cld_editor.io import save
from tests.conftest import build, wait_until

pytestmark = [pytest.mark.xvfb, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


class XTest:
    """Just enough of Xlib and XTEST to press keys on a display."""

    def __init__(self, display: str) -> None:
        x11, xtst = ctypes.util.find_library("X11"), ctypes.util.find_library("Xtst")
        if not x11 or not xtst:
            pytest.skip("libX11/libXtst not available")
        self.x11, self.xtst = ctypes.CDLL(x11), ctypes.CDLL(xtst)
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x11.XStringToKeysym.restype = ctypes.c_ulong
        self.x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
        self.x11.XKeysymToKeycode.restype = ctypes.c_ubyte
        self.x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self.x11.XFlush.argtypes = [ctypes.c_void_p]
        self.x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
        self.xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                                   ctypes.c_ulong]
        # Xlib's default handler ends the whole test process on a protocol error, such as the
        # BadMatch of giving the focus to a window unmapped a moment before: ignore it (the
        # test's loops try again), so a failure is reported instead of a silent exit.
        handler_type = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
        self._on_error = handler_type(lambda _display, _event: 0)
        self.x11.XSetErrorHandler.argtypes = [handler_type]
        self.x11.XSetErrorHandler(self._on_error)
        self.dpy = self.x11.XOpenDisplay(f":{display}".encode())
        if not self.dpy:
            pytest.skip("cannot open the X display")

    def _key(self, name: str, down: bool) -> None:
        code = self.x11.XKeysymToKeycode(self.dpy, self.x11.XStringToKeysym(name.encode()))
        self.xtst.XTestFakeKeyEvent(self.dpy, code, down, 0)
        self.x11.XFlush(self.dpy)
        time.sleep(0.03)

    def press(self, *names: str) -> None:
        for name in names:
            self._key(name, True)
        for name in reversed(names):
            self._key(name, False)

    def type(self, text: str) -> None:
        for ch in text:
            if ch.isupper():
                self.press("Shift_L", ch)
            else:
                self.press("space" if ch == " " else ch)

    def focus_biggest_window(self) -> bool:
        """Give keyboard focus to the biggest top-level window (the program's window or its dialog).

        Without a window manager nobody activates windows; Qt only takes keys
        once the X server has moved the focus to its window.  (Titles are not
        used: Qt writes them as UTF-8 properties that XFetchName cannot read.)
        """
        x11 = self.x11
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x11.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                                   ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                                   ctypes.POINTER(ctypes.c_uint)]
        x11.XFree.argtypes = [ctypes.c_void_p]
        x11.XSetInputFocus.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_ulong]
        x11.XRaiseWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        x11.XGetGeometry.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong)] + \
            [ctypes.POINTER(ctypes.c_int)] * 2 + [ctypes.POINTER(ctypes.c_uint)] * 4
        root, parent = ctypes.c_ulong(), ctypes.c_ulong()
        children, count = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
        if not x11.XQueryTree(self.dpy, x11.XDefaultRootWindow(self.dpy), ctypes.byref(root), ctypes.byref(parent),
                              ctypes.byref(children), ctypes.byref(count)):
            return False
        best, best_area = None, 16
        for i in range(count.value):
            window = children[i]
            geometry = [ctypes.c_ulong()] + [ctypes.c_int() for _ in range(2)] + [ctypes.c_uint() for _ in range(4)]
            if x11.XGetGeometry(self.dpy, window, *[ctypes.byref(g) for g in geometry]):
                area = geometry[3].value * geometry[4].value
                if area > best_area:
                    best, best_area = window, area
        if children:
            x11.XFree(children)
        if best is None:
            return False
        x11.XRaiseWindow(self.dpy, best)
        x11.XSetInputFocus(self.dpy, best, 2, 0)  # RevertToParent, CurrentTime
        x11.XFlush(self.dpy)
        time.sleep(0.3)
        return True

    def point(self, x: int, y: int) -> None:
        self.xtst.XTestFakeMotionEvent(self.dpy, -1, x, y, 0)
        self.x11.XFlush(self.dpy)

    def close(self) -> None:
        self.x11.XCloseDisplay(self.dpy)


def _journals(data_home: Path) -> list[Path]:
    return sorted(data_home.rglob("autosave/*.journal"))


def _names_in(journal: Path) -> set[str]:
    diagram, _ = replay(journal)
    return set() if diagram is None else {v.name for v in diagram.variables.values()}


def _start(tmp_path: Path, display: str, args: list[str], ready: Path, log_name: str) -> subprocess.Popen:
    env = dict(os.environ, DISPLAY=f":{display}", CLD_EDITOR_READY_FILE=str(ready),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               PYTHONPATH=str(ROOT))
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("WAYLAND_DISPLAY", None)
    log = open(tmp_path / log_name, "w")
    return subprocess.Popen([sys.executable, "-m", "cld_editor", *args], env=env, stdout=log,
                            stderr=subprocess.STDOUT, cwd=tmp_path)


def _stop(app: subprocess.Popen | None) -> None:
    if app is not None and app.poll() is None:
        app.kill()
        app.wait(10)


def test_a_killed_window_loses_no_completed_edit(tmp_path, xvfb_display):
    display = xvfb_display
    diagram = tmp_path / "stoke.cld"
    save(build(["Jobs", "Worklessness"], [("Jobs", "Worklessness", "-")], title="Stoke"), diagram)
    original = diagram.read_bytes()
    keys = XTest(display)
    first = second = None
    try:
        ready = tmp_path / "ready1"
        first = _start(tmp_path, display, [str(diagram)], ready, "first.log")
        assert wait_until(lambda: ready.exists() or first.poll() is not None, 60), "the window never became ready"
        assert first.poll() is None, (tmp_path / "first.log").read_text()
        time.sleep(1.0)
        keys.point(640, 450)
        assert keys.focus_biggest_window(), "no window to type into"
        keys.press("Control_L", "Shift_L", "V")
        time.sleep(0.5)
        keys.type("Trust")
        keys.press("Return")
        data_home = tmp_path / "data"
        assert wait_until(lambda: any("Trust" in _names_in(j) for j in _journals(data_home)), 20), \
            f"the edit never reached the journal: {[p.name for p in data_home.rglob('*')]}"
        # Well inside the 30-second autosave interval: only the journal has the edit.
        assert not any(data_home.rglob("autosave/*.cld")), "an autosave was written; the test proves nothing"
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        assert diagram.read_bytes() == original, "the user's file was touched"

        ready = tmp_path / "ready2"
        second = _start(tmp_path, display, [], ready, "second.log")
        # The recovery question comes before the window: Enter takes its default button, Restore.
        keys.point(640, 450)
        restored = False
        end = time.monotonic() + 60
        while time.monotonic() < end and second.poll() is None:
            if keys.focus_biggest_window():
                keys.press("Return")
            live = [j for j in _journals(data_home) if "Trust" in _names_in(j)]
            if ready.exists() and live:
                restored = True
                break
            time.sleep(0.5)
        assert second.poll() is None, (tmp_path / "second.log").read_text()
        assert restored, f"the recovered edit was not restored: {(tmp_path / 'second.log').read_text()[-2000:]}"
        recovered = [j for j in _journals(data_home) if "Trust" in _names_in(j)]
        assert len(recovered) == 1
        restored_diagram, mark = replay(recovered[0])
        assert {v.name for v in restored_diagram.variables.values()} == {"Jobs", "Worklessness", "Trust"}
        # The orphan was consumed: no second offer next time.
        assert not list(data_home.rglob("autosave/*.json"))
        assert diagram.read_bytes() == original
    finally:
        keys.close()
        _stop(first)
        _stop(second)

