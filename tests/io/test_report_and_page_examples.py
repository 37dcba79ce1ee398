"""Every example gives a complete report model and interactive page (no Qt needed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cld_editor.analysis.archetypes import find_archetypes
from cld_editor.analysis.loops import find_loops
from cld_editor.io import load
from cld_editor.io.interactive_page import interactive_page
from cld_editor.io.report_model import build_report

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.cld"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_report_has_a_page_per_loop_the_archetypes_and_the_leverage_table(path):
    d = load(path).diagram
    loops = find_loops(d).loops
    report = build_report(d)
    assert [p.name for p in report.loops] == [lp.name for lp in loops]
    assert all(p.story and p.members for p in report.loops)
    assert [a.title for a in report.archetypes] == [m.title for m in find_archetypes(d)]
    assert report.leverage and report.leverage[0][1] == max(n for _, n in report.leverage)
    assert all(name in report.diagram_alt for name in (v.name for v in d.variables.values()))
    assert report.notes == [n.text for n in d.notes.values() if n.text.strip()]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_page_has_every_link_every_loop_and_the_archetypes(path):
    d = load(path).diagram
    page = interactive_page(d)
    data = json.loads(re.search(r'<script type="application/json" id="cld-data">(.*?)</script>', page, re.S).group(1))
    loops = find_loops(d).loops
    assert [lp["name"] for lp in data["loops"]] == [lp.name for lp in loops]
    assert [lp["links"] for lp in data["loops"]] == [list(lp.links) for lp in loops]
    assert len(data["archetypes"]) == len(find_archetypes(d))
    assert page.count('class="link"') == len(d.links) and page.count('class="var"') == len(d.variables)
    for link in d.links.values():
        assert f'data-link="{link.id}"' in page
