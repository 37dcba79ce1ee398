"""File handling of the main window: new, open, save, revert, recent files, export, print.

A file that cannot be opened leaves the open diagram untouched and says why;
a failed save keeps both the old file (saves are atomic) and the work.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from ...analysis.curvature import curve_unbent_links
from ...analysis.layout import label_box, layout_diagram, loop_label_spots, note_spots
from ...core.diagram import Diagram
from ...core.errors import CldError
from ...io import formats
from ...io.formats import load, save
from . import disk_watch
from .registry import WINDOWS
from ..export import export_scene, render_image
from ..dialogs.import_report import show_import_report
from ..settings import shared_settings



#: A diagram opens fitted to the window but never magnified beyond its actual size.
OPEN_MAX_ZOOM = 1.0
#: Below this zoom names are hard to read: an imported drawing that needs it is laid out afresh.
READABLE_ZOOM = 0.75


def fitted_zoom(diagram: Diagram, size: QSize, margin: float = 40.0) -> float:
    """The zoom at which the whole diagram's names fit a viewport of ``size`` (as the view's fit does)."""
    boxes = [label_box(v.name, v.x, v.y, v.kind) for v in diagram.variables.values()]
    if not boxes:
        return 1.0
    width = max(x + w for x, _, w, _ in boxes) - min(x - w for x, _, w, _ in boxes) + 2 * margin
    height = max(y + h for _, y, _, h in boxes) - min(y - h for _, y, _, h in boxes) + 2 * margin
    return min(max(size.width(), 1) / width, max(size.height(), 1) / height)


def lay_out_unreadable(diagram: Diagram, size: QSize) -> bool:
    """Lay out afresh (links curved round their loops) an imported drawing that fits ``size`` only unreadably small.

    Returns whether it did.  The user's own ``.cld`` arrangement is never
    passed here; loop labels go to their loops' new centres.
    """
    if fitted_zoom(diagram, size) >= READABLE_ZOOM:
        return False
    # Turned to suit the window: a long drawing lies across a wide window and down a tall one.
    positions = layout_diagram(diagram, aspect=max(size.width(), 1) / max(size.height(), 1))
    if fitted_zoom(_moved(diagram, positions), size) <= fitted_zoom(diagram, size):
        return False
    for vid, (x, y) in positions.items():
        diagram.update_variable(vid, x=x, y=y)
    for lid, (x, y) in loop_label_spots(diagram, positions).items():
        diagram.update("loop_label", lid, x=x, y=y)
    for nid, (x, y) in note_spots(diagram, positions).items():
        diagram.update("note", nid, x=x, y=y)
    curve_unbent_links(diagram)
    return True


def _busy(work, *args):
    """Run ``work(*args)`` with the busy pointer showing (a fresh layout of a large model takes seconds)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return work(*args)
    finally:
        QGuiApplication.restoreOverrideCursor()


def _moved(diagram: Diagram, positions: dict[str, tuple[float, float]]) -> Diagram:
    twin = diagram.copy()
    for vid, (x, y) in positions.items():
        twin.update_variable(vid, x=x, y=y)
    return twin


def open_filter() -> str:
    exts = " ".join(f"*{e}" for e in formats.readable_extensions())
    return ";;".join([f"Diagrams ({exts})", *formats.dialog_filters(), "All files (*)"])


def _is_examples_folder(folder: str | Path) -> bool:
    """The program's own examples: the dialogs never start there (an installed copy is not the user's)."""
    from ...paths import examples_dir

    try:
        return Path(folder).resolve() == examples_dir().resolve()
    except OSError:
        return False


def remember_folder(settings: QSettings, path: str) -> None:
    """Note the folder of a file the user opened or saved, for the next Open and Save As."""
    folder = Path(path).parent
    if not _is_examples_folder(folder):
        settings.setValue("lastFolder", str(folder))


def dialog_folder(settings: QSettings, file_path: str | None) -> str:
    """Where Open and Save As start: the folder last used, else the file's own, else home."""
    for folder in (settings.value("lastFolder", "") or "", str(Path(file_path).parent) if file_path else ""):
        if folder and Path(folder).is_dir() and not _is_examples_folder(folder):
            return str(folder)
    return str(Path.home())


class FileMixin:
    """File operations of :class:`~cld_editor.gui.window.main_window.MainWindow`."""

    # --------------------------------------------------------- new/open
    def is_untouched(self) -> bool:
        """True for a window with no file, no content and no history: a file opens here."""
        return self.file_path is None and not self.diagram.variables and self.undo_stack.count() == 0

    def new_window(self, diagram: Diagram | None = None, path: str | None = None, show_start: bool = False):
        window = type(self)(diagram, path, self.theme, show_start=show_start, preferences=self.preferences)
        window.show()
        return window

    def new_diagram(self) -> None:
        """A new empty diagram: here if this window is untouched, else in a new window."""
        if self.is_untouched():
            self.show_canvas()
        else:
            self.new_window().show_canvas()

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open diagram", dialog_folder(self.settings, self.file_path),
                                              open_filter())
        if path:
            self.open_file(path)

    def open_example(self, path: str) -> None:
        """Open an example as a new, unsaved diagram (so the example itself is never overwritten)."""
        try:
            result = load(path)
        except CldError as exc:
            self.show_error("Cannot open the example", str(exc))
            return
        if not result.diagram.title:  # named before it is taken, so the journal's base line holds the title
            result.diagram.set_property("title", Path(path).stem.replace("-", " ").capitalize())
        target = self if self.is_untouched() else self.new_window()
        target._take(result.diagram, None)

    def open_file(self, path: str) -> bool:
        """Open ``path`` here when this window is untouched, else in a new window.

        A file that cannot be read leaves every open diagram as it was.
        """
        path = os.path.abspath(path)
        for window in WINDOWS:
            if window.file_path == path:
                window.raise_()
                window.activateWindow()
                return True
        try:
            result = load(path)
        except CldError as exc:
            self.show_error("Cannot open the file", f"“{Path(path).name}” could not be opened.", str(exc))
            return False
        except OSError as exc:  # pragma: no cover - read_limited reports most of these
            self.show_error("Cannot open the file", f"“{Path(path).name}” could not be opened.", str(exc))
            return False
        formats.spread_imported(result.diagram, path)
        target = self if self.is_untouched() else self.new_window()
        warnings = list(result.warnings)
        if not path.lower().endswith(".cld") and _busy(lay_out_unreadable, result.diagram,
                                                        target.view.viewport().size()):
            warnings.insert(0, "The diagram was laid out afresh so names can be read: at its own positions it "
                            "fitted the window only below 75 % zoom.")
        target._take(result.diagram, path)
        shared_settings().add_recent_file(path)
        remember_folder(self.settings, path)
        if warnings:
            show_import_report(target, path, warnings)
        return True

    def _take(self, loaded: Diagram, path: str | None) -> None:
        self.canvas.clear_highlight()
        self.diagram.replace_content(loaded)
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.file_path = path
        disk_watch.track(self, path)  # notice if someone else changes it
        self.stack.setCurrentWidget(self.view)
        self.view.fit(OPEN_MAX_ZOOM)
        self.update_title()
        self._update_actions()
        self._show_counts()

    def revert(self) -> None:
        """Go back to the file as saved, after asking."""
        if not self.file_path or self.undo_stack.isClean():
            return
        answer = QMessageBox.question(self, "Revert", f"Discard all changes since “{Path(self.file_path).name}” "
                                      "was last saved?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.revert_now()

    def revert_now(self) -> bool:
        try:
            result = load(self.file_path)
        except CldError as exc:
            self.show_error("Cannot revert", "The saved file could not be read; your work is unchanged.", str(exc))
            return False
        self._take(result.diagram, self.file_path)
        return True

    # -------------------------------------------------------------- save
    def save(self) -> bool:
        # A diagram opened from another program's file is never overwritten in that format: Save asks for a .cld.
        if not self.file_path or not self.file_path.lower().endswith(".cld"):
            return self.save_as()
        return self.save_to(self.file_path)

    def save_as(self) -> bool:
        name = Path(self.file_path).stem if self.file_path else (self.diagram.title or "Untitled").strip()
        suggested = str(Path(dialog_folder(self.settings, self.file_path)) / f"{name}.cld")
        exts = formats.writable_extensions()
        filters = "cld-editor diagram (*.cld);;" + ";;".join(f"{e[1:].upper()} (*{e})" for e in exts if e != ".cld")
        path, chosen = QFileDialog.getSaveFileName(self, "Save diagram", suggested, filters)
        if not path:
            return False
        if not Path(path).suffix:
            path += ".cld"
        return self.save_to(path)

    def save_to(self, path: str) -> bool:
        """Write the diagram to ``path``; on failure keep the work and say why."""
        if not disk_watch.may_save_over(self, path):  # someone else changed it since we read it
            return False
        try:
            save(self.diagram, path, backup=self.preferences.backup_on_save)
        except CldError as exc:
            self.show_error("Cannot save", "The diagram was not saved; your work is still here.", str(exc))
            return False
        self.file_path = os.path.abspath(path)
        disk_watch.track(self, self.file_path)
        self.undo_stack.setClean()
        self.autosaver.remove()
        shared_settings().add_recent_file(self.file_path)
        remember_folder(self.settings, self.file_path)
        self.update_title()
        self.show_message(f"Saved {Path(path).name}")
        return True

    def maybe_save(self) -> bool:
        """Ask before unsaved work is lost; False means the user cancelled."""
        if self.undo_stack.isClean():
            return True
        name = Path(self.file_path).name if self.file_path else "this diagram"
        answer = QMessageBox.warning(
            self, "Unsaved changes", f"Save the changes to {name} before closing?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # ------------------------------------------------------------ export
    def export_dialog(self) -> None:
        base = Path(self.file_path).with_suffix("") if self.file_path else Path.home() / (self.diagram.title or "diagram")
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export diagram", f"{base}.png", "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)")
        if not path:
            return
        if not Path(path).suffix:
            path += {"SVG": ".svg", "PDF": ".pdf"}.get(chosen[:3], ".png")
        scale = 2.0
        if path.lower().endswith(".png"):
            rect = self.canvas.content_rect(24)
            options = [f"{s}\u00d7  ({round(rect.width() * s)} \u00d7 {round(rect.height() * s)} pixels)"
                       for s in (1, 2, 3, 4)]
            choice, ok = QInputDialog.getItem(self, "Image resolution", "Resolution:", options, 1, False)
            if not ok:
                return
            scale = float(options.index(choice) + 1)
        self.export_to(path, scale)

    def export_to(self, path: str, scale: float = 2.0) -> bool:
        try:
            export_scene(self.canvas, path, scale, self.diagram.title)
        except CldError as exc:
            self.show_error("Cannot export", str(exc))
            return False
        self.show_message(f"Exported {Path(path).name}")
        return True

    def print_diagram(self) -> None:
        """Show the page in a print preview; its Print button sends it to a printer."""
        from ..dialogs.print_preview import PrintPreview

        try:
            PrintPreview(self.canvas, self.diagram.title, self).exec()
        except CldError as exc:
            self.show_error("Cannot print", str(exc))

    def copy_image(self) -> None:
        QGuiApplication.clipboard().setImage(render_image(self.canvas, 2.0))
        self.show_message("The diagram is on the clipboard as an image.")
