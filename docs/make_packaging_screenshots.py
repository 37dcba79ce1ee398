"""Render the welcome page, the About dialog and the user guide to docs/screenshots/.

Run without a display::

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_packaging_screenshots.py

Settings go to a temporary folder, so the pictures never show the recent
files of whoever runs the script; two examples stand in as recent files.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def _settle(app: QApplication, widget: QWidget) -> None:
    widget.show()
    for _ in range(5):
        app.processEvents()


def _save(widget: QWidget, name: str) -> Path:
    path = OUT / name
    if not widget.grab().save(str(path)):
        raise SystemExit(f"error: could not write {path}")
    print(f"wrote {path.relative_to(ROOT)}")
    return path


def main() -> int:
    scratch = tempfile.mkdtemp(prefix="cld-shots-")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch)
    os.environ["XDG_DATA_HOME"] = scratch  # autosaves of the window go here, not to the user's folder
    try:
        from cld_editor.gui.app import make_app

        app = make_app()
    except ImportError:
        app = QApplication.instance() or QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName("cld-editor")
    QCoreApplication.setApplicationName("cld-editor")

    from cld_editor import paths
    from cld_editor.gui.dialogs.about import AboutDialog
    from cld_editor.gui.dialogs.help import HelpWindow
    from cld_editor.gui.settings import Settings
    from cld_editor.gui.dialogs.welcome import WelcomeView

    settings = Settings()
    for example in reversed(paths.example_files()[:2]):
        settings.add_recent_file(example)

    OUT.mkdir(parents=True, exist_ok=True)
    try:  # the welcome page as people see it: inside the main window
        from cld_editor.gui.window.main_window import MainWindow

        window: QWidget = MainWindow()
        window.resize(1200, 760)
    except ImportError:
        window = WelcomeView(settings=settings)
        window.resize(1100, 680)
    _settle(app, window)
    _save(window, "welcome.png")

    about = AboutDialog()
    _settle(app, about)
    _save(about, "about.png")

    guide = HelpWindow()
    guide.show_page("02-loops.md")
    guide.resize(980, 680)
    _settle(app, guide)
    _save(guide, "help.png")

    from cld_editor.gui.dialogs.tour import TourDialog

    tour = TourDialog()
    tour.go(3)
    _settle(app, tour)
    _save(tour, "tour.png")

    for widget in (guide, about, tour, window):
        widget.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
