"""Options of ``cld-editor export``: the PNG's scale and the PDF's page.

A PDF is one printable page: A4 or Letter (``--page``, by default the paper
of the locale), turned to fit the drawing, with the diagram's title above it
(``--title TEXT`` to set another, ``--no-title`` to leave it out) and, with
``--legend``, a line explaining R, B, +, − and the delay mark.  These page
options mean nothing for an image, so they are refused there rather than
silently ignored.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .core.diagram import Diagram
from .core.errors import CldError

PAGE_FLAGS = ("page", "title", "no_title", "legend")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the export options to the ``export`` sub-command's parser."""
    parser.add_argument("--scale", type=float, default=2.0, help="PNG pixels per diagram unit (default 2)")
    page = parser.add_argument_group("PDF page")
    page.add_argument("--page", choices=("a4", "letter"), type=str.lower,
                      help="paper size (default: from the locale, A4 outside the Americas); "
                           "portrait or landscape is chosen to fit")
    titles = page.add_mutually_exclusive_group()
    titles.add_argument("--title", metavar="TEXT", help="title printed above the drawing (default: the diagram's title)")
    titles.add_argument("--no-title", action="store_true", help="print no title")
    page.add_argument("--legend", action="store_true", help="add a line explaining R, B, +, - and delay marks")


def page_options(args: argparse.Namespace, diagram: Diagram) -> dict[str, Any] | None:
    """The page options for a PDF as keyword arguments of ``PageOptions``; ``None`` for an image.

    Raises :class:`CldError` when a page option is given for a PNG or SVG.

    Examples
    --------
    >>> ns = argparse.Namespace(output="d.pdf", page="a4", title=None, no_title=False, legend=True)
    >>> page_options(ns, Diagram(title="Jobs"))
    {'paper': 'a4', 'title': 'Jobs', 'legend': True}
    """
    if Path(args.output).suffix.lower() != ".pdf":
        used = [flag for flag in PAGE_FLAGS if getattr(args, flag, None)]
        if used:
            flag = "--" + used[0].replace("_", "-")
            raise CldError(f"{flag} applies to a PDF page only", args.output, "export to a .pdf file, or leave it out")
        return None
    title = "" if args.no_title else (args.title if args.title is not None else diagram.title)
    return {"paper": args.page or "", "title": " ".join(title.split()), "legend": bool(args.legend)}
