"""About, the in-app guide, the shortcut sheet, the welcome page and tour,
preferences and settings, the high-contrast theme and macOS file-open events."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QFileOpenEvent, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow

import cld_editor
from cld_editor import paths
from cld_editor.gui import appearance
from cld_editor.gui.dialogs.about import AboutDialog, components, details_text
from cld_editor.gui.dialogs.help import HelpWindow, ShortcutSheet, load_pages, window_shortcuts
from cld_editor.gui.dialogs.preferences import PreferencesDialog
from cld_editor.gui.settings import DEFAULTS, MAX_RECENT, Settings
from cld_editor.gui.dialogs.tour import TOUR_STEPS, TourDialog
from cld_editor.gui.dialogs.welcome import WelcomeView, list_examples, read_example

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


# ------------------------------------------------------------------ About
def test_about_shows_the_version_and_every_part_with_a_licence(qtbot):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert cld_editor.__version__ in dialog.version_label.text()
    names = [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
    assert names[:1] == ["cld-editor"]
    for wanted in ("Qt", "PySide6", "Python", "networkx", "SymPy", "NumPy", "pyqtgraph"):
        assert wanted in names
    for row in range(dialog.table.rowCount()):
        assert dialog.table.item(row, 1).text() not in ("", "not installed")
        assert dialog.table.item(row, 2).text()


def test_about_copies_the_details_for_a_bug_report(qtbot):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    text = QGuiApplication.clipboard().text()
    assert text.startswith(f"CLD Editor {cld_editor.__version__}")
    assert text == details_text()
    assert all(part.version in text for part in components())


# ------------------------------------------------------------------- Help
def test_the_guide_covers_the_topics_users_need():
    titles = " ".join(page.title.lower() for page in load_pages())
    for topic in ("drawing", "loops", "presenting", "equations", "importing", "sharing", "keyboard"):
        assert topic in titles


def test_help_renders_every_guide_page(qtbot):
    window = HelpWindow()
    qtbot.addWidget(window)
    assert len(window.pages) == len(paths.user_guide_pages()) >= 8
    for index, page in enumerate(window.pages):
        assert window.show_page(index)
        shown = window.browser.toPlainText()
        assert shown.startswith(page.title), page.path.name
        assert "# " not in shown.splitlines()[0]  # Markdown rendered, not shown as source
        assert "**" not in shown, f"{page.path.name} has unrendered bold markers"
        assert len(shown) > 300
        assert window.current_page == page


def test_help_search_narrows_the_contents_and_links_move_between_pages(qtbot):
    window = HelpWindow()
    qtbot.addWidget(window)
    qtbot.keyClicks(window.search, "Inno")  # a word in no page
    assert all(window.contents.item(i).isHidden() for i in range(window.contents.count()))
    window.search.clear()
    qtbot.keyClicks(window.search, "polarity")
    visible = [window.contents.item(i).text() for i in range(window.contents.count())
               if not window.contents.item(i).isHidden()]
    assert visible and len(visible) < len(window.pages)
    assert all("polarity" in window.pages[i].text.lower()
               for i in range(len(window.pages)) if window.pages[i].title in visible)
    window.search.clear()
    window._on_link(QUrl("03-presenting.md"))
    assert window.current_page.path.name == "03-presenting.md"


def test_help_pages_are_listed_in_reading_order():
    names = [page.path.name for page in load_pages()]
    assert names[0] == "index.md"
    assert names[1:] == sorted(names[1:])


# -------------------------------------------------------- shortcut sheet
def test_shortcut_sheet_lists_the_window_own_keys(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = window.menuBar().addMenu("&File")
    save = menu.addAction("&Save")
    save.setShortcut(QKeySequence("Ctrl+S"))
    menu.addAction("No keys here")
    sub = menu.addMenu("&Export")
    sub.addAction("As &PDF\u2026").setShortcut(QKeySequence("Ctrl+Shift+P"))
    rows = window_shortcuts(window)
    assert ("File", "Save", QKeySequence("Ctrl+S").toString(QKeySequence.SequenceFormat.NativeText)) in rows
    assert any(command == "As PDF" for _, command, _ in rows)
    assert not any(command == "No keys here" for _, command, _ in rows)

    sheet = ShortcutSheet(window)
    qtbot.addWidget(sheet)
    commands = sheet.visible_commands()
    assert "Save" in commands and "Make the selected links positive" in commands
    qtbot.keyClicks(sheet.filter, "delay")
    assert sheet.visible_commands() == ["Mark or unmark a delay on the selected links"]


def test_shortcut_sheet_without_a_window_shows_the_standard_keys(qtbot):
    sheet = ShortcutSheet()
    qtbot.addWidget(sheet)
    assert {"Undo", "User guide", "Keyboard shortcuts"} <= set(sheet.visible_commands())


# ---------------------------------------------------------------- welcome
def test_examples_are_read_with_their_titles_and_descriptions():
    infos = list_examples()
    assert len(infos) == len(paths.example_files()) >= 1
    for info in infos:
        doc = json.loads(info.path.read_text(encoding="utf-8"))
        assert info.title == doc["title"].strip()
        assert info.variables == len(doc["variables"]) and info.links == len(doc["links"])


def test_a_broken_example_is_listed_by_its_file_name(tmp_path):
    broken = tmp_path / "half-written.cld"
    broken.write_text('{"format": "cld-editor", "vari', encoding="utf-8")
    info = read_example(broken)
    assert info.title == "Half written" and info.variables == 0


def test_welcome_lists_the_examples(qtbot, settings):
    view = WelcomeView(settings=settings)
    qtbot.addWidget(view)
    assert view.example_titles() == [info.title for info in list_examples()]
    assert view.examples.count() == len(paths.example_files())
    item = view.examples.item(0)
    assert item.data(Qt.ItemDataRole.AccessibleTextRole).startswith(item.text())
    with qtbot.waitSignal(view.example_requested) as signal:
        view.examples.setCurrentRow(0)
        qtbot.mouseClick(view.open_example_button, Qt.MouseButton.LeftButton)
    assert Path(signal.args[0]) == list_examples()[0].path


def test_welcome_new_and_open_work_by_mouse_and_keyboard(qtbot, settings):
    view = WelcomeView(settings=settings)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.new_requested):
        qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(view.open_requested):
        qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    view.open_button.setFocus()
    with qtbot.waitSignal(view.open_requested):
        qtbot.keyClick(view.open_button, Qt.Key.Key_Space)
    for widget in (view.new_button, view.open_button, view.tour_button, view.recent, view.examples):
        assert widget.accessibleName()
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_welcome_lists_recent_files_and_opens_them(qtbot, settings, tmp_path):
    here = tmp_path / "mine.cld"
    shutil.copy(paths.example_files()[0], here)
    settings.add_recent_file(tmp_path / "gone.cld")
    settings.add_recent_file(here)
    view = WelcomeView(settings=settings)
    qtbot.addWidget(view)
    assert [view.recent.item(i).text() for i in range(view.recent.count())] == ["mine.cld", "gone.cld (not found)"]
    assert not view.recent.item(1).flags() & Qt.ItemFlag.ItemIsEnabled
    with qtbot.waitSignal(view.file_requested) as signal:
        view._open_recent(view.recent.item(0))
    assert Path(signal.args[0]) == here.resolve()
    with qtbot.assertNotEmitted(view.file_requested):
        view._open_recent(view.recent.item(1))


def test_the_welcome_page_setting_is_kept(qtbot, settings):
    view = WelcomeView(settings=settings)
    qtbot.addWidget(view)
    view.show_on_start.setChecked(False)
    assert settings.show_welcome is False


def test_tour_steps_forward_and_back_by_keys_and_buttons(qtbot, settings):
    view = WelcomeView(settings=settings)
    qtbot.addWidget(view)
    tour = view.show_tour()
    qtbot.addWidget(tour)
    assert settings.tour_seen
    assert tour.heading.text() == TOUR_STEPS[0].title and not tour.back.isEnabled()
    qtbot.keyClick(tour, Qt.Key.Key_Right)
    assert tour.index == 1
    tour.next.setFocus()
    qtbot.keyClick(tour.next, Qt.Key.Key_Right)  # also while a button has the focus
    assert tour.index == 2
    qtbot.keyClick(tour.next, Qt.Key.Key_PageUp)
    assert tour.index == 1
    qtbot.mouseClick(tour.back, Qt.MouseButton.LeftButton)
    assert tour.index == 0
    for _ in range(len(TOUR_STEPS) - 1):
        qtbot.mouseClick(tour.next, Qt.MouseButton.LeftButton)
    assert tour.index == len(TOUR_STEPS) - 1
    assert tour.next.text() == "&Done"
    tour.picture.grab()  # every picture paints; the last one is on screen now
    with qtbot.waitSignal(tour.accepted):
        qtbot.mouseClick(tour.next, Qt.MouseButton.LeftButton)


def test_every_tour_picture_paints(qtbot):
    tour = TourDialog()
    qtbot.addWidget(tour)
    tour.resize(560, 420)
    blank = None
    for index in range(len(TOUR_STEPS)):
        tour.go(index)
        image = tour.picture.grab().toImage()
        if blank is None:
            blank = image
        else:
            assert image != blank  # each step draws its own picture


# --------------------------------------------------------------- settings
def test_settings_have_typed_defaults(settings):
    assert settings.theme == "system"
    assert settings.autosave_seconds == 30
    assert settings.default_polarity == "+"
    assert settings.present_font_size == DEFAULTS["appearance/presentFontSize"]
    assert settings.backup_on_save is False  # no .bak beside the user's files unless asked for
    assert settings.recent_files == []


def test_settings_refuse_bad_values_and_read_broken_ones_as_defaults(settings):
    with pytest.raises(ValueError):
        settings.theme = "purple"
    with pytest.raises(ValueError):
        settings.autosave_seconds = 3
    with pytest.raises(ValueError):
        settings.default_polarity = "x"
    settings.store.setValue("appearance/theme", "purple")
    settings.store.setValue("files/autosaveSeconds", "soon")
    settings.store.setValue("appearance/presentFontSize", 900)
    settings.store.setValue("files/backupOnSave", "false")
    assert settings.theme == "system"
    assert settings.autosave_seconds == 30
    assert settings.present_font_size == DEFAULTS["appearance/presentFontSize"]
    assert settings.backup_on_save is False


def test_settings_survive_a_new_store_object(tmp_path):
    path = str(tmp_path / "s.ini")
    first = Settings(QSettings(path, QSettings.Format.IniFormat))
    first.theme = "high-contrast"
    first.autosave_seconds = 0
    first.default_polarity = "-"
    first.backup_on_save = False
    second = Settings(QSettings(path, QSettings.Format.IniFormat))
    assert (second.theme, second.autosave_seconds, second.default_polarity, second.backup_on_save) == (
        "high-contrast", 0, "-", False)


def test_recent_files_are_most_recent_first_without_repeats(settings, tmp_path, qtbot):
    with qtbot.waitSignal(settings.changed) as signal:
        settings.add_recent_file(tmp_path / "a.cld")
    assert signal.args == ["recentFiles"]
    for i in range(MAX_RECENT + 3):
        settings.add_recent_file(tmp_path / f"{i}.cld")
    settings.add_recent_file(tmp_path / "5.cld")
    files = settings.recent_files
    assert len(files) == MAX_RECENT and files[0].endswith("5.cld") and len(set(files)) == len(files)
    settings.remove_recent_file(tmp_path / "5.cld")
    assert not any(f.endswith("/5.cld") for f in settings.recent_files)


# ------------------------------------------------------------ preferences
def test_preferences_save_on_ok_and_not_on_cancel(qtbot, settings):
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.autosave.setValue(120)
    dialog.reject()
    assert settings.theme == "system" and settings.autosave_seconds == 30

    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    dialog.theme.setCurrentIndex(dialog.theme.findData("high-contrast"))
    dialog.polarity.setCurrentIndex(dialog.polarity.findData("?"))
    dialog.font_size.setValue(40)
    dialog.autosave.setValue(0)
    dialog.backup.setChecked(True)
    dialog.accept()
    assert settings.theme == "high-contrast" and settings.default_polarity == "?"
    assert settings.present_font_size == 40 and settings.autosave_seconds == 0 and settings.backup_on_save


def test_preferences_restore_defaults_and_clamp_short_autosave(qtbot, settings):
    settings.theme = "dark"
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.theme.currentData() == "dark"
    dialog.restore_defaults()
    dialog.autosave.setValue(3)
    dialog.apply()
    assert settings.theme == "system" and settings.autosave_seconds == 10


def test_preferences_controls_have_names_and_mnemonics(qtbot, settings):
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    for widget in (dialog.theme, dialog.font_size, dialog.polarity, dialog.autosave, dialog.backup):
        assert widget.accessibleName()
    from PySide6.QtWidgets import QLabel

    buddies = {label.buddy() for label in dialog.findChildren(QLabel) if "&" in label.text()}
    assert {dialog.theme, dialog.font_size, dialog.polarity, dialog.autosave} <= buddies


# ---------------------------------------------------------- high contrast
def test_high_contrast_theme_applies_to_the_whole_application(qtbot):
    app = QApplication.instance()
    before_palette, before_sheet = app.palette(), app.styleSheet()
    try:
        with qtbot.waitSignal(appearance.notifier().theme_changed) as signal:
            chosen = appearance.apply_theme("high-contrast", app)
        assert signal.args == [chosen] and chosen is appearance.HIGH_CONTRAST
        assert appearance.current_theme() is appearance.HIGH_CONTRAST
        assert app.palette().color(QPalette.ColorRole.Window).name() == "#ffffff"
        assert app.palette().color(QPalette.ColorRole.WindowText).name() == "#000000"
        assert "border" in app.styleSheet()
        appearance.apply_theme("light", app)
        assert app.styleSheet() == ""
    finally:
        app.setPalette(before_palette)
        app.setStyleSheet(before_sheet)


def test_every_theme_name_resolves():
    for name in ("system", "light", "dark", "high-contrast", None, "unknown"):
        assert appearance.resolve_theme(name).text.isValid()


# ------------------------------------------------------------ file open
def test_file_open_event_reaches_the_handler(qtbot, tmp_path):
    from cld_editor.gui.window.desktop import FileOpenFilter

    app = QApplication.instance()
    opened: list[str] = []
    handler = FileOpenFilter(opened.append)
    app.installEventFilter(handler)
    try:
        target = tmp_path / "sent by finder.cld"
        target.write_text("{}", encoding="utf-8")
        QApplication.sendEvent(app, QFileOpenEvent(str(target)))
        QApplication.sendEvent(app, QFileOpenEvent(QUrl.fromLocalFile(str(target))))
    finally:
        app.removeEventFilter(handler)
    assert opened == [str(target), str(target)]


# ------------------------------------------------------ in the main window
def _window(qtbot):
    from tests.gui._editor_helpers import make_window

    return make_window(qtbot)


def test_the_window_has_help_and_preferences(qtbot):
    window = _window(qtbot)
    help_menu = window.menu("Help")
    texts = [a.text() for a in help_menu.actions() if not a.isSeparator()]
    assert texts[:2] == ["&User guide", "&Keyboard shortcuts"] and "&About CLD Editor" in texts
    assert window.act["help"].shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    assert window.act["shortcuts"].shortcut() == QKeySequence("Ctrl+/")
    assert window.act["preferences"] in window.menu("Edit").actions()
    rows = window_shortcuts(window)
    assert any(command == "Save" for _, command, _ in rows)
    assert any(command == "User guide" for _, command, _ in rows)


def test_help_actions_open_the_guide_and_the_sheet(qtbot):
    window = _window(qtbot)
    window.act["help"].trigger()
    guide = window.findChild(HelpWindow)
    assert guide is not None and guide.isVisible() and guide.current_page is not None
    qtbot.addWidget(guide)
    window.act["shortcuts"].trigger()
    sheet = window.findChild(ShortcutSheet)
    assert sheet is not None and "Save" in sheet.visible_commands()
    sheet.reject()


def test_preferences_reach_open_windows(qtbot):
    from cld_editor.gui.settings import shared_settings

    window = _window(qtbot)
    settings = shared_settings()
    try:
        settings.default_polarity = "-"
        settings.autosave_seconds = 0
        settings.backup_on_save = False
        assert window.canvas.new_link_polarity() == "-"
        assert not window.autosaver.timer.isActive()
        assert window.preferences.backup_on_save is False
        settings.autosave_seconds = 45
        assert window.autosaver.timer.isActive() and window.autosaver.timer.interval() == 45_000
        settings.theme = "high-contrast"
        assert window.theme is appearance.HIGH_CONTRAST
        assert QApplication.instance().styleSheet()
    finally:
        settings.reset()
        from cld_editor.gui.app import apply_theme

        apply_theme(QApplication.instance())
    assert QApplication.instance().styleSheet() == ""


def test_a_file_open_event_opens_the_file_in_a_window(qtbot, tmp_path):
    from cld_editor.gui.app import make_app
    from cld_editor.gui.window.desktop import FileOpenFilter

    from tests.gui._editor_helpers import isolate_settings

    window = _window(qtbot)
    app = make_app()
    isolate_settings()  # make_app names the real settings store; keep tests out of it
    assert app.findChild(FileOpenFilter, "fileOpenFilter") is not None
    target = tmp_path / "from the dock.cld"
    shutil.copy(paths.example_files()[0], target)
    QApplication.sendEvent(app, QFileOpenEvent(str(target)))
    assert window.file_path == str(target)
    assert len(window.diagram.variables) > 0


def _documented_keys() -> set[str]:
    text = (paths.user_guide_dir() / "07-keyboard.md").read_text(encoding="utf-8")
    keys: set[str] = set()
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("| Keys") and not line.startswith("| ---"):
            cell = line.split("|")[1].strip()
            cell = cell.replace("plus", "+").replace("minus", "-").replace("\u2212", "-")
            for part in re.split(r",\s+| or ", cell):  # "Ctrl+," is one key
                keys.add(part.strip().lower())
    return keys


def test_the_keyboard_page_documents_every_menu_shortcut(qtbot):
    """A shortcut added to a menu must reach the user guide's keyboard page too."""
    window = _window(qtbot)
    documented = _documented_keys()
    missing = []
    for menu, command, keys in window_shortcuts(window):
        variants = {k.strip().lower().replace("del", "delete") if k.strip() == "Del" else k.strip().lower()
                    for k in keys.split(", ")}
        if not variants & documented:
            missing.append(f"{menu} > {command} ({keys})")
    assert not missing, "not in docs/user-guide/07-keyboard.md: " + "; ".join(missing)


def test_panels_step_aside_for_the_welcome_page_and_come_back(qtbot):
    from PySide6.QtWidgets import QDockWidget

    from cld_editor.gui.window.main_window import MainWindow
    from tests.gui._editor_helpers import isolate_settings

    isolate_settings()
    window = MainWindow(show_start=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert isinstance(window.start_page, WelcomeView) and window.stack.currentWidget() is window.start_page
    assert not any(d.isVisible() for d in window.findChildren(QDockWidget))
    with qtbot.waitSignal(window.start_page.new_requested):
        qtbot.mouseClick(window.start_page.new_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.view
    assert window.properties_dock.isVisible()
    window.act["welcome"].trigger()  # an empty window shows the welcome page again
    assert window.stack.currentWidget() is window.start_page and not window.properties_dock.isVisible()
