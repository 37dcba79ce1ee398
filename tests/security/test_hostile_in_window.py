"""Hostile files opened in the window: one clear message, and the diagram being edited stays exactly as it was.

A window holds unsaved work (an edit on its undo stack); opening each hostile
file must either show one error (naming the file, never the secret file's
content) and leave the work, its undo history and the set of windows
untouched, or open a valid diagram in a new window.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "gui"))

from _editor_helpers import make_window, small_diagram  # noqa: E402

from tests.security import hostile  # noqa: E402

SECRET_TOKEN = "TOP-SECRET-window-81c3"
# A representative subset (the whole battery runs through the command line in test_hostile_files.py).
CASES = ("empty", "random binary", "truncated in half", "mutation 0", "invalid UTF-8", "NaN coordinate",
         "5000 digit integer", "deep list nesting", "lone surrogate", "billion laughs",
         "external entity to the secret", "external entity inside the sample", "deep element nesting",
         "entity bomb inside a part", "external entity inside a part", "sizes that lie", "deep parentheses")


def _cases() -> list[tuple[str, str]]:
    placeholder = Path("/nonexistent/secret.txt")
    return [(ext, name) for ext in hostile.readable_extensions()
            for name in hostile.cases_for(ext, placeholder) if name in CASES]


@pytest.mark.parametrize(("ext", "case"), _cases())
def test_a_hostile_file_leaves_the_open_work_untouched(qtbot, tmp_path, ext, case):
    from cld_editor.gui.window.main_window import WINDOWS

    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET_TOKEN)
    path = tmp_path / f"hostile{ext}"
    path.write_bytes(hostile.cases_for(ext, secret)[case])
    window = make_window(qtbot, small_diagram())
    window.diagram.update_variable(window.diagram.variable_by_name("Jobs").id, notes="unsaved work")
    before, undo_before, windows_before = window.diagram.state(), window.undo_stack.count(), list(WINDOWS)

    opened = window.open_file(str(path))

    assert window.diagram.state() == before
    assert window.undo_stack.count() == undo_before
    if opened:
        new = [w for w in WINDOWS if w not in windows_before]
        assert len(new) == 1 and new[0].diagram.variables is not None
        new[0].undo_stack.setClean()
        new[0].close()
    else:
        assert list(WINDOWS) == windows_before
        assert len(window.errors) == 1
        title, text, details = window.errors[0]
        assert path.name in text
        assert details and "\n" not in details.strip()
        assert "bug in cld-editor" not in details, details
        assert SECRET_TOKEN not in title + text + details
