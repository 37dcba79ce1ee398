"""``cld-editor report FILE OUT.html|OUT.pdf|OUT.docx``: the loop story book.

The diagram (drawn as ``cld-editor export`` draws it), a page per loop with its
story, the archetypes, the leverage table, the warnings and the notes.  The
content comes from :mod:`cld_editor.io.report_model`; Qt is used only to draw
the diagram (and to lay out the PDF).  Nothing is written on error.
"""

from __future__ import annotations

import argparse
from pathlib import Path

REPORT_FORMATS = (".html", ".pdf", ".docx")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file")
    parser.add_argument("output", help="OUT.html, OUT.pdf or OUT.docx")


def prepared(path: str):
    """Load a diagram for drawing: an imported one is spread as the window shows it (see ``export``)."""
    from .cli_common import load_diagram

    result = load_diagram(path)
    if not path.lower().endswith(".cld"):
        from .analysis.layout import spread, spread_factor

        spread(result.diagram, spread_factor(result.diagram))
    return result


def run(args: argparse.Namespace) -> int:
    from .cli_common import InputError

    suffix = Path(args.output).suffix.lower()
    if suffix not in REPORT_FORMATS:
        raise InputError(f"cannot write a report as {suffix or 'a file without extension'!r}", args.output,
                         "use .html, .pdf or .docx")
    result = prepared(args.file)
    from .gui.report import write_report

    write_report(result.diagram, args.output, result.warnings)
    return 0
