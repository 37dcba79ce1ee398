"""``cld-editor export FILE OUT.html``: the self-contained page, checked in a real browser.

The browser is Debian's ``chromium`` (installed by packaging/install-system-deps.sh) driven by
Playwright through ``executable_path``; Playwright's own browser download is never used.  On a
developer's machine without them the browser tests are skipped; in CI (``CI=true``) they fail.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from cld_editor.analysis.archetypes import find_archetypes
from cld_editor.analysis.loops import find_loops
from cld_editor.io import load

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _missing(what: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is not installed; CI must install it (make system-deps, pip install -e .[test])")
    pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        _missing("Debian's chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, cli, tmp_path):
    """Export ``example`` as a page, open it; yields (page, requests made, diagram)."""
    opened = []

    def run(example: str):
        out_path = tmp_path / (Path(example).stem + ".html")
        result = cli("export", EXAMPLES / example, out_path)
        assert result.returncode == 0, result.stderr
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        opened.append(context)
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(out_path.as_uri())
        page.wait_for_load_state("load")
        assert not errors
        return page, requests, load(EXAMPLES / example).diagram, out_path

    yield run
    for context in opened:
        context.close()


def _lit(page) -> tuple[set[str], set[str]]:
    links = set(page.eval_on_selector_all("svg.cld .link.on", "els => els.map(e => e.dataset.link)"))
    variables = set(page.eval_on_selector_all("svg.cld .var.on", "els => els.map(e => e.dataset.var)"))
    return links, variables


@pytest.mark.parametrize("example", ["archetypes.cld", "waiting-list-targets.cld"])
def test_clicking_a_loop_highlights_exactly_its_links_and_tells_its_story(open_page, example):
    page, requests, diagram, out_path = open_page(example)
    loops = find_loops(diagram).loops
    assert page.locator("[data-loop-index]").count() == len(loops)
    assert page.locator("svg.cld .link").count() == len(diagram.links)
    for i, loop in enumerate(loops):
        page.click(f"[data-loop-index='{i}']")
        assert _lit(page) == (set(loop.links), set(loop.variables))
        assert page.get_attribute(f"[data-loop-index='{i}']", "aria-pressed") == "true"
        story = page.inner_text("#story")
        assert loop.name in story and ("reinforcing" in story or "balancing" in story)
    # Only the page itself was loaded: no network request of any kind.
    assert requests == [out_path.as_uri()]


def test_arrow_keys_step_through_the_loops_like_presentation_mode(open_page):
    page, _, diagram, _ = open_page("archetypes.cld")
    loops = find_loops(diagram).loops
    page.keyboard.press("ArrowRight")
    assert _lit(page)[0] == set(loops[0].links)
    page.keyboard.press("ArrowRight")
    assert _lit(page)[0] == set(loops[1].links)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert _lit(page)[0] == set(loops[-1].links)  # wraps round
    page.keyboard.press("Escape")
    assert _lit(page) == (set(), set())


def test_archetypes_are_shown_and_highlight_their_loops(open_page):
    page, requests, diagram, out_path = open_page("archetypes.cld")
    matches = find_archetypes(diagram)
    assert page.locator("[data-archetype-index]").count() == len(matches)
    for i, match in enumerate(matches):
        page.click(f"[data-archetype-index='{i}']")
        assert _lit(page)[0] == {lid for loop in match.loops for lid in loop.links}
        story = page.inner_text("#story")
        assert match.title in story and "Leverage:" in story
    assert requests == [out_path.as_uri()]


def test_the_page_is_one_file_with_nothing_to_fetch(cli, tmp_path):
    out_path = tmp_path / "page.html"
    assert cli("export", EXAMPLES / "waiting-list-targets.cld", out_path).returncode == 0
    page = out_path.read_text(encoding="utf-8")
    assert not re.search(r"\b(src|href)\s*=", page)
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", page)
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page  # and the browser is told to fetch nothing


def test_names_from_the_file_cannot_inject_markup(cli, tmp_path):
    from tests.conftest import build
    from cld_editor.io import save

    evil = '</script><script>alert(1)</script><b>'
    d = build([evil, "Jobs"], [(evil, "Jobs", "+"), ("Jobs", evil, "+")])
    save(d, tmp_path / "evil.cld")
    assert cli("export", tmp_path / "evil.cld", tmp_path / "evil.html").returncode == 0
    page = (tmp_path / "evil.html").read_text(encoding="utf-8")
    assert evil not in page and page.count("<script") == 2
