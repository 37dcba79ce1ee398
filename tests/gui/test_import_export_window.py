"""Other programs' files in the window: the import report, Save of an imported diagram, export, Import…."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from cld_editor.gui.window import format_export
from cld_editor.gui.dialogs.import_report import ImportReportDialog
from cld_editor.gui.window.files import open_filter
from cld_editor.io import formats, load, save

from _editor_helpers import make_window, small_diagram

DATA = Path(__file__).resolve().parent.parent / "data"
BEER = DATA / "vensim" / "RealBeer4-Sterman13.mdl"
LAID_OUT = ("The diagram was laid out afresh so names can be read: at its own positions it fitted the window "
            "only below 75 % zoom.")


def _answer_save_dialog(monkeypatch, path, calls=None):
    def fake(parent, caption="", directory="", filter="", *args, **kwargs):  # noqa: A002 - Qt's keyword
        if calls is not None:
            calls.append((caption, directory, filter))
        return (str(path) if path else "", "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))


def _links(diagram):
    names = {v.id: v.name for v in diagram.variables.values()}
    return sorted((names[link.source], names[link.target], link.polarity) for link in diagram.links.values())


def test_opening_a_vensim_model_shows_what_was_not_carried_over(qtbot, tmp_path):
    # At its own positions the beer game fits a window only unreadably small: it is laid out afresh, and says so.
    expected = [LAID_OUT, *load(BEER).warnings]
    assert len(expected) >= 3  # the file really has things that do not carry over
    window = make_window(qtbot)
    assert window.open_file(str(BEER))
    dialog = window.findChild(ImportReportDialog)
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert dialog.items() == list(expected)
    assert BEER.name in dialog.windowTitle() and BEER.name in dialog.heading.text()
    assert dialog.list.item(0).text()[0].isupper()
    assert "Infer Polarity from Equations" in dialog.tip.text()  # the beer game has equations, no signs
    assert window.statusBar().currentMessage() == (
        f"Opened {BEER.name}: {len(expected)} things were not carried over (see the import report)")
    # Keyboard: the list has the focus, Escape closes, the File menu brings it back.
    assert dialog.focusWidget() is dialog.list
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert window.act["last_import_report"].isEnabled()
    window.act["last_import_report"].trigger()
    assert dialog.isVisible() and dialog.items() == list(expected)
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert BEER.name in copied and all(w in copied for w in expected)
    dialog.close()


def test_a_file_with_nothing_lost_opens_without_a_report(qtbot):
    window = make_window(qtbot)
    path = DATA / "vensim" / "teacup.mdl"
    assert not load(path).warnings
    assert window.open_file(str(path))
    assert window.findChild(ImportReportDialog) is None
    assert not window.act["last_import_report"].isEnabled()


def test_last_import_report_before_any_import_says_so(qtbot):
    window = make_window(qtbot)
    from cld_editor.gui.dialogs.import_report import reopen_import_report

    assert reopen_import_report(window) is None
    assert "No file from another program" in window.statusBar().currentMessage()


def test_save_of_an_imported_diagram_asks_for_a_cld_file(qtbot, tmp_path, monkeypatch):
    original = tmp_path / "beer.mdl"
    original.write_bytes(BEER.read_bytes())
    window = make_window(qtbot)
    assert window.open_file(str(original))
    window.findChild(ImportReportDialog).close()
    window.diagram.new_variable("Backlog pressure", 900, 900)
    calls = []
    target = tmp_path / "beer.cld"
    _answer_save_dialog(monkeypatch, target, calls)
    assert window.save()
    assert len(calls) == 1 and calls[0][1].endswith("beer.cld")  # Save became Save As, suggesting a .cld
    assert original.read_bytes() == BEER.read_bytes()  # the Vensim file is untouched
    assert window.file_path == str(target) and window.undo_stack.isClean()
    assert load(target).diagram.variable_by_name("Backlog pressure") is not None
    calls.clear()
    assert window.save()  # now a .cld: saved in place, no question
    assert calls == []


def test_cancelling_the_save_question_keeps_the_foreign_file_and_the_work(qtbot, tmp_path, monkeypatch):
    original = tmp_path / "beer.mdl"
    original.write_bytes(BEER.read_bytes())
    window = make_window(qtbot)
    assert window.open_file(str(original))
    window.diagram.new_variable("Unsaved idea", 900, 900)
    _answer_save_dialog(monkeypatch, None)
    assert not window.save()
    assert original.read_bytes() == BEER.read_bytes()
    assert window.diagram.variable_by_name("Unsaved idea") is not None


def test_open_dialog_offers_every_readable_format():
    text = open_filter()
    for ext in formats.readable_extensions():
        assert f"*{ext}" in text.split(";;")[0]
    for entry in formats.dialog_filters():
        assert entry in text.split(";;")


@pytest.mark.parametrize("ext", [e for e, _ in format_export.EXPORT_MENU])
def test_export_each_format_from_the_menu(qtbot, tmp_path, monkeypatch, ext):
    window = make_window(qtbot, small_diagram())
    window.file_path = str(tmp_path / "small.cld")
    target = tmp_path / f"copy{ext}"
    _answer_save_dialog(monkeypatch, target)
    window.act[f"export_{ext[1:]}"].trigger()
    assert target.is_file(), window.errors
    assert window.errors == []
    assert window.file_path == str(tmp_path / "small.cld")  # the window keeps its own file
    assert window.statusBar().currentMessage().startswith(f"Exported copy{ext}")
    if formats.format_for(target).can_read:
        back = load(target).diagram
        assert sorted(v.name for v in back.variables.values()) == ["Jobs", "Skills", "Worklessness"]
        assert _links(back) == _links(window.diagram)
    else:
        text = target.read_text(encoding="utf-8")
        assert all(name in text for name in ("Jobs", "Skills", "Worklessness"))


def test_export_adds_the_extension_and_suggests_the_diagram_name(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, small_diagram())
    window.file_path = str(tmp_path / "town.cld")
    calls = []
    _answer_save_dialog(monkeypatch, tmp_path / "plain", calls)
    assert format_export.export_dialog(window, ".graphml")
    assert calls[0][1] == str(tmp_path / "town.graphml")
    assert (tmp_path / "plain.graphml").is_file()


def test_a_failed_export_says_why_and_keeps_the_work(qtbot, tmp_path):
    window = make_window(qtbot, small_diagram())
    before = window.diagram.copy()
    existing = tmp_path / "old.mdl"
    save(small_diagram(), existing)
    old_bytes = existing.read_bytes()
    assert not format_export.export_to(window, str(tmp_path / "missing-folder" / "x.mdl"))
    assert window.errors and window.errors[0][0] == "Cannot export"
    assert window.diagram == before and existing.read_bytes() == old_bytes


def test_import_opens_a_foreign_file(qtbot, monkeypatch):
    path = DATA / "xmile" / "teacup.xmile"
    seen = []

    def fake(parent, caption="", directory="", filter="", *args, **kwargs):  # noqa: A002
        seen.append(filter)
        return (str(path), "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake))
    window = make_window(qtbot)
    window.act["import"].trigger()
    assert window.file_path == str(path)
    assert window.diagram.variables
    first = seen[0].split(";;")[0]
    assert "*.xmile" in first and "*.mdl" in first and "*.cld" not in first


def test_image_export_is_still_there(qtbot):
    window = make_window(qtbot, small_diagram())
    texts = [a.text() for a in window.menu("File").actions()]
    assert "&Export…" in texts and "Export to Other &Format" in texts and "&Import…" in texts
