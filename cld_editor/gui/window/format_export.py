"""File > Import… and File > Export to Other Format: the window's side of the other formats.

Export writes a copy in another program's format and leaves the window's own
file alone (the diagram stays a .cld file).  Writing is atomic, so a failed
export leaves any earlier file as it was, and the work is never touched.
Image export (PNG, SVG, PDF) stays in :mod:`.files`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMenu

from ...core.errors import CldError
from ...io import formats
from ...io.formats import Format

#: The formats offered by File > Export to Other Format, in menu order, with their menu text.
EXPORT_MENU: list[tuple[str, str]] = [
    (".mdl", "&Vensim Model (.mdl)…"),
    (".xmile", "&XMILE Model (.xmile)…"),
    (".json", "&Kumu Blueprint (.json)…"),
    (".xlsx", "Kumu &Workbook (.xlsx)…"),
    (".graphml", "&GraphML (.graphml)…"),
    (".gexf", "G&EXF (.gexf)…"),
    (".dot", "Graphviz &DOT (.dot)…"),
    (".mmd", "&Mermaid Flowchart (.mmd)…"),
]


def export_formats() -> list[tuple[str, str, Format]]:
    """``(extension, menu text, format)`` for every other format the program can write."""
    found = []
    for ext, text in EXPORT_MENU:
        fmt = formats.format_for(f"x{ext}")
        if fmt.can_write:
            found.append((ext, text, fmt))
    return found


def import_filter() -> str:
    """The Import dialog's filter: every readable format except our own, then each on its own."""
    foreign = [f for f in formats.FORMATS if f.can_read and ".cld" not in f.extensions]
    exts = " ".join(f"*{e}" for f in foreign for e in f.extensions)
    return ";;".join([f"Files from other programs ({exts})",
                      *(f for f in formats.dialog_filters() if not f.startswith("cld-editor")), "All files (*)"])


def import_dialog(window) -> bool:
    """Ask for a file from another program and open it (the same path as File > Open)."""
    start = window.settings.value("lastFolder", "") or str(Path.home())
    path, _ = QFileDialog.getOpenFileName(window, "Import from another program", str(start), import_filter())
    if not path:
        return False
    return window.open_file(path)


def suggested_path(window, ext: str) -> str:
    if window.file_path:
        base = Path(window.file_path)
        return str(base.with_name(base.name[: -len(base.suffix)] if base.suffix else base.name)) + ext
    folder = Path(window.settings.value("lastFolder", "") or Path.home())
    return str(folder / f"{(window.diagram.title or 'diagram').strip()}{ext}")


def export_dialog(window, ext: str) -> bool:
    """Ask where to write the diagram as ``ext`` (".mdl", ".graphml"...) and write it there."""
    fmt = formats.format_for(f"x{ext}")
    wanted = f"{fmt.name} ({' '.join('*' + e for e in fmt.extensions)})"
    path, _ = QFileDialog.getSaveFileName(window, f"Export as {fmt.name}", suggested_path(window, ext), wanted)
    if not path:
        return False
    if not any(path.lower().endswith(e) for e in fmt.extensions):
        path += ext
    return export_to(window, path)


def export_to(window, path: str) -> bool:
    """Write a copy of the diagram to ``path`` in the format its extension names.

    The window keeps its own file name; failures are shown in a dialog and
    change nothing.
    """
    try:
        formats.save(window.diagram, path)
    except CldError as exc:
        window.show_error("Cannot export", "The diagram was not exported; your work is unchanged.", str(exc))
        return False
    except OSError as exc:  # pragma: no cover - write_atomic turns these into SaveError
        window.show_error("Cannot export", "The diagram was not exported; your work is unchanged.", str(exc))
        return False
    fmt = formats.format_for(path)
    window.show_message(f"Exported {Path(path).name} ({fmt.name})")
    return True


def build_export_menu(window, parent: QMenu) -> QMenu:
    """The File > Export to Other Format submenu; its actions go in ``window.act`` as ``export_<ext>``."""
    menu = parent.addMenu("Export to Other &Format")
    menu.setObjectName("menu-export-other")
    for ext, text, fmt in export_formats():
        action = menu.addAction(text)
        action.setStatusTip(f"Write a copy of the diagram as a {fmt.name}")
        action.triggered.connect(lambda checked=False, e=ext: export_dialog(window, e))
        window.act[f"export_{ext[1:]}"] = action
    return menu
