"""Regenerate docs/screenshots/ offscreen: the main window with an example open, light and dark.

    QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

from PySide6.QtCore import QStandardPaths  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
EXAMPLE = ROOT / "examples" / "worklessness-stoke.cld"
SIZE = (1440, 900)


def _settle(app, window, seconds: float = 0.3) -> None:
    """Let background work (the loop finder) finish and the window lay itself out."""
    from shots import settle

    settle(app, seconds)


def shoot(app, theme_name: str) -> Path:
    from cld_editor.gui.app import apply_theme
    from cld_editor.gui.window.main_window import MainWindow
    from cld_editor.gui.theme import DARK, LIGHT

    theme = DARK if theme_name == "dark" else LIGHT
    apply_theme(app, theme)
    window = MainWindow(theme=theme, show_start=False)
    window.resize(*SIZE)
    window.show()
    window.open_file(str(EXAMPLE))
    _settle(app, window, 2.5)
    window.view.fit()
    d = window.diagram
    target = d.variable_by_name("Worklessness")
    if target is not None:
        window.canvas.select_ids(variable_ids=[target.id])
    _settle(app, window)
    path = OUT / f"main-window-{theme_name}.png"
    window.grab().save(str(path))
    window.undo_stack.setClean()
    window.close()
    return path


def shoot_import_report(app) -> Path:
    """A Vensim model opened in the window, with its import report in front."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QPainter

    from cld_editor.gui.dialogs.import_report import ImportReportDialog
    from cld_editor.gui.window.main_window import MainWindow
    from cld_editor.gui.theme import LIGHT
    from cld_editor.gui.app import apply_theme

    apply_theme(app, LIGHT)
    window = MainWindow(theme=LIGHT, show_start=False)
    window.resize(1200, 760)
    window.show()
    window.open_file(str(ROOT / "tests" / "data" / "vensim" / "RealBeer4-Sterman13.mdl"))
    dialog = window.findChild(ImportReportDialog)
    dialog.resize(620, 330)
    _settle(app, window, 2.5)
    window.view.fit()
    _settle(app, window)
    shot = window.grab().toImage()
    report = dialog.grab().toImage()
    painter = QPainter(shot)
    at = QPoint((shot.width() - report.width()) // 2 - 120, (shot.height() - report.height()) // 2 + 40)
    for i in range(8, 0, -1):  # a soft shadow so the report reads as a window in front
        painter.fillRect(at.x() + i, at.y() + i, report.width(), report.height(), QColor(0, 0, 0, 10))
    painter.drawImage(at, report)
    painter.setPen(QColor("#888888"))
    painter.drawRect(at.x(), at.y(), report.width() - 1, report.height() - 1)
    painter.end()
    path = OUT / "import-report.png"
    shot.save(str(path))
    dialog.close()
    window.undo_stack.setClean()
    window.close()
    return path


def shoot_beer_game_before_after(app) -> list[Path]:
    """The beer game as its Vensim sketch placed it, and as it opens: laid out afresh for a 1280 x 800 window."""
    from shots import save

    from cld_editor.gui.app import apply_theme
    from cld_editor.gui.theme import LIGHT
    from cld_editor.gui.window.main_window import MainWindow
    from cld_editor.io.formats import load, save as save_diagram

    model = ROOT / "tests" / "data" / "vensim" / "RealBeer4-Sterman13.mdl"
    apply_theme(app, LIGHT)
    paths = []
    with tempfile.TemporaryDirectory() as folder:
        # A .cld of the sketch's own positions: the program never rearranges a .cld it opens.
        own = Path(folder) / "beer-game.cld"
        save_diagram(load(str(model)).diagram, str(own))
        for source, name in ((own, "beer-game-as-drawn.png"), (model, "beer-game-opened.png")):
            window = MainWindow(theme=LIGHT, show_start=False)
            window.resize(1280, 800)
            window.show()
            window.open_file(str(source))
            _settle(app, window, 2.5)
            for dialog in app.topLevelWidgets():
                if dialog is not window and dialog.isWindow() and dialog.isVisible():
                    dialog.close()  # the import report: the picture is of the diagram
            _settle(app, window)
            paths.append(save(window, name))
            window.undo_stack.setClean()
            window.close()
    return paths


def main() -> None:
    QStandardPaths.setTestModeEnabled(True)  # keep the user's recent files and settings out of it
    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp())
    from cld_editor.gui.app import make_app

    app = make_app(["cld-editor"])
    OUT.mkdir(parents=True, exist_ok=True)
    for name in ("light", "dark"):
        print(shoot(app, name).relative_to(ROOT))
    print(shoot_import_report(app).relative_to(ROOT))
    shoot_beer_game_before_after(app)


if __name__ == "__main__":
    main()
