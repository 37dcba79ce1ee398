"""The test harness's own promises: no process outlives its test, no X error ends a worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import wait_until
from tests.processes import start_guarded, stop_group

ROOT = Path(__file__).resolve().parents[2]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_program_started_by_a_killed_worker_dies_with_it(tmp_path):
    # A stand-in for a pytest worker: it starts a long program the guarded way and is then killed.
    worker_code = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from tests.processes import start_guarded
        child = start_guarded([sys.executable, "-c", "import time; time.sleep(300)"])
        print(child.pid, flush=True)
        time.sleep(300)
    """)
    worker = subprocess.Popen([sys.executable, "-c", worker_code], stdout=subprocess.PIPE, text=True)
    try:
        grandchild = int(worker.stdout.readline())
        assert _alive(grandchild)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        assert wait_until(lambda: not _alive(grandchild), 10), "the program outlived the worker that started it"
    finally:
        worker.kill()
        worker.wait(10)


def test_stop_group_ends_the_grandchildren_too():
    parent = start_guarded([sys.executable, "-c", textwrap.dedent("""
        import subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
        print(child.pid, flush=True)
        time.sleep(300)
    """)], stdout=subprocess.PIPE, text=True)
    grandchild = int(parent.stdout.readline())
    stop_group(parent)
    assert parent.poll() is not None
    assert wait_until(lambda: not _alive(grandchild), 10)


@pytest.mark.xvfb
def test_an_x_protocol_error_does_not_end_the_key_driver(xvfb_display):
    # XSetInputFocus on a window that does not exist is a protocol error (BadWindow, like the
    # BadMatch of a window just unmapped); Xlib's default handler would exit the process.
    driver = start_guarded([sys.executable, str(ROOT / "tests" / "reliability" / "xkeys.py"), xvfb_display],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        driver.stdin.write("focus-window 0x3fffff1\n")
        driver.stdin.flush()
        assert driver.stdout.readline().strip() == "ok 0"
        driver.stdin.write("press a\n")
        driver.stdin.flush()
        assert driver.stdout.readline().strip() == "ok"
        assert driver.poll() is None
    finally:
        stop_group(driver)
    assert os.environ.get("DISPLAY") != f":{xvfb_display}"  # the test never touched our own display
