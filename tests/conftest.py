"""Shared test set-up: Qt renders offscreen, and small diagram builders."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# CI runs the same examples every time, so a red build can be reproduced; runs
# on a developer's machine stay random and keep finding new cases.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

from cld_editor.core import Diagram  # noqa: E402

# A waited-for event on a shared, loaded 2-core machine can take far longer than
# pytest-qt's 5-second default; waiting longer costs nothing when it comes in
# time, and a test that must fail still fails (only later).  Explicit timeouts
# in a test are raised to the same floor.
WAIT_MS = 60_000


def _patient(method):
    import functools

    @functools.wraps(method)
    def wait(*args, timeout: int = WAIT_MS, **kwargs):
        forever = timeout is None or timeout <= 0
        return method(*args, timeout=timeout if forever else max(timeout, WAIT_MS), **kwargs)

    return wait


def _make_qtbot_patient() -> None:
    from pytestqt.qtbot import QtBot

    for name in ("waitUntil", "waitSignal", "waitSignals", "waitExposed", "waitActive", "waitCallback"):
        setattr(QtBot, name, _patient(getattr(QtBot, name)))


_make_qtbot_patient()

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = ROOT / "examples"


def build(names: list[str], links: list[tuple[str, str, str]] | list[tuple], title: str = "") -> Diagram:
    """A diagram from names and ``(from, to, polarity[, delay])`` tuples, laid out on a circle."""
    import math

    d = Diagram(title=title)
    ids = {}
    for i, name in enumerate(names):
        angle = 2 * math.pi * i / max(len(names), 1)
        ids[name] = d.new_variable(name, round(300 * math.cos(angle)), round(300 * math.sin(angle))).id
    for entry in links:
        source, target, polarity = entry[:3]
        delay = bool(entry[3]) if len(entry) > 3 else False
        d.new_link(ids[source], ids[target], polarity, delay=delay)
    return d


@pytest.fixture
def cli(tmp_path):
    """Run the real command line in a child process: ``cli("loops", path)`` -> CompletedProcess."""
    import subprocess

    def run(*args: str, input: str | None = None):
        return subprocess.run(
            [sys.executable, "-m", "cld_editor", *map(str, args)],
            capture_output=True, text=True, timeout=120, input=input, cwd=tmp_path,
        )

    return run


def wait_until(predicate, seconds: float) -> bool:
    """Poll ``predicate`` every 0.1 s for up to ``seconds``; return its last answer."""
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return bool(predicate())


@pytest.fixture
def xvfb_display():
    """A private X display from Xvfb (``-displayfd`` picks a free one); yields its number.

    Skipped on a developer's machine without Xvfb; in CI (``CI=true``) a missing
    Xvfb fails, because the real-window tests must run there.
    """
    import shutil
    import subprocess

    from tests.processes import start_guarded, stop_group

    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Xvfb is not installed; CI must install it (make system-deps)")
        pytest.skip("Xvfb is not installed")
    read_fd, write_fd = os.pipe()
    server = start_guarded([xvfb, "-displayfd", str(write_fd), "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
                           pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        assert number, "Xvfb did not report a display"
        yield number
    finally:
        stop_group(server)
