"""The loop story book as a Word document (``cld-editor report FILE OUT.docx``), through python-docx.

Officers paste its parts into a board paper, so it uses Word's own styles
(Title, Heading 1-2, tables with the "Table Grid" style) and plain text that
survives copying.  The diagram is a picture with alt text (the description
Word reads aloud); each loop starts on a new page; polarity is told by
letter, sign and a shape character (circle for reinforcing, square for
balancing) as well as colour.

python-docx is needed only for this format; without it the command says how
to install it.
"""

from __future__ import annotations

import io

from ..core.errors import CldError
from .report_model import POLARITY_SIGN, Report

SHAPES = {"R": "\u25cf", "B": "\u25a0", "?": "\u25c6"}  # circle, square, diamond
COLOURS = {"R": (0xA4, 0x26, 0x2C), "B": (0x0B, 0x4F, 0x8A), "?": (0x5C, 0x5C, 0x5C)}


class ReportError(CldError):
    """A report that cannot be written."""


def _docx():
    try:
        import docx  # type: ignore[import-not-found]
    except ImportError:
        raise ReportError("writing a .docx report needs the python-docx package",
                          hint="reinstall cld-editor (it depends on python-docx), or choose .html or .pdf") from None
    return docx


def report_docx(report: Report, diagram_png: bytes, width_inches: float = 6.3) -> bytes:
    """The report as the bytes of a .docx file; ``diagram_png`` is the diagram drawn as PNG."""
    docx = _docx()
    from docx.enum.text import WD_BREAK
    from docx.shared import Inches, RGBColor

    doc = docx.Document()
    doc.core_properties.title = report.title
    doc.core_properties.author = report.author or "cld-editor"
    doc.add_heading(report.title, level=0)
    if report.author:
        doc.add_paragraph(f"By {report.author}")
    if report.description:
        doc.add_paragraph(report.description)
    doc.add_paragraph(report.summary)
    doc.add_picture(io.BytesIO(diagram_png), width=Inches(width_inches))
    picture = doc.inline_shapes[-1]
    picture._inline.docPr.set("descr", report.diagram_alt)  # Word's alt text
    picture._inline.docPr.set("title", "The diagram")
    doc.add_paragraph(f"Figure 1. The diagram. {report.diagram_alt}", style="Caption")

    for page in report.loops:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading(f"Loop {page.heading}", level=1)
        para = doc.add_paragraph()
        mark = para.add_run(f"{SHAPES[page.polarity]} {page.badge}")
        mark.bold = True
        mark.font.color.rgb = RGBColor(*COLOURS[page.polarity])
        if page.delayed:
            para.add_run(" - with a delay")
        doc.add_heading("Members, in loop order", level=2)
        doc.add_paragraph(" \u2192 ".join(page.members + page.members[:1]))
        doc.add_heading("Story", level=2)
        doc.add_paragraph(page.story)
        if page.archetypes:
            doc.add_heading("Archetype", level=2)
            doc.add_paragraph("Part of: " + ", ".join(page.archetypes) + ".")
        if page.evidence:
            doc.add_heading("Evidence and confidence", level=2)
            _table(doc, ("Link", "Confidence", "Evidence"),
                   [(e.link, e.confidence or "-", e.evidence or "-") for e in page.evidence])
        if page.dominance is not None:
            doc.add_heading("Dominance over time", level=2)
            doc.add_paragraph(page.dominance.text)
    if report.more_loops:
        doc.add_paragraph(f"{report.more_loops} longer loops are not shown; cld-editor loops lists them all.")

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_heading("System archetypes", level=1)
    if not report.archetypes:
        doc.add_paragraph("No system archetype was found in the loops of this diagram.")
    for a in report.archetypes:
        doc.add_heading(f"{a.title} ({a.class_title.lower()})", level=2)
        doc.add_paragraph(a.class_sentence)
        doc.add_paragraph("Loops: " + ", ".join(a.loops) + ".")
        _table(doc, ("Variable", "Role"), a.roles)
        doc.add_paragraph(a.explanation)
        lever = doc.add_paragraph()
        lever.add_run("Leverage: ").bold = True
        lever.add_run(a.leverage)
        if a.question:
            ask = doc.add_paragraph()
            ask.add_run("Only you can tell: ").bold = True
            ask.add_run(a.question)

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_heading("Leverage: loops through each variable", level=1)
    _table(doc, ("Variable", "Loops through it"), [(n, str(c)) for n, c in report.leverage])
    doc.add_heading("Warnings", level=1)
    for w in report.warnings or ["None."]:
        doc.add_paragraph(w, style="List Bullet" if report.warnings else None)
    doc.add_heading("Notes", level=1)
    for n in report.notes or ["None."]:
        doc.add_paragraph(n)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _table(doc, header: tuple[str, ...], rows) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = str(text)
