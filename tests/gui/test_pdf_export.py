"""The PDF is the picture the SVG and the screen show: same type size relative to the drawing, every name whole.

The PDF is read back with pdfplumber (its words, their sizes and boxes) and
the SVG with ElementTree; nothing here trusts the exporter's own numbers.
"""

from __future__ import annotations

import re
import statistics
import xml.etree.ElementTree as ET
from pathlib import Path

import pdfplumber
import pytest

from cld_editor.core import Diagram
from cld_editor.gui.export import PageOptions, export_diagram_headless
from cld_editor.io import load

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

SVG = "{http://www.w3.org/2000/svg}"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.cld"))
A4, LETTER = (595.3, 841.9), (612.0, 792.0)


def _matrix(text: str | None) -> tuple[float, ...]:
    if not text:
        return (1, 0, 0, 1, 0, 0)
    numbers = [float(n) for n in re.findall(r"-?[\d.]+(?:e-?\d+)?", text)]
    return tuple(numbers) if text.startswith("matrix") else (1, 0, 0, 1, *numbers[:2])


def svg_texts(path: Path) -> list[tuple[str, float, float, float]]:
    """(text, left x, baseline y, size) of every text element, in the viewBox's units."""
    found = []

    def walk(node: ET.Element, m: tuple[float, ...]) -> None:
        own = _matrix(node.get("transform"))
        a, b, c, d, e, f = m
        a2, b2, c2, d2, e2, f2 = own
        m = (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e,
             b * e2 + d * f2 + f)
        if node.tag == SVG + "text" and (node.text or "").strip():
            x, y = float(node.get("x", 0)), float(node.get("y", 0))
            size = float(re.match(r"[\d.]+", node.get("font-size", "0")).group()) * m[0]
            found.append((node.text.strip(), m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5], size))
        for child in node:
            walk(child, m)

    walk(ET.parse(path).getroot(), (1, 0, 0, 1, 0, 0))
    return found


def name_lines(diagram: Diagram) -> list[tuple[str, list[str]]]:
    """Each variable's name and the lines the canvas wraps it into (as the items draw them)."""
    from cld_editor.gui.canvas.variable_item import canvas_font, wrap_lines
    from PySide6.QtGui import QFontMetricsF

    metrics = QFontMetricsF(canvas_font())
    return [(v.name, wrap_lines(v.name, metrics)) for v in diagram.variables.values()]


def pdf_lines(words: list[dict]) -> list[dict]:
    """Words joined into runs on one baseline with word gaps (as a reader sees a line of a name)."""
    runs: list[dict] = []
    for w in sorted(words, key=lambda w: (round(w["bottom"], 1), w["x0"])):
        last = runs[-1] if runs else None
        if last and abs(last["bottom"] - w["bottom"]) < 0.5 and 0 <= w["x0"] - last["x1"] < w["size"] * 0.6:
            last["text"] += " " + w["text"]
            last["x1"], last["top"] = w["x1"], min(last["top"], w["top"])
        else:
            runs.append(dict(w))
    return runs


def export_both(diagram: Diagram, tmp_path: Path) -> tuple[Path, Path]:
    svg, pdf = tmp_path / "d.svg", tmp_path / "d.pdf"
    export_diagram_headless(diagram, svg)
    export_diagram_headless(diagram, pdf)
    return svg, pdf


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_pdf_type_matches_the_svg_and_every_name_is_whole(qapp, tmp_path, path):
    diagram = load(path).diagram
    svg, pdf = export_both(diagram, tmp_path)
    names = name_lines(diagram)
    wanted = {line for _, lines in names for line in lines}
    svg_names = [t for t in svg_texts(svg) if t[0] in wanted]
    assert {t[0] for t in svg_names} == wanted
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == 1
        page = doc.pages[0]
        assert not page.images  # vector: text stays text, lines stay lines
        words = page.extract_words(extra_attrs=["size"])
        paper = (page.width, page.height)
        runs = [r for r in pdf_lines(words) if r["text"] in wanted]
        # Every line of every name is there whole, and on the page.
        assert {r["text"] for r in runs} == wanted
        for r in runs:
            assert 0 <= r["x0"] and r["x1"] <= page.width and 0 <= r["top"] and r["bottom"] <= page.height
        # No name's text runs into another line of text (type too large for its box does).
        for i, a in enumerate(runs):
            for b in runs[i + 1:]:
                assert a["x1"] <= b["x0"] or b["x1"] <= a["x0"] or a["bottom"] <= b["top"] + 0.5 or \
                    b["bottom"] <= a["top"] + 0.5, (a["text"], b["text"])
    # Type size relative to the drawing: the drawing's scale is how far apart the names sit.
    svg_left = {t[0]: t[1] for t in svg_names}
    pdf_left = {r["text"]: r["x0"] for r in runs}
    keys = sorted(wanted, key=lambda k: svg_left[k])
    svg_span = svg_left[keys[-1]] - svg_left[keys[0]]
    pdf_span = pdf_left[keys[-1]] - pdf_left[keys[0]]
    assert svg_span > 50
    scale = pdf_span / svg_span
    svg_size = statistics.median(t[3] for t in svg_names)
    pdf_size = statistics.median(r["size"] for r in runs)
    assert pdf_size / scale == pytest.approx(svg_size, rel=0.2)
    # On a real sheet of paper, whichever way round.
    assert any(abs(paper[0] - w) < 1 and abs(paper[1] - h) < 1 for w, h in (A4, A4[::-1], LETTER, LETTER[::-1]))


def test_svg_type_is_the_size_the_canvas_draws(qapp, tmp_path):
    """The SVG (and so the PDF) shows names at the size the window and the PNG show them."""
    from cld_editor.gui.canvas.variable_item import canvas_font
    from PySide6.QtGui import QFontInfo

    diagram = load(EXAMPLES / "worklessness-stoke.cld").diagram
    svg = tmp_path / "d.svg"
    export_diagram_headless(diagram, svg)
    canvas_px = QFontInfo(canvas_font()).pixelSize()
    sizes = [t[3] for t in svg_texts(svg) if t[0] == "Worklessness"]
    assert sizes and all(size == pytest.approx(canvas_px, rel=0.05) for size in sizes)


def test_pdf_page_title_legend_and_embedded_fonts(qapp, tmp_path):
    diagram = load(EXAMPLES / "worklessness-stoke.cld").diagram
    diagram.title = "Worklessness and jobs"
    pdf = tmp_path / "d.pdf"
    export_diagram_headless(diagram, pdf, page=PageOptions(paper="letter", title=diagram.title, legend=True))
    data = pdf.read_bytes()
    assert b"/FontFile2" in data or b"/FontFile3" in data  # fonts embedded, not just named
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        assert sorted((round(page.width), round(page.height))) == [612, 792]
        text = page.extract_text()
        words = page.extract_words(extra_attrs=["size"])
    assert "Worklessness and jobs" in text
    assert all(phrase in text for phrase in ("reinforcing loop", "balancing loop", "same direction",
                                             "opposite direction", "delay"))
    title = [w for w in words if w["text"] == "jobs" and w["size"] > 12]
    assert title and title[0]["top"] < 60  # at the top of the page, larger than the names
    legend = [w for w in words if w["text"] == "reinforcing"]
    assert legend and legend[0]["bottom"] > page.height - 60


def test_wide_diagram_turns_the_page(qapp, tmp_path):
    d = Diagram()
    ids = [d.new_variable(f"Stage {i}", i * 260, (i % 2) * 60).id for i in range(8)]
    for a, b in zip(ids, ids[1:]):
        d.new_link(a, b, "+")
    pdf = tmp_path / "wide.pdf"
    export_diagram_headless(d, pdf, page=PageOptions(paper="a4"))
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        assert page.width > page.height
        stages = [w for w in page.extract_words() if w["text"] == "Stage"]
    assert len(stages) == 8


def test_cli_pdf_page_options(cli, tmp_path):
    source = EXAMPLES / "worklessness-stoke.cld"
    result = cli("export", source, "out.pdf", "--page", "letter", "--no-title", "--legend")
    assert result.returncode == 0, result.stderr
    with pdfplumber.open(tmp_path / "out.pdf") as doc:
        page = doc.pages[0]
        text = page.extract_text()
        assert sorted((round(page.width), round(page.height))) == [612, 792]
    assert "balancing loop" in text and "Stoke" not in text
    titled = cli("export", source, "titled.pdf", "--title", "Board paper, figure 2")
    assert titled.returncode == 0, titled.stderr
    with pdfplumber.open(tmp_path / "titled.pdf") as doc:
        assert "Board paper, figure 2" in doc.pages[0].extract_text()


@pytest.mark.parametrize("flags", [["--legend"], ["--page", "a4"], ["--no-title"], ["--title", "X"]])
def test_cli_page_options_are_refused_for_images(cli, tmp_path, flags):
    result = cli("export", EXAMPLES / "worklessness-stoke.cld", "out.png", *flags)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "PDF" in lines[0]
    assert not (tmp_path / "out.png").exists()


def test_print_preview_paints_the_same_page(qtbot, tmp_path):
    """File > Print's preview composes the page as the PDF does; its switches add and drop title and legend."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

    from cld_editor.gui.canvas import DiagramScene
    from cld_editor.gui.dialogs.print_preview import PrintPreview

    diagram = load(EXAMPLES / "worklessness-stoke.cld").diagram
    scene = DiagramScene(diagram)
    for variable in list(diagram.variables.values()):  # drawn three times as wide as high: it must print on its side
        diagram.update_variable(variable.id, x=variable.x * 3)
    preview = PrintPreview(scene, "Worklessness board paper")
    qtbot.addWidget(preview)
    assert preview.findChild(QPrintPreviewWidget) is not None
    assert preview.show_title.isChecked() and preview.show_legend.isChecked()

    def printed(name: str) -> str:
        printer = preview.printer
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / name))
        preview.paintRequested.emit(printer)  # what the preview and the Print button do
        with pdfplumber.open(tmp_path / name) as doc:
            page = doc.pages[0]
            assert page.width > page.height  # the page is turned to fit the wide drawing
            return page.extract_text()

    both = printed("both.pdf")
    assert "Worklessness board paper" in both and "balancing loop" in both and "Back-to-work" in both
    preview.show_title.setChecked(False)
    preview.show_legend.setChecked(False)
    bare = printed("bare.pdf")
    assert "board paper" not in bare and "balancing loop" not in bare and "Back-to-work" in bare
    scene.detach()
