"""Kill the real program after an edit, start it again, restore: the edit is back.

The program runs in a real window under Xvfb (started here with
``-displayfd``).  Keystrokes go through the X server's XTEST extension, sent by
``xkeys.py`` in a child process so that an X error can never end the pytest
worker: Ctrl+Shift+V adds a variable, its name is
typed, Enter confirms.  The program is then killed with SIGKILL well before
its 30-second autosave, so only the edit journal can bring the edit back.  On
the next start the program offers the recovered work; Enter accepts the
default button (Restore), and the restored window's own journal must hold the
new variable.
"""

from __future__ import annotations

import ctypes.util
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cld_editor.io.journal import replay
from cld_editor.io import save
from tests.conftest import build, wait_until
from tests.processes import start_guarded, stop_group

pytestmark = [pytest.mark.xvfb, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


class XKeys:
    """Keys pressed on a display by ``xkeys.py`` in a child process (see its docstring for why)."""

    def __init__(self, display: str) -> None:
        if not ctypes.util.find_library("X11") or not ctypes.util.find_library("Xtst"):
            pytest.skip("libX11/libXtst not available")
        self.child = start_guarded([sys.executable, str(Path(__file__).with_name("xkeys.py")), display],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def _ask(self, line: str, seconds: float = 30.0) -> str:
        if self.child.poll() is not None:
            raise AssertionError(f"the XTEST driver ended (exit {self.child.returncode})")
        self.child.stdin.write(line + "\n")
        self.child.stdin.flush()
        ready, _, _ = select.select([self.child.stdout], [], [], seconds)
        answer = self.child.stdout.readline().strip() if ready else ""
        assert answer.startswith("ok"), f"the XTEST driver answered {answer!r} to {line!r}"
        return answer

    def press(self, *names: str) -> None:
        self._ask("press " + " ".join(names))

    def type(self, text: str) -> None:
        self._ask("type " + text)

    def focus_biggest_window(self) -> bool:
        return self._ask("focus") == "ok 1"

    def point(self, x: int, y: int) -> None:
        self._ask(f"point {x} {y}")

    def close(self) -> None:
        if self.child.poll() is None:
            try:
                self.child.stdin.write("quit\n")
                self.child.stdin.flush()
            except OSError:
                pass
        stop_group(self.child)


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
    with open(tmp_path / log_name, "w") as log:
        return start_guarded([sys.executable, "-m", "cld_editor", *args], env=env, stdout=log,
                             stderr=subprocess.STDOUT, cwd=tmp_path)


def test_a_killed_window_loses_no_completed_edit(tmp_path, xvfb_display):
    display = xvfb_display
    diagram = tmp_path / "stoke.cld"
    save(build(["Jobs", "Worklessness"], [("Jobs", "Worklessness", "-")], title="Stoke"), diagram)
    original = diagram.read_bytes()
    keys = XKeys(display)
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
        stop_group(first)
        stop_group(second)

