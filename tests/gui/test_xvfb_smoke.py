"""The real program in a real window: start it under Xvfb and see a window appear.

The ``xvfb_display`` fixture (tests/conftest.py) starts a private Xvfb; in CI
a missing Xvfb fails the test instead of skipping it.
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
from tests.conftest import wait_until
from tests.processes import start_guarded, stop_group

from _editor_helpers import small_diagram

pytestmark = pytest.mark.xvfb


def test_the_program_opens_a_window_under_xvfb(tmp_path, xvfb_display):
    display = xvfb_display
    app = None
    try:
        diagram = tmp_path / "smoke.cld"
        save(small_diagram(), diagram)
        ready = tmp_path / "ready"
        env = dict(os.environ, DISPLAY=f":{display}", CLD_EDITOR_READY_FILE=str(ready),
                   XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
        env.pop("QT_QPA_PLATFORM", None)
        env.pop("WAYLAND_DISPLAY", None)
        with open(tmp_path / "app.log", "w") as log:
            app = start_guarded([sys.executable, "-m", "cld_editor", str(diagram)], env=env, stdout=log,
                                stderr=subprocess.STDOUT, cwd=tmp_path)
        assert wait_until(lambda: ready.exists() or app.poll() is not None, 60), "the window never became ready"
        assert app.poll() is None, f"the program exited: {(tmp_path / 'app.log').read_text()}"
        tree = subprocess.run(["xwininfo", "-root", "-tree"], env=env, capture_output=True, text=True, timeout=30) \
            if shutil.which("xwininfo") else None
        if tree is not None:
            assert "smoke.cld" in tree.stdout, tree.stdout[-2000:]
        time.sleep(1.0)
        assert app.poll() is None, "the program did not stay up"
    finally:
        stop_group(app)
