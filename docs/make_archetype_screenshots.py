"""Render the archetype pictures to docs/screenshots/: the panel, a loop's report page, the interactive page.

Run without a display::

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_archetype_screenshots.py

Settings go to a temporary folder, so the pictures never show the recent
files of whoever runs the script.  The diagram is examples/archetypes.cld.

* archetypes-panel.png: the main window with Loops > Archetypes shown and a
  match selected, its loops lit and its roles tagged on the canvas.
* report-loop-page.png: one loop's page of ``cld-editor report``, rasterised
  with pdftoppm.
* interactive-page.png: the page from ``cld-editor export``, a loop clicked,
  shot in Debian's chromium driven by Playwright (``executable_path``; its own
  browser download is never used).

The two pictures made outside Qt need pdftoppm and chromium + playwright
(``make system-deps``); without them the script says so, keeps the existing
picture and still exits 0, so ``make screenshots`` works everywhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from shots import OUT, save, settle  # noqa: E402 - docs/shots.py, beside this script

EXAMPLE = ROOT / "examples" / "archetypes.cld"
# The report's page for this loop is the one shown: a reinforcing loop with a delay, part of an archetype.
REPORT_LOOP = "Addiction"


def _cli(*args: str, cwd: Path) -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    result = subprocess.run([sys.executable, "-m", "cld_editor", *args], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise SystemExit(f"error: cld-editor {' '.join(args)} failed:\n{result.stderr}")


def archetypes_panel(app: QApplication) -> None:
    from cld_editor.gui.window.main_window import MainWindow
    from cld_editor.gui.theme import LIGHT

    window = MainWindow(theme=LIGHT, show_start=False)
    window.open_file(str(EXAMPLE))
    window.show_canvas()
    window.resize(1500, 900)
    window.show()
    settle(app)
    panels = window.loop_panels
    while panels.loops.live.running or panels.loops.live.pending():
        settle(app, 0.05)
    # The properties and history docks would crowd the canvas; the archetypes dock is the subject.
    for dock in (window.properties_dock, window.history_dock):
        dock.hide()
    [action] = [a for a in window.menu("Loops").actions() if a.text() == "&Archetypes"]
    action.trigger()
    panel = window.archetypes_panel
    end = time.monotonic() + 10
    while not panel.isVisible() and time.monotonic() < end:
        settle(app, 0.05)
    settle(app)
    # Actual size, so names and role tags read; selecting a match scrolls the canvas to it.
    window.view.zoom_actual()
    # Shifting the burden: two balancing loops and the reinforcing side effect, all lit at once.
    titles = [panel.list.item(i).text() for i in range(panel.list.count())]
    row = next((i for i, t in enumerate(titles) if t.startswith("Shifting the burden")), 0)
    panel.list.setCurrentRow(row)
    settle(app)
    save(window, "archetypes-panel.png")
    panel.detach()
    window.undo_stack.setClean()
    window.close()


def report_loop_page(tmp: Path) -> None:
    pdftoppm, pdftotext = shutil.which("pdftoppm"), shutil.which("pdftotext")
    if pdftoppm is None or pdftotext is None:
        print("skipped report-loop-page.png: pdftoppm/pdftotext (poppler-utils) are not installed")
        return
    pdf = tmp / "report.pdf"
    _cli("report", str(EXAMPLE), str(pdf), cwd=tmp)
    page = None
    for n in range(1, 100):
        text = subprocess.run([pdftotext, "-f", str(n), "-l", str(n), str(pdf), "-"],
                              capture_output=True, text=True, timeout=60)
        if text.returncode != 0:
            break
        first = text.stdout.strip().splitlines()[:1]
        if first and first[0].startswith("Loop ") and first[0].endswith(REPORT_LOOP):
            page = n
            break
    if page is None:
        raise SystemExit(f"error: no page for the loop {REPORT_LOOP!r} in the report")
    stem = tmp / "page"
    subprocess.run([pdftoppm, "-f", str(page), "-l", str(page), "-r", "80", "-png", "-singlefile",
                    str(pdf), str(stem)], check=True, timeout=120)
    path = OUT / "report-loop-page.png"
    shutil.copyfile(stem.with_suffix(".png"), path)
    print(f"wrote {path.relative_to(ROOT)}")


def interactive_page(tmp: Path) -> None:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if executable is None or sync_playwright is None:
        print("skipped interactive-page.png: Debian's chromium or playwright is not installed")
        return
    html = tmp / "archetypes.html"
    _cli("export", str(EXAMPLE), str(html), cwd=tmp)
    path = OUT / "interactive-page.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 800})
            page = context.new_page()
            page.goto(html.as_uri())
            page.wait_for_load_state("load")
            # The loop of the report page, so the two pictures tell the same story.
            loop = page.locator("[data-loop-index]", has_text=REPORT_LOOP)
            (loop if loop.count() else page.locator("[data-loop-index='0']")).first.click()
            page.wait_for_timeout(300)
            page.screenshot(path=str(path))
            context.close()
        finally:
            browser.close()
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> int:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        QCoreApplication.setOrganizationName("cld-editor-screenshots")
        archetypes_panel(app)
        work = Path(tmp) / "out"
        work.mkdir()
        report_loop_page(work)
        interactive_page(work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
