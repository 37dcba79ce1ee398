"""One loading and saving path for every format, chosen by file extension.

Each format lives in its own module with a ``read(data, source)`` returning an
:class:`~cld_editor.io.result.ImportResult` and/or a ``write(diagram)``
returning bytes.  Modules are imported only when their format is used, so the
command line starts fast.

Examples
--------
>>> fmt = format_for("model.CLD")
>>> fmt.name, fmt.can_read, fmt.can_write
('cld-editor diagram', True, True)
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Callable

from ..core.diagram import Diagram
from ..core.errors import CldError, FileFormatError, UnsupportedFormatError
from .atomic import write_atomic
from .limits import MAX_STRING, check_count, check_string, read_limited
from .result import ImportResult


@dataclass(frozen=True)
class Format:
    """A file format: its name, extensions and the module functions that read and write it."""

    name: str
    extensions: tuple[str, ...]
    module: str
    reader: str | None = "read"
    writer: str | None = "write"

    @property
    def can_read(self) -> bool:
        return self.reader is not None

    @property
    def can_write(self) -> bool:
        return self.writer is not None

    def _function(self, attr: str | None) -> Callable:
        assert attr is not None
        return getattr(importlib.import_module(self.module, __package__), attr)

    def read(self, data: bytes, source: str = "") -> ImportResult:
        return self._function(self.reader)(data, source)

    def write(self, diagram: Diagram) -> bytes:
        return self._function(self.writer)(diagram)


FORMATS: list[Format] = [
    Format("cld-editor diagram", (".cld",), ".native", "read_cld", "write_cld"),
    Format("Vensim model", (".mdl",), ".vensim", "read", "write"),
    Format("XMILE model", (".xmile", ".stmx", ".itmx"), ".xmile", "read", "write"),
    Format("Kumu blueprint", (".json",), ".kumu", "read", "write"),
    Format("Kumu spreadsheet", (".kumu.csv", ".csv"), ".kumu_csv", "read", "write"),
    Format("Kumu workbook", (".xlsx",), ".kumu_xlsx", "read", "write"),
    Format("LOOPY model", (".loopy", ".loopy.txt"), ".loopy", "read", None),
    Format("GraphML graph", (".graphml",), ".graphml", "read", "write"),
    Format("GEXF graph", (".gexf",), ".gexf", "read", "write"),
    Format("Graphviz DOT", (".dot", ".gv"), ".dot", None, "write"),
    Format("Mermaid flowchart", (".mmd", ".mermaid"), ".mermaid", None, "write"),
]


def register(fmt: Format) -> None:
    """Add a format (later registrations of an extension win)."""
    FORMATS.insert(0, fmt)


def format_for(path: str | os.PathLike[str]) -> Format:
    """Return the format for a file name, by its extension (any case)."""
    name = str(path).lower()
    for fmt in FORMATS:
        if any(name.endswith(ext) for ext in fmt.extensions):
            return fmt
    known = sorted({ext for fmt in FORMATS for ext in fmt.extensions})
    raise UnsupportedFormatError(
        f"unsupported file type {Path(name).suffix or '(no extension)'!r}",
        str(path),
        f"use one of {' '.join(known)}",
    )


def readable_extensions() -> list[str]:
    """Extensions that can be opened."""
    return sorted({ext for fmt in FORMATS if fmt.can_read for ext in fmt.extensions})


def writable_extensions() -> list[str]:
    """Extensions that can be written."""
    return sorted({ext for fmt in FORMATS if fmt.can_write for ext in fmt.extensions})


def dialog_filters(writing: bool = False) -> list[str]:
    """One file-dialog filter per format that can be opened (or, with ``writing``, saved).

    Examples
    --------
    >>> dialog_filters()[0]
    'cld-editor diagram (*.cld)'
    >>> any(f.startswith("Vensim model (*.mdl") for f in dialog_filters(writing=True))
    True
    """
    return [f"{fmt.name} ({' '.join('*' + ext for ext in fmt.extensions)})"
            for fmt in FORMATS if (fmt.can_write if writing else fmt.can_read)]


def load(path: str | os.PathLike[str]) -> ImportResult:
    """Load any readable format; every failure is a :class:`FileFormatError` naming the file.

    Raises
    ------
    FileFormatError
        Unreadable, malformed, too large, too new or an unsupported extension.
    """
    fmt = format_for(path)
    if not fmt.can_read:
        raise UnsupportedFormatError(f"{fmt.name} files can be written but not opened", str(path))
    data = read_limited(path)
    try:
        result = fmt.read(data, str(path))
    except CldError as exc:
        if str(path) in exc.where:
            raise
        raise exc.located(str(path)) from None
    except RecursionError:
        raise FileFormatError("nested too deeply to read", str(path)) from None
    except MemoryError:
        raise FileFormatError("too large to read", str(path)) from None
    except Exception as exc:  # noqa: BLE001 - a reader bug on a strange file must not end the session
        raise ReaderBugError(fmt, exc, str(path)) from exc
    check_loaded(result.diagram, str(path))
    return result


def spread_imported(diagram: Diagram, path: str | os.PathLike[str]) -> float:
    """Spread a sketch read from another program so that its names stay apart; return the factor.

    Other programs draw names in smaller type than cld-editor, so their
    sketches can put our labels on top of each other.  The window, ``convert``
    and ``export`` all call this one rule after :func:`load`, so a diagram
    looks the same wherever it ends up.  A ``.cld`` file is the user's own
    arrangement and is never moved (the factor is then 1).

    Examples
    --------
    >>> d = Diagram()
    >>> _ = d.new_variable("Characteristic Time", 0, 0); _ = d.new_variable("Heat Loss", 60, 30)
    >>> spread_imported(d, "tea.cld"), d.variable_by_name("Heat Loss").x
    (1.0, 60.0)
    >>> spread_imported(d, "tea.mdl") > 1.0, d.variable_by_name("Heat Loss").x > 60.0
    (True, True)
    """
    if str(path).lower().endswith(".cld"):
        return 1.0
    from ..analysis.layout import spread, spread_factor  # numpy loads only for another program's file

    factor = spread_factor(diagram)
    spread(diagram, factor)
    return factor


class ReaderBugError(FileFormatError):
    """A reader failed in a way it should have caught: reported as a bad file *and* as our bug.

    The window and the command line treat it like any unreadable file (the
    open diagram is untouched, exit 2), and the message asks for a report.
    The tests in tests/security fail whenever one is raised.
    """

    def __init__(self, fmt: Format, exc: BaseException, where: str) -> None:
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        super().__init__(
            f"the {fmt.name} reader could not make sense of this file ({detail})", where,
            "this is a bug in cld-editor: please report it with the file",
        )


def check_loaded(diagram: Diagram, where: str) -> None:
    """Enforce the limits on what any reader produced (counts and text lengths).

    Readers check as they go; this is the backstop that holds for every
    format, so no reader can hand the window a diagram beyond the limits.
    """
    for kind, what in (("variable", "variables"), ("link", "links"), ("loop_label", "loop labels"),
                       ("note", "notes")):
        elements = diagram.elements(kind)
        check_count(len(elements), what, where)
        for element in elements.values():
            for name in _TEXT_FIELDS[kind]:
                value = attrgetter(name)(element)
                if isinstance(value, str) and len(value) > MAX_STRING:
                    check_string(value, f'{where}: {kind.replace("_", " ")} "{element.id}".{name}')
    for name in ("title", "description", "author"):
        value = getattr(diagram, name)
        if isinstance(value, str):
            check_string(value, f"{where}: {name}")


_TEXT_FIELDS = {
    "variable": ("id", "name", "equation", "units", "notes", "evidence", "colour"),
    "link": ("id", "label", "notes", "evidence.source", "evidence.proposed_by"),
    "loop_label": ("id", "code", "name", "story"),
    "note": ("id", "text"),
}


def save(diagram: Diagram, path: str | os.PathLike[str], backup: bool = False) -> None:
    """Write ``diagram`` in the format its extension names, atomically.

    Raises
    ------
    SaveError
        When the write fails; the file on disk is then untouched.
    UnsupportedFormatError
        When the extension names no writable format.
    """
    fmt = format_for(path)
    if not fmt.can_write:
        raise UnsupportedFormatError(f"{fmt.name} files can be opened but not written", str(path))
    write_atomic(path, fmt.write(diagram), backup=backup)
