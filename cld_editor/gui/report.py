"""The loop story book written to a file (window and command line): HTML, PDF or .docx by extension.

The content is :func:`~cld_editor.io.report_model.build_report`; HTML and .docx
are written by io/, with the diagram drawn here by the same code as the diagram
export.  The PDF goes through Qt's own writer:

A4 pages: a cover (title, description, summary, the figure's description),
the diagram on a page of its own drawn as vectors by the same code as
``cld-editor export`` (:func:`~cld_editor.gui.export.paint_on_pages`), then a
page per loop, the archetypes, the leverage table, the warnings and the
notes, laid out by a :class:`QTextDocument` and cut into pages here.
Polarity is told by letter, sign and a shape character as well as colour.
"""

from __future__ import annotations

import tempfile
from html import escape
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

from ..core.diagram import Diagram
from ..core.errors import CldError
from ..io.atomic import write_atomic
from ..io.report_model import build_report
from ..io.report_model import Report
from .export import ExportError, ensure_app, export_diagram_headless, paint_on_pages
from .theme import LIGHT

SHAPES = {"R": "\u25cf", "B": "\u25a0", "?": "\u25c6"}
COLOURS = {"R": "#a4262c", "B": "#0b4f8a", "?": "#5c5c5c"}
RESOLUTION = 300
ARROW = " \u2192 "


def _cover_html(report: Report) -> str:
    parts = [f"<h1>{escape(report.title)}</h1>"]
    if report.author:
        parts.append(f"<p>By {escape(report.author)}</p>")
    if report.description:
        parts.append(f"<p>{escape(report.description)}</p>")
    parts.append(f"<p>{escape(report.summary)}</p>")
    parts.append(f"<p><i>Figure 1 (next page). The diagram. {escape(report.diagram_alt)}</i></p>")
    return "".join(parts)


def _body_html(report: Report) -> str:
    brk = '<h1 style="page-break-before: always">'
    out = []
    for page in report.loops:
        colour = COLOURS[page.polarity]
        out.append(f"{brk}Loop {escape(page.heading)}</h1>"
                   f'<p><b><span style="color:{colour}">{SHAPES[page.polarity]} {escape(page.badge)}</span></b>'
                   + (" - with a delay" if page.delayed else "") + "</p>"
                   f"<h3>Members, in loop order</h3><p>{escape(ARROW.join(page.members + page.members[:1]))}</p>"
                   f"<h3>Story</h3><p>{escape(page.story)}</p>")
        if page.archetypes:
            out.append("<h3>Archetype</h3><p>Part of: " + escape(", ".join(page.archetypes)) + ".</p>")
        if page.evidence:
            out.append("<h3>Evidence and confidence</h3>" + _table(
                ("Link", "Confidence", "Evidence"), [(e.link, e.confidence or "-", e.evidence or "-") for e in page.evidence]))
        if page.dominance is not None:
            out.append(f"<h3>Dominance over time</h3><p>{escape(page.dominance.text)}</p>")
    if report.more_loops:
        out.append(f"<p>{report.more_loops} longer loops are not shown; cld-editor loops lists them all.</p>")
    out.append(f"{brk}System archetypes</h1>")
    if not report.archetypes:
        out.append("<p>No system archetype was found in the loops of this diagram.</p>")
    for a in report.archetypes:
        out.append(f"<h2>{escape(a.title)} ({escape(a.class_title.lower())})</h2><p>{escape(a.class_sentence)}</p>"
                   f"<p>Loops: {escape(', '.join(a.loops))}.</p>" + _table(("Variable", "Role"), a.roles)
                   + f"<p>{escape(a.explanation)}</p><p><b>Leverage:</b> {escape(a.leverage)}</p>")
        if a.question:
            out.append(f"<p><b>Only you can tell:</b> {escape(a.question)}</p>")
    out.append(f"{brk}Leverage: loops through each variable</h1>"
               + _table(("Variable", "Loops through it"), [(n, str(c)) for n, c in report.leverage]))
    out.append("<h1>Warnings</h1>" + ("<ul>" + "".join(f"<li>{escape(w)}</li>" for w in report.warnings) + "</ul>"
                                      if report.warnings else "<p>None.</p>"))
    out.append("<h1>Notes</h1>" + ("".join(f"<p>{escape(n)}</p>" for n in report.notes) if report.notes else "<p>None.</p>"))
    # The diagram's page already ended: the first loop needs no break of its own.
    return "".join(out).replace(brk, "<h1>", 1)


def _table(header, rows) -> str:
    head = "".join(f'<th style="background:#f0f0f0">{escape(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table border="1" cellspacing="0" cellpadding="4" width="100%"><tr>{head}</tr>{body}</table>'


def _document(html: str, writer: QPdfWriter, size: QSizeF) -> QTextDocument:
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)  # points become device pixels at the writer's resolution
    doc.setDefaultStyleSheet("body { color: #1b1b1b; } h1 { font-size: 20pt; } h2 { font-size: 15pt; } "
                             "h3 { font-size: 12pt; } p, li, td, th { font-size: 10.5pt; }")
    font = doc.defaultFont()
    font.setFamily("DejaVu Sans")
    doc.setDefaultFont(font)
    doc.setHtml(f"<html><body>{html}</body></html>")
    doc.setPageSize(size)
    return doc


def _draw_pages(painter: QPainter, doc: QTextDocument, size: QSizeF, writer: QPdfWriter, first: bool) -> None:
    for i in range(doc.pageCount()):
        if i or not first:
            writer.newPage()
        painter.save()
        painter.translate(0, -i * size.height())
        doc.drawContents(painter, QRectF(0, i * size.height(), size.width(), size.height()))
        painter.restore()


def _fit_painter(painter: QPainter, writer: QPdfWriter) -> None:
    """Map the painter onto the page now current (its orientation may have changed)."""
    page = writer.pageLayout().paintRectPixels(writer.resolution())
    painter.setViewport(0, 0, page.width(), page.height())
    painter.setWindow(0, 0, page.width(), page.height())


def report_pdf(report: Report, diagram: Diagram) -> bytes:
    """The report as the bytes of a PDF file (A4, the diagram as vectors)."""
    ensure_app()
    from .canvas.scene import DiagramScene

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(f"{report.title}: loop story book")
    writer.setCreator("cld-editor")
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter))
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError("could not start the PDF document")
    rect = writer.pageLayout().paintRectPixels(RESOLUTION)
    size = QSizeF(rect.width(), rect.height())
    try:
        _draw_pages(painter, _document(_cover_html(report), writer, size), size, writer, first=True)
        scene = DiagramScene(diagram.copy(), theme=LIGHT)
        try:
            # A wide diagram gets a landscape page, so it is drawn as large as the paper allows.
            wide = scene.content_rect(24).width() > scene.content_rect(24).height()
            if wide:
                writer.setPageOrientation(QPageLayout.Orientation.Landscape)
            writer.newPage()
            _fit_painter(painter, writer)
            paint_on_pages(scene, writer, painter)
            writer.setPageOrientation(QPageLayout.Orientation.Portrait)
            writer.newPage()
            _fit_painter(painter, writer)
        finally:
            scene.detach()
            scene.deleteLater()
        _draw_pages(painter, _document(_body_html(report), writer, size), size, writer, first=True)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


# ------------------------------------------------------------ any format
REPORT_FORMATS = (".html", ".pdf", ".docx")


def drawn(diagram: Diagram, suffix: str, **options) -> bytes:
    """The diagram as drawn, as the bytes of an ``.svg`` or ``.png`` file."""
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
        return report_pdf(report, diagram)
    raise CldError(f"cannot write a report as {suffix or 'a file without extension'!r}",
                   hint="use .html, .pdf or .docx")


def write_report(diagram: Diagram, path: str | Path, warnings: Sequence[str] = ()) -> None:
    """Write the report of ``diagram`` to ``path``; the extension chooses the format."""
    write_atomic(path, report_bytes(diagram, Path(path).suffix.lower(), warnings))
