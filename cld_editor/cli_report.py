"""``cld-editor report FILE OUT.html|OUT.pdf|OUT.docx``: the loop story book.

The diagram (drawn as ``cld-editor export`` draws it), a page per loop with its
story, the archetypes, the leverage table, the warnings and the notes.  The
content comes from :mod:`cld_editor.io.report_model`; Qt is used only to draw
the diagram (and to lay out the PDF).  Nothing is written on error.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

REPORT_FORMATS = (".html", ".pdf", ".docx")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file")
    parser.add_argument("output", help="OUT.html, OUT.pdf or OUT.docx")


def drawn(diagram, suffix: str, **options) -> bytes:
    """The diagram as drawn, as the bytes of an ``.svg`` or ``.png`` file."""
    from .gui.export import export_diagram_headless

    with tempfile.TemporaryDirectory(prefix="cld-report-") as folder:
        path = Path(folder) / f"diagram{suffix}"
        export_diagram_headless(diagram, path, **options)
        return path.read_bytes()


def prepared(path: str):
    """Load a diagram for drawing: an imported one is spread as the window shows it (see ``export``)."""
    from .cli import load_diagram

    result = load_diagram(path)
    if not path.lower().endswith(".cld"):
        from .analysis.layout import spread, spread_factor

        spread(result.diagram, spread_factor(result.diagram))
    return result


def run(args: argparse.Namespace) -> int:
    from .cli import InputError
    from .io.atomic import write_atomic
    from .io.report_model import build_report

    suffix = Path(args.output).suffix.lower()
    if suffix not in REPORT_FORMATS:
        raise InputError(f"cannot write a report as {suffix or 'a file without extension'!r}", args.output,
                         "use .html, .pdf or .docx")
    result = prepared(args.file)
    diagram = result.diagram
    report = build_report(diagram, result.warnings)
    if suffix == ".html":
        from .io.report_html import report_html

        data = report_html(report, drawn(diagram, ".svg").decode("utf-8")).encode("utf-8")
    elif suffix == ".docx":
        from .io.report_docx import _docx, report_docx

        _docx()  # say so before drawing anything when python-docx is missing
        data = report_docx(report, drawn(diagram, ".png", scale=2.0))
    else:
        from .gui.report_pdf import report_pdf

        data = report_pdf(report, diagram)
    write_atomic(args.output, data)
    return 0
