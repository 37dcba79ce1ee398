"""Render the Loops panel, the causes tree with the heat view, and presentation mode to docs/screenshots/.

Run without a display::

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_loop_screenshots.py

Settings go to a temporary folder, so the pictures never show the recent
files of whoever runs the script.  The diagram is the Stoke-on-Trent
worklessness example.
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
from PySide6.QtWidgets import QApplication  # noqa: E402
from shots import OUT, save, settle  # noqa: E402 - docs/shots.py, beside this script

EXAMPLE = ROOT / "examples" / "worklessness-stoke.cld"


def _window(app: QApplication):
    from cld_editor.gui.window.main_window import MainWindow
    from cld_editor.gui.theme import LIGHT

    window = MainWindow(theme=LIGHT, show_start=False)
    window.open_file(str(EXAMPLE))
    window.show_canvas()
    window.resize(1440, 900)
    window.show()
    settle(app)
    panels = window.loop_panels
    while panels.loops.live.running or panels.loops.live.pending():
        settle(app, 0.05)
    return window, panels


def loops_panel(app: QApplication) -> None:
    window, panels = _window(app)
    panels.loops_dock.raise_()
    loops = panels.loops
    # The delayed reinforcing loop "Dependency trap" carries a label already.
    loop = next(lp for lp in loops.live.loops if lp.length == 3 and lp.polarity == "R" and lp.delayed)
    loops.select_loop(loop.name)
    settle(app)
    window.view.fit()
    settle(app)
    save(window, "loops-panel.png")
    window.loop_panels.detach()
    window.close()


def causes_tree(app: QApplication) -> None:
    window, panels = _window(app)
    panels.causes_dock.show()
    panels.causes_dock.raise_()
    diagram = window.diagram
    work = diagram.variable_by_name("Worklessness")
    window.canvas.select_ids(variable_ids=[work.id])
    panels.causes.depth_box.setValue(2)
    panels.causes.uses.expandAll()
    panels.causes.causes.expandAll()
    ready = []
    panels.causes.heat_ready.connect(ready.append)
    panels.causes.heat_box.setChecked(True)
    while not ready:
        settle(app, 0.05)
    window.view.fit()
    settle(app)
    save(window, "causes-tree.png")
    panels.causes.heat_box.setChecked(False)
    window.loop_panels.detach()
    window.close()


def presentation(app: QApplication) -> None:
    from cld_editor.gui.presentation.mode import LAP_SECONDS, PresentationWindow
    from cld_editor.io import load

    diagram = load(str(EXAMPLE)).diagram
    window = PresentationWindow(diagram, fullscreen=False)
    window.resize(1024, 768)
    window.show()
    settle(app)
    index = next(i for i, step in enumerate(window.plan.steps) if step.loop is not None and step.loop.length == 3)
    window.go(index)
    window.finish_transitions()
    settle(app, 0.1)
    window._frame.stop()  # hold the pulse where we put it: on its way from Job Search to Worklessness
    window._phase = 0.0
    window.advance(LAP_SECONDS * 0.45)
    save(window, "presentation.png")
    window.close()


def main() -> int:
    scratch = tempfile.mkdtemp(prefix="cld-shots-")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch)
    os.environ["XDG_DATA_HOME"] = scratch
    try:
        from cld_editor.gui.app import make_app

        app = make_app()
    except ImportError:
        app = QApplication.instance() or QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName("cld-editor-screenshots")
    QCoreApplication.setApplicationName("cld-editor-screenshots")
    OUT.mkdir(parents=True, exist_ok=True)
    loops_panel(app)
    causes_tree(app)
    presentation(app)
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # skip Qt's teardown: the pictures are written
