"""Press keys on an X display through XTEST, in a process of its own.

Xlib's default handlers end the whole process on a protocol error (for example
BadMatch from XSetInputFocus on a window that was unmapped a moment before) or
on a lost connection.  A test must never talk to X from inside the pytest
worker, so this small program does it: the test starts it with the display
number and sends one command a line on standard input; each command is
answered with one line, ``ok`` or ``ok 0`` / ``ok 1`` (focus found a window or
not).  Protocol errors are counted and ignored here; a lost connection ends
this program, which the test sees as a clear failure, never a dead worker.

Commands: ``press KEYSYM...`` (held in order, released in reverse),
``type TEXT``, ``focus`` (focus the biggest top-level window),
``focus-window ID``, ``point X Y``, ``quit``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import time

_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
_IO_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)
protocol_errors = 0


@_ERROR_HANDLER
def _on_protocol_error(display, event):  # noqa: ANN001 - a C callback
    # Returning ignores the error; the default handler would exit the process.
    global protocol_errors
    protocol_errors += 1
    return 0


@_IO_ERROR_HANDLER
def _on_lost_connection(display):  # noqa: ANN001 - a C callback
    sys.stdout.write("lost the X connection\n")
    sys.stdout.flush()
    sys.exit(3)


class Keys:
    """Just enough of Xlib and XTEST to press keys and focus a window."""

    def __init__(self, display: str) -> None:
        self.x11 = ctypes.CDLL(ctypes.util.find_library("X11"))
        self.xtst = ctypes.CDLL(ctypes.util.find_library("Xtst"))
        x11 = self.x11
        x11.XSetErrorHandler.argtypes = [_ERROR_HANDLER]
        x11.XSetIOErrorHandler.argtypes = [_IO_ERROR_HANDLER]
        x11.XSetErrorHandler(_on_protocol_error)
        x11.XSetIOErrorHandler(_on_lost_connection)
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XStringToKeysym.restype = ctypes.c_ulong
        x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
        x11.XKeysymToKeycode.restype = ctypes.c_ubyte
        x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        x11.XFlush.argtypes = [ctypes.c_void_p]
        x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
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
        self.xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
        self.xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                                   ctypes.c_ulong]
        self.dpy = x11.XOpenDisplay(f":{display}".encode())
        if not self.dpy:
            raise SystemExit(f"cannot open display :{display}")

    def _key(self, name: str, down: bool) -> None:
        code = self.x11.XKeysymToKeycode(self.dpy, self.x11.XStringToKeysym(name.encode()))
        self.xtst.XTestFakeKeyEvent(self.dpy, code, down, 0)
        self.x11.XSync(self.dpy, 0)
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
        """Focus the biggest top-level window (without a window manager nobody else does).

        Titles are not used: Qt writes them as UTF-8 properties XFetchName cannot read.
        """
        x11 = self.x11
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
        return self.focus(best)

    def focus(self, window: int) -> bool:
        """Raise and focus ``window``; False when the server refused (it was unmapped or gone)."""
        before = protocol_errors
        self.x11.XRaiseWindow(self.dpy, window)
        self.x11.XSetInputFocus(self.dpy, window, 2, 0)  # RevertToParent, CurrentTime
        self.x11.XSync(self.dpy, 0)  # errors arrive here, through our handler
        time.sleep(0.3)
        return protocol_errors == before

    def point(self, x: int, y: int) -> None:
        self.xtst.XTestFakeMotionEvent(self.dpy, -1, x, y, 0)
        self.x11.XSync(self.dpy, 0)


def main(argv: list[str]) -> int:
    keys = Keys(argv[1])
    for line in sys.stdin:
        command, _, rest = line.rstrip("\n").partition(" ")
        if command == "quit":
            break
        if command == "press":
            keys.press(*rest.split())
            answer = "ok"
        elif command == "type":
            keys.type(rest)
            answer = "ok"
        elif command == "focus":
            answer = f"ok {int(keys.focus_biggest_window())}"
        elif command == "focus-window":
            answer = f"ok {int(keys.focus(int(rest, 0)))}"
        elif command == "point":
            x, y = rest.split()
            keys.point(int(x), int(y))
            answer = "ok"
        else:
            answer = f"unknown command {command!r}"
        sys.stdout.write(answer + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
