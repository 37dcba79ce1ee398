"""Render the workshop tools to docs/screenshots/: Merge, Perspectives, Compare, Evidence Gaps, the line legend.

Run without a display::

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_workshop_screenshots.py

Settings go to a temporary folder, so the pictures never show the recent
files of whoever runs the script.  The diagrams are the NEET workshop example
(examples/neet-perspectives).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from shots import save, settle  # noqa: E402 - docs/shots.py, beside this script

FOLDER = ROOT / "examples" / "neet-perspectives"
FILES = [str(FOLDER / f"{name}.cld") for name in ("college-tutor", "connexions-adviser", "parent")]


def _window(app: QApplication, path: Path):
    from cld_editor.gui.window.main_window import MainWindow
    from cld_editor.gui.theme import LIGHT

    window = MainWindow(theme=LIGHT, show_start=False)
    window.open_file(str(path))
    window.show_canvas()
    window.resize(1440, 860)
    window.show()
    settle(app)
    # The canvas is the subject: the docks go, so the map is drawn large enough to read.
    for dock in (window.properties_dock, window.history_dock, window.loop_panels.loops_dock,
                 window.loop_panels.causes_dock, window.loop_panels.warnings_dock):
        dock.hide()
    settle(app)
    window.view.fit()
    settle(app)
    return window


def main() -> int:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        QCoreApplication.setOrganizationName("cld-editor-screenshots")
        window = _window(app, FOLDER / "merged.cld")
        merge = window.workshop.merge_perspectives(FILES, open_result=False)
        merge.table.item(0, 0).setCheckState(Qt.CheckState.Checked)
        merge.show()
        settle(app)
        save(merge, "merge-matching-table.png")
        merge.close()

        perspectives = window.workshop.perspectives()
        for i in range(perspectives.choices.count()):
            if perspectives.choices.item(i).text() != "parent":
                perspectives.choices.item(i).setCheckState(Qt.CheckState.Unchecked)
        perspectives.move(window.geometry().right() - perspectives.width(), window.geometry().top() + 80)
        settle(app)
        save(window, "perspectives-canvas.png")
        save(perspectives, "perspectives-dialog.png")
        perspectives.close()

        gaps = window.workshop.evidence_gaps()
        gaps.table.selectRow(0)
        settle(app)
        save(gaps, "evidence-gaps.png")
        save(window, "evidence-gaps-canvas.png")
        gaps.close()

        compare = window.workshop.compare_with(FILES[0])
        compare.changes.setCurrentRow(1)
        settle(app)
        save(compare, "compare.png")
        save(window, "compare-canvas.png")
        compare.close()
        window.undo_stack.setClean()
        window.close()

        # The line style legend on the canvas: the tutor's map has weak and hypothesis links.
        tutor = _window(app, Path(FILES[0]))
        save(tutor, "confidence-legend.png")
        tutor.undo_stack.setClean()
        tutor.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
