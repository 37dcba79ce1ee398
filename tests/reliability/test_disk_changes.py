"""A file changed on disk by someone else while it is open: noticed, and never silently overwritten."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from cld_editor.gui.window import disk_watch
from cld_editor.io import load, save

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "gui"))

from _editor_helpers import make_window, small_diagram  # noqa: E402


def _their_version(path: Path) -> bytes:
    """Someone else's edit, written the way editors and sync clients do it (a new file renamed over)."""
    theirs = load(path).diagram
    theirs.new_variable("Their variable", 500, 500)
    tmp = path.with_name("their-copy.cld")
    save(theirs, tmp)
    os.replace(tmp, path)
    return path.read_bytes()


def _open(qtbot, path: Path, monkeypatch):
    asked = {"reload": 0, "overwrite": 0}
    answers = {"reload": True, "overwrite": False}

    def ask_reload(window, name):
        asked["reload"] += 1
        return answers["reload"]

    def ask_overwrite(window, name):
        asked["overwrite"] += 1
        return answers["overwrite"]

    monkeypatch.setattr(disk_watch, "ask_reload", ask_reload)
    monkeypatch.setattr(disk_watch, "ask_overwrite", ask_overwrite)
    window = make_window(qtbot)
    messages: list[str] = []
    window.show_message = lambda text, ms=0: messages.append(text)
    assert window.open_file(str(path))
    return window, asked, answers, messages


def test_a_clean_window_offers_to_reload_and_does(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "shared.cld"
    save(small_diagram(), path)
    window, asked, _, _ = _open(qtbot, path, monkeypatch)
    _their_version(path)
    qtbot.waitUntil(lambda: asked["reload"] == 1, timeout=10_000)
    assert window.diagram.variable_by_name("Their variable") is not None
    assert window.undo_stack.isClean()


def test_unsaved_work_is_kept_and_saving_over_their_change_asks_first(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "shared.cld"
    save(small_diagram(), path)
    window, asked, answers, messages = _open(qtbot, path, monkeypatch)
    from cld_editor.commands import UpdateElement

    jobs = window.diagram.variable_by_name("Jobs").id
    window.undo_stack.push(UpdateElement(window.diagram, "variable", jobs, {"notes": "my unsaved work"}))
    theirs = _their_version(path)
    qtbot.waitUntil(lambda: any("changed by another program" in m for m in messages), timeout=10_000)
    assert asked["reload"] == 0
    assert window.diagram.variables[jobs].notes == "my unsaved work"

    answers["overwrite"] = False
    assert not window.save_to(str(path))
    assert asked["overwrite"] == 1
    assert path.read_bytes() == theirs  # their change is still there
    assert not window.undo_stack.isClean()  # and so is my work

    answers["overwrite"] = True
    assert window.save_to(str(path))
    assert load(path).diagram.variables[jobs].notes == "my unsaved work"


def test_own_saves_and_identical_rewrites_raise_nothing(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "mine.cld"
    save(small_diagram(), path)
    window, asked, _, messages = _open(qtbot, path, monkeypatch)
    from cld_editor.commands import UpdateElement

    jobs = window.diagram.variable_by_name("Jobs").id
    for note in ("one", "two", "three"):
        window.undo_stack.push(UpdateElement(window.diagram, "variable", jobs, {"notes": note}))
        assert window.save_to(str(path))
    # A sync client writing the same bytes again (a new modification time, same content).
    content = path.read_bytes()
    path.write_bytes(content)
    os.utime(path, ns=(1, 1))
    qtbot.wait(800)
    assert asked == {"reload": 0, "overwrite": 0}
    assert not [m for m in messages if "another program" in m]
    window.undo_stack.push(UpdateElement(window.diagram, "variable", jobs, {"notes": "four"}))
    assert window.save_to(str(path))
    assert asked["overwrite"] == 0


def test_a_deleted_file_is_reported_and_saving_writes_it_again(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "gone.cld"
    save(small_diagram(), path)
    window, asked, _, messages = _open(qtbot, path, monkeypatch)
    path.unlink()
    qtbot.waitUntil(lambda: any("moved or deleted" in m for m in messages), timeout=10_000)
    assert window.save_to(str(path))  # nothing of anyone else's to lose: no question
    assert asked == {"reload": 0, "overwrite": 0}
    assert load(path).diagram == window.diagram
