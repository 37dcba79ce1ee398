"""``cld-editor report FILE OUT.html|OUT.pdf|OUT.docx``: the loop story book, opened and checked."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cld_editor.analysis.loops import find_loops
from cld_editor.io import load, save
from tests.conftest import build

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ARCHETYPES = EXAMPLES / "archetypes.cld"


class _Figures(HTMLParser):
    """Collects images and role=img elements with their alt text, and any address fetched."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: list[tuple[str, str]] = []
        self.fetches: list[str] = []
        self.sections: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img" or a.get("role") == "img":
            self.figures.append((tag, a.get("alt") or a.get("aria-label") or ""))
        for key in ("src", "href"):
            if a.get(key):
                self.fetches.append(a[key])
        if tag == "section" and a.get("id"):
            self.sections.append(a["id"])


def test_html_report_has_the_diagram_a_page_per_loop_and_alt_text_everywhere(cli, tmp_path):
    out_path = tmp_path / "book.html"
    out = cli("report", ARCHETYPES, out_path)
    assert out.returncode == 0, out.stderr
    page = out_path.read_text(encoding="utf-8")
    parser = _Figures()
    parser.feed(page)
    d = load(ARCHETYPES).diagram
    loops = find_loops(d).loops
    assert parser.sections[:len(loops)] == [f"loop-{loop.name}" for loop in loops]
    assert {"archetypes", "leverage", "warnings", "notes"} <= set(parser.sections)
    # The diagram is inline vector SVG with the names as text, described for a screen reader.
    assert "<svg" in page and "Patch Repairs" in page and "<img" not in page
    assert parser.figures and all(alt.strip() for _, alt in parser.figures)
    assert parser.figures[0][1].startswith("The causal loop diagram")
    # Polarity by letter, sign and shape (circle / square), not colour alone.
    assert "R (+) reinforcing" in page and "B (\u2212) balancing" in page
    assert "<circle" in page and "<rect" in page
    assert not parser.fetches and "<script" not in page
    assert not re.search(r"https?://(?!www\.w3\.org/)", page)
    assert "Fixes that fail (out of control)" in page and "Leverage:" in page


def test_pdf_report_pages_and_text(cli, tmp_path):
    pdfplumber = pytest.importorskip("pdfplumber")
    out_path = tmp_path / "book.pdf"
    out = cli("report", ARCHETYPES, out_path)
    assert out.returncode == 0, out.stderr
    loops = find_loops(load(ARCHETYPES).diagram).loops
    with pdfplumber.open(out_path) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
        assert len(pdf.pages) >= 2 + len(loops) + 2
        # Cover with the figure's description, the diagram on a page of its own, then one page per loop.
        assert "Figure 1" in texts[0] and "The causal loop diagram" in texts[0]
        assert pdf.pages[1].width > pdf.pages[1].height  # a wide diagram gets a landscape page
        for loop, text in zip(loops, texts[2:]):
            assert text.startswith(f"Loop {loop.name}")
            assert "Story" in text and "Members, in loop order" in text
        rest = "\n".join(texts[2 + len(loops):])
        for heading in ("System archetypes", "Leverage: loops through each variable", "Warnings", "Notes"):
            assert heading in rest
        assert "Shifting the burden (out of control)" in rest


def test_docx_report_headings_picture_with_alt_text_and_page_breaks(cli, tmp_path):
    docx = pytest.importorskip("docx")
    out_path = tmp_path / "book.docx"
    out = cli("report", ARCHETYPES, out_path)
    assert out.returncode == 0, out.stderr
    doc = docx.Document(str(out_path))
    loops = find_loops(load(ARCHETYPES).diagram).loops
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings[:len(loops)] == [p for p in headings if p.startswith("Loop ")]
    assert [h.split()[1] for h in headings[:len(loops)]] == [loop.name for loop in loops]
    assert headings[len(loops):] == ["System archetypes", "Leverage: loops through each variable", "Warnings", "Notes"]
    [picture] = doc.inline_shapes
    assert picture._inline.docPr.get("descr").startswith("The causal loop diagram")
    breaks = doc.element.body.xml.count('w:type="page"')
    assert breaks == len(loops) + 2
    table_text = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert ["Staff Shortage", "3"] in table_text
    assert any("\u25cf R (+) reinforcing" in p.text for p in doc.paragraphs)


def test_dominance_over_time_where_the_diagram_has_equations(cli, tmp_path):
    d = build(["Population", "Births", "Deaths", "Crowding"],
              [("Population", "Births", "+"), ("Births", "Population", "+"), ("Population", "Crowding", "+"),
               ("Crowding", "Deaths", "+"), ("Deaths", "Population", "-")])
    pop = d.variable_by_name("Population")
    d.update_variable(pop.id, kind="stock", initial=10, equation="births - deaths")
    d.update_link(d.link_between(pop.id, d.variable_by_name("Births").id).id, strength=0.1)
    d.update_variable(d.variable_by_name("Crowding").id, equation="population^2 / 1000")
    src = tmp_path / "growth.cld"
    save(d, src)
    assert cli("report", src, tmp_path / "g.html").returncode == 0
    page = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert page.count("Dominance over time") == 2
    assert re.search(r'aria-label="Share of loop R1 in the behaviour over time[^"]*Dominant for', page)


def test_without_equations_there_is_no_dominance_section(cli, tmp_path):
    assert cli("report", ARCHETYPES, tmp_path / "a.html").returncode == 0
    assert "Dominance over time" not in (tmp_path / "a.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["book.txt", "book"])
def test_unknown_report_type_is_one_error_line_and_nothing_written(cli, tmp_path, name):
    out = cli("report", ARCHETYPES, tmp_path / name)
    assert out.returncode == 2 and out.stderr.startswith("error: ") and out.stderr.count("\n") == 1
    assert ".html, .pdf or .docx" in out.stderr
    assert not (tmp_path / name).exists()


def test_unreadable_diagram_writes_nothing(cli, tmp_path):
    bad = tmp_path / "bad.cld"
    bad.write_text('{"format": "cld-editor"', encoding="utf-8")
    out = cli("report", bad, tmp_path / "book.html")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert not (tmp_path / "book.html").exists()
