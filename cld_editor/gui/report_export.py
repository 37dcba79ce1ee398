"""Write the loop story book to a file: HTML, PDF or .docx by extension (window and command line).

The content is :func:`~cld_editor.io.report_model.build_report`; this module
only draws the diagram (the same rendering as the diagram export) and hands
it to the writer of the chosen format.  The file is written atomically, so a
failure leaves nothing behind.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Sequence

from ..core.diagram import Diagram
from ..core.errors import CldError
from ..io.atomic import write_atomic
from ..io.report_model import build_report

REPORT_FORMATS = (".html", ".pdf", ".docx")


def drawn(diagram: Diagram, suffix: str, **options) -> bytes:
    """The diagram as drawn, as the bytes of an ``.svg`` or ``.png`` file."""
    from .export import export_diagram_headless

    with tempfile.TemporaryDirectory(prefix="cld-report-") as folder:
        path = Path(folder) / f"diagram{suffix}"
        export_diagram_headless(diagram, path, **options)
        return path.read_bytes()


def report_bytes(diagram: Diagram, suffix: str, warnings: Sequence[str] = ()) -> bytes:
    """The report as the bytes of a ``.html``, ``.pdf`` or ``.docx`` file."""
    report = build_report(diagram, list(warnings))
    if suffix == ".html":
        from ..io.report_html import report_html

        return report_html(report, drawn(diagram, ".svg").decode("utf-8")).encode("utf-8")
    if suffix == ".docx":
        from ..io.report_docx import _docx, report_docx

        _docx()  # say so before drawing anything when python-docx is missing
        return report_docx(report, drawn(diagram, ".png", scale=2.0))
    if suffix == ".pdf":
        from .report_pdf import report_pdf

        return report_pdf(report, diagram)
    raise CldError(f"cannot write a report as {suffix or 'a file without extension'!r}",
                   hint="use .html, .pdf or .docx")


def write_report(diagram: Diagram, path: str | Path, warnings: Sequence[str] = ()) -> None:
    """Write the report of ``diagram`` to ``path``; the extension chooses the format."""
    write_atomic(path, report_bytes(diagram, Path(path).suffix.lower(), warnings))
