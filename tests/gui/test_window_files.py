"""Files in the window: save and reopen, broken files, failed saves, autosave, export."""

from __future__ import annotations

import re
import time

from PySide6.QtGui import QImage

from cld_editor.gui.window import autosave
from cld_editor.gui.export import export_diagram_headless
from cld_editor.io import load, save

from _editor_helpers import make_window, small_diagram


def test_save_and_reopen_identically(qtbot, tmp_path):
    window = make_window(qtbot, small_diagram())
    window.diagram.update_variable(window.diagram.variable_by_name("Jobs").id, notes="Local jobs", units="jobs")
    path = tmp_path / "small.cld"
    assert window.save_to(str(path))
    assert not window.isWindowModified() and window.windowTitle().startswith("small.cld")
    saved = window.diagram.copy()
    other = make_window(qtbot)
    assert other.open_file(str(path)) and not other.diagram.variables  # already open: brought forward
    window.close()
    third = make_window(qtbot)
    assert third.open_file(str(path))
    assert third.diagram == saved
    other = third
    assert other.file_path == str(path)
    assert len(other.canvas.variables) == 3 and len(other.canvas.links) == 3


def test_opening_in_a_used_window_opens_a_new_one(qtbot, tmp_path):
    from cld_editor.gui.window.main_window import WINDOWS

    path = tmp_path / "a.cld"
    save(small_diagram(), path)
    window = make_window(qtbot, small_diagram())
    count = len(WINDOWS)
    assert window.open_file(str(path))
    assert len(WINDOWS) == count + 1
    newest = WINDOWS[-1]
    assert newest.diagram == small_diagram() and newest.file_path == str(path)
    newest.undo_stack.setClean()
    newest.close()


def test_a_broken_file_leaves_the_open_diagram_untouched(qtbot, tmp_path):
    good = tmp_path / "good.cld"
    save(small_diagram(), good)
    window = make_window(qtbot)
    assert window.open_file(str(good))
    window.diagram.new_variable("Unsaved work", 500, 500)
    before = window.diagram.copy()
    broken = tmp_path / "broken.cld"
    broken.write_text('{"format": "cld-editor", "version": 1, "variables": [', encoding="utf-8")
    assert not window.open_file(str(broken))
    assert window.diagram == before
    assert window.file_path == str(good)
    title, text, details = window.errors[-1]
    assert "broken.cld" in text and details


def test_a_failed_save_keeps_the_work_and_the_old_file(qtbot, tmp_path):
    window = make_window(qtbot, small_diagram())
    window.diagram.new_variable("Extra", 0, 300)
    window.undo_stack.resetClean()
    assert not window.save_to(str(tmp_path / "missing-folder" / "x.cld"))
    assert window.errors and window.isWindowModified()
    assert window.diagram.variable_by_name("Extra") is not None


def test_revert_goes_back_to_the_saved_file(qtbot, tmp_path):
    path = tmp_path / "r.cld"
    save(small_diagram(), path)
    window = make_window(qtbot)
    window.open_file(str(path))
    window.view.set_polarity("+")
    window.select_all()
    window.view.set_polarity("?")
    assert window.diagram != small_diagram()
    assert window.revert_now()
    assert window.diagram == small_diagram() and not window.isWindowModified()


def test_autosave_writes_to_the_data_folder_and_is_found_after_a_crash(qtbot, tmp_path):
    path = tmp_path / "mine.cld"
    save(small_diagram(), path)
    window = make_window(qtbot)
    window.open_file(str(path))
    window.select_all()
    window.view.set_polarity("?")
    assert window.autosaver.save_now()
    data = window.autosaver.data_path
    assert data.exists() and data.parent.name == "autosave" and data.parent != tmp_path
    assert load(data).diagram == window.diagram
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.cld"]
    # While the window lives its autosave is not an orphan.
    assert data not in [o.data for o in autosave.orphaned_autosaves()]
    window.autosaver._lock.unlock()  # as if the program had died
    orphans = [o for o in autosave.orphaned_autosaves() if o.data == data]
    assert orphans and orphans[0].original == str(path) and abs(orphans[0].saved_at - time.time()) < 600
    orphans[0].discard()
    assert not data.exists()


def test_saving_removes_the_autosave(qtbot, tmp_path):
    window = make_window(qtbot, small_diagram())
    window.select_all()
    window.view.set_polarity("-")
    assert window.autosaver.save_now()
    assert window.save_to(str(tmp_path / "s.cld"))
    assert not window.autosaver.data_path.exists()


def test_export_all_three_formats(qtbot, tmp_path):
    window = make_window(qtbot, small_diagram())
    png, svg, pdf = tmp_path / "d.png", tmp_path / "d.svg", tmp_path / "d.pdf"
    assert window.export_to(str(png), scale=2.0)
    rect = window.canvas.content_rect(24)
    image = QImage(str(png))
    assert (image.width(), image.height()) == (round(rect.width() * 2), round(rect.height() * 2))
    assert window.export_to(str(svg))
    texts = re.findall(r"<text[^>]*>\s*([^<]*?)\s*</text>", svg.read_text(encoding="utf-8"))
    assert {"Jobs", "Worklessness", "Skills"} <= set(texts)
    assert window.export_to(str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_headless_export_scales_the_png(qapp, tmp_path):
    d = small_diagram()
    export_diagram_headless(d, tmp_path / "one.png", scale=1.0)
    export_diagram_headless(d, tmp_path / "three.png", scale=3.0)
    one, three = QImage(str(tmp_path / "one.png")), QImage(str(tmp_path / "three.png"))
    assert abs(three.width() - 3 * one.width()) <= 3


def test_cli_export_runs_headless(cli, tmp_path):
    path = tmp_path / "small.cld"
    save(small_diagram(), path)
    result = cli("export", path, tmp_path / "out.svg")
    assert result.returncode == 0, result.stderr
    assert ">Worklessness<" in re.sub(r"\s+", "", (tmp_path / "out.svg").read_text(encoding="utf-8"))


def test_an_opened_example_keeps_its_title_through_a_crash(qtbot, tmp_path):
    from cld_editor.core import Diagram
    from cld_editor.io.journal import replay

    example = tmp_path / "hospital-waiting-times.cld"
    save(Diagram(), example)
    window = make_window(qtbot)
    window.open_example(str(example))
    window.autosaver.journal.flush()
    assert window.diagram.title == "Hospital waiting times"
    replayed, _ = replay(window.autosaver.journal.path)
    assert replayed.title == "Hospital waiting times"


def test_saving_keeps_no_backup_unless_the_user_turned_backups_on(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from cld_editor.gui.settings import Settings

    window = make_window(qtbot, small_diagram())
    window.preferences = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))  # as installed
    path = tmp_path / "small.cld"
    assert window.save_to(str(path))
    window.diagram.new_variable("Trust", 50, 50)
    assert window.save_to(str(path))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "settings.ini") == ["small.cld"]
    window.preferences.backup_on_save = True
    window.diagram.new_variable("Morale", 90, 90)
    assert window.save_to(str(path))
    assert (tmp_path / "small.cld.bak").exists()


def test_open_and_save_as_start_in_the_folder_last_used_not_in_the_examples(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from cld_editor import paths

    work = tmp_path / "work"
    work.mkdir()
    save(small_diagram(), work / "mine.cld")
    window = make_window(qtbot)
    assert window.open_file(str(work / "mine.cld"))
    example = paths.example_files()[0]
    other = make_window(qtbot)
    assert other.open_file(str(example))  # e.g. cld-editor examples/stoke.cld
    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: asked.append(args[2]) or ("", ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: asked.append(args[2]) or ("", ""))
    other.open_dialog()
    assert not other.save_as()
    assert asked == [str(work), str(work / f"{example.stem}.cld")]
