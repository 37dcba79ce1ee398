"""The real program in a real window: start it under Xvfb and see a window appear.

Xvfb is started here (``-displayfd`` picks a free display).  On a developer's
machine without Xvfb the test is skipped; in CI (``CI=true``) a missing Xvfb
is a failure, because the window test must run there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cld_editor.io import save

from _editor_helpers import small_diagram

pytestmark = pytest.mark.xvfb


def _xvfb() -> str:
    path = shutil.which("Xvfb")
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Xvfb is not installed; CI must install it (make system-deps)")
        pytest.skip("Xvfb is not installed")
    return path


def _wait(predicate, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def test_the_program_opens_a_window_under_xvfb(tmp_path):
    xvfb = _xvfb()
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen([xvfb, "-displayfd", str(write_fd), "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
                              pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    app = None
    try:
        with os.fdopen(read_fd) as pipe:
            display = pipe.readline().strip()
        assert display, "Xvfb did not report a display"
        diagram = tmp_path / "smoke.cld"
        save(small_diagram(), diagram)
        ready = tmp_path / "ready"
        env = dict(os.environ, DISPLAY=f":{display}", CLD_EDITOR_READY_FILE=str(ready),
                   XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
        env.pop("QT_QPA_PLATFORM", None)
        env.pop("WAYLAND_DISPLAY", None)
        log = open(tmp_path / "app.log", "w")
        app = subprocess.Popen([sys.executable, "-m", "cld_editor", str(diagram)], env=env, stdout=log,
                               stderr=subprocess.STDOUT, cwd=tmp_path)
        assert _wait(lambda: ready.exists() or app.poll() is not None, 60), "the window never became ready"
        assert app.poll() is None, f"the program exited: {(tmp_path / 'app.log').read_text()}"
        tree = subprocess.run(["xwininfo", "-root", "-tree"], env=env, capture_output=True, text=True, timeout=30) \
            if shutil.which("xwininfo") else None
        if tree is not None:
            assert "smoke.cld" in tree.stdout, tree.stdout[-2000:]
        time.sleep(1.0)
        assert app.poll() is None, "the program did not stay up"
    finally:
        if app is not None and app.poll() is None:
            app.terminate()
            try:
                app.wait(10)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait(10)
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)
