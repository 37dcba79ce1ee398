"""``cld-editor export FILE OUT.html``: one self-contained interactive page (no Qt needed).

See :mod:`cld_editor.io.interactive_page`.  Nothing is written on error.
"""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    from .cli_report import prepared
    from .io.atomic import write_atomic
    from .io.interactive_page import interactive_page

    diagram = prepared(args.file).diagram
    write_atomic(args.output, interactive_page(diagram).encode("utf-8"))
    return 0
