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
