"""Every menu item can be reached from the keyboard: each has an Alt letter, none shared within its menu."""

import re

from _editor_helpers import make_window, small_diagram

from cld_editor.gui.window.main_window import panel_menu_text


def _problems(menu, path):
    seen: dict[str, list[str]] = {}
    problems = []
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        text = action.text()
        letter = re.search(r"&(\w)", text.replace("&&", ""))
        if letter is None:
            problems.append(f"{path}: {text!r} has no Alt letter")
        else:
            seen.setdefault(letter.group(1).casefold(), []).append(text)
        if action.menu() is not None:
            problems += _problems(action.menu(), f"{path} > {text}")
    problems += [f"{path}: {texts} share the Alt letter {key!r}" for key, texts in seen.items() if len(texts) > 1]
    return problems


def test_every_menu_item_has_its_own_alt_letter(qtbot):
    window = make_window(qtbot, small_diagram())
    problems = []
    for top in window.menuBar().actions():
        problems += _problems(top.menu(), top.text())
    assert problems == []


def test_a_panel_keeps_its_alt_letter_when_its_title_shows_a_count(qtbot):
    window = make_window(qtbot, small_diagram())
    dock = next(d for d in window.findChildren(type(window.properties_dock)) if d.windowTitle().startswith("Warnings"))
    dock.setWindowTitle("Warnings (3)")
    assert dock.toggleViewAction().text() == "War&nings (3)"
    assert panel_menu_text("Warnings") == "War&nings"
    assert panel_menu_text("Something else") == "Something else"
