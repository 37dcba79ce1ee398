"""One self-contained interactive HTML page (``cld-editor export FILE OUT.html``).

For colleagues without the program: the diagram as SVG, its loops listed;
clicking a loop highlights exactly its links and variables and tells its
story; the arrow keys step through the loops as presentation mode does; the
archetypes found are listed and highlight their loops.  Scripts, styles and
fonts are inline and nothing is fetched: the page works offline and makes no
network request.  Text from the diagram reaches the page only as escaped
HTML or as JSON set with ``textContent`` (never parsed as markup).

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram(title="Club")
>>> a, b = d.new_variable("Members", 0, 0), d.new_variable("Word of mouth", 200, 0)
>>> _ = d.new_link(a.id, b.id); _ = d.new_link(b.id, a.id)
>>> page = interactive_page(d)
>>> '"name": "R1"' in page, "<script src" in page, "</script>" in page
(True, False, True)
"""

from __future__ import annotations

import json
import time
from html import escape

from ..analysis.archetypes import CLASS_TITLES, explain, find_archetypes, leverage, role_title
from ..analysis.loops import count_loops, find_loops
from ..analysis.stories import loop_story, story_label
from ..core.diagram import Diagram
from .svg_diagram import diagram_svg

# A page a person steps through: past this many loops the rest are counted, not listed.
MAX_LOOPS = 300
COUNT_SECONDS = 10.0

STYLE = """
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 "DejaVu Sans", Arial, sans-serif; color: #1b1b1b; background: #fff;
       display: grid; grid-template-columns: minmax(0, 1fr) 22em; height: 100vh; }
main { overflow: auto; padding: 1em; }
aside { display: flex; flex-direction: column; overflow: hidden; border-left: 1px solid #8a8a8a; background: #f7f7f7; }
aside .lists { flex: 1 1 auto; overflow: auto; padding: 0 1em 1em; }
h1 { font-size: 1.4em; margin: 0 0 .2em; } h2 { font-size: 1.1em; margin: 1em 0 .3em; }
.muted { color: #4a4a4a; } .hint { font-size: .9em; color: #4a4a4a; }
svg.cld { max-width: 100%; height: auto; display: block; }
svg.cld .var rect { fill: #fff; stroke: #4a4a4a; stroke-width: 1; }
svg.cld .var[data-kind="stock"] rect { stroke-width: 2.2; }
svg.cld .var text { font-size: 14px; text-anchor: middle; fill: #1b1b1b; }
svg.cld .link .curve { fill: none; stroke: #4a4a4a; stroke-width: 1.4; }
svg.cld .link .hit { fill: none; stroke: transparent; stroke-width: 10; }
svg.cld .link .head { fill: #4a4a4a; } svg.cld .link .delay { stroke: #4a4a4a; stroke-width: 1.6; }
svg.cld .link .sign { font-size: 17px; font-weight: bold; text-anchor: middle; }
svg.cld .looplabel circle, svg.cld .looplabel rect { fill: #fff; stroke: #5c5c5c; }
svg.cld .looplabel text { font-size: 12px; font-weight: bold; text-anchor: middle; fill: #1b1b1b; }
body.focus svg.cld .link, body.focus svg.cld .var, body.focus svg.cld .looplabel { opacity: .22; }
body.focus svg.cld .link.on, body.focus svg.cld .var.on { opacity: 1; }
svg.cld .link.on .curve { stroke: #1b1b1b; stroke-width: 3.2; } svg.cld .link.on .head { fill: #1b1b1b; }
svg.cld .var.on rect { stroke: #1b1b1b; stroke-width: 2.6; fill: #fff6d5; }
ol.loops { list-style: none; padding: 0; margin: 0; }
ol.loops button, ul.archetypes button { width: 100%; text-align: left; font: inherit; color: inherit;
       background: #fff; border: 1px solid #8a8a8a; border-radius: 4px; padding: .35em .5em; margin: .15em 0;
       cursor: pointer; }
ol.loops button[aria-pressed="true"], ul.archetypes button[aria-pressed="true"] { background: #1b1b1b; color: #fff;
       border-color: #1b1b1b; }
button:focus-visible { outline: 3px solid #0b4f8a; outline-offset: 2px; }
.shape { display: inline-block; width: 1.1em; text-align: center; font-weight: bold; }
.R { color: #a4262c; } .B { color: #0b4f8a; } .U { color: #5c5c5c; }
button[aria-pressed="true"] .R, button[aria-pressed="true"] .B, button[aria-pressed="true"] .U { color: #fff; }
ul.archetypes { list-style: none; padding: 0; margin: 0; }
#story { flex: 0 0 auto; margin: 1em; max-height: 50vh; overflow: auto; background: #fff; border: 1px solid #8a8a8a; border-radius: 4px; padding: .6em; min-height: 4em; }
#story table { border-collapse: collapse; margin: .4em 0; } #story td { border: 1px solid #8a8a8a; padding: .1em .4em; }
@media (max-width: 900px) { body { display: block; height: auto; } aside { border-left: 0; overflow: visible; }
       aside .lists { overflow: visible; } }
"""

SCRIPT = """
(function () {
  const data = JSON.parse(document.getElementById('cld-data').textContent);
  const story = document.getElementById('story');
  const buttons = Array.from(document.querySelectorAll('[data-loop-index]'));
  const archButtons = Array.from(document.querySelectorAll('[data-archetype-index]'));
  let current = -1;
  function clear() {
    document.body.classList.remove('focus');
    document.querySelectorAll('svg.cld .on').forEach(function (el) { el.classList.remove('on'); });
    buttons.concat(archButtons).forEach(function (b) { b.setAttribute('aria-pressed', 'false'); });
  }
  function light(linkIds, varIds) {
    document.body.classList.add('focus');
    linkIds.forEach(function (id) {
      const el = document.querySelector('svg.cld .link[data-link="' + CSS.escape(id) + '"]');
      if (el) el.classList.add('on');
    });
    varIds.forEach(function (id) {
      const el = document.querySelector('svg.cld .var[data-var="' + CSS.escape(id) + '"]');
      if (el) el.classList.add('on');
    });
  }
  function para(text, strong) {
    const p = document.createElement('p');
    if (strong) { const b = document.createElement('strong'); b.textContent = strong; p.appendChild(b); }
    p.appendChild(document.createTextNode(text));
    return p;
  }
  function showLoop(i) {
    clear();
    current = i;
    const loop = data.loops[i];
    light(loop.links, loop.variables);
    buttons[i].setAttribute('aria-pressed', 'true');
    buttons[i].scrollIntoView({block: 'nearest'});
    story.replaceChildren();
    const h = document.createElement('h2');
    h.textContent = loop.heading + ' \\u2013 ' + loop.badge;
    story.appendChild(h);
    story.appendChild(para(loop.members.concat(loop.members.slice(0, 1)).join(' \\u2192 ')));
    story.appendChild(para(loop.story));
    if (loop.archetypes.length) story.appendChild(para(loop.archetypes.join(', ') + '.', 'Archetype: '));
    story.appendChild(para('Loop ' + (i + 1) + ' of ' + data.loops.length + '. Arrow keys step through the loops.'));
  }
  function showArchetype(i) {
    clear();
    current = -1;
    const a = data.archetypes[i];
    let links = [], vars = [];
    a.loops.forEach(function (j) { links = links.concat(data.loops[j].links); vars = vars.concat(data.loops[j].variables); });
    light(links, vars);
    archButtons[i].setAttribute('aria-pressed', 'true');
    story.replaceChildren();
    const h = document.createElement('h2');
    h.textContent = a.title + ' (' + a.cls + ')';
    story.appendChild(h);
    const table = document.createElement('table');
    a.roles.forEach(function (r) {
      const tr = table.insertRow();
      tr.insertCell().textContent = r[0];
      tr.insertCell().textContent = r[1];
    });
    story.appendChild(table);
    story.appendChild(para(a.explanation));
    story.appendChild(para(a.leverage, 'Leverage: '));
    if (a.question) story.appendChild(para(a.question, 'Only you can tell: '));
  }
  buttons.forEach(function (b, i) { b.addEventListener('click', function () { showLoop(i); }); });
  archButtons.forEach(function (b, i) { b.addEventListener('click', function () { showArchetype(i); }); });
  document.querySelectorAll('svg.cld .link').forEach(function (el) {
    el.addEventListener('click', function () {
      const id = el.getAttribute('data-link');
      const i = data.loops.findIndex(function (lp) { return lp.links.indexOf(id) >= 0; });
      if (i >= 0) showLoop(i);
    });
  });
  document.addEventListener('keydown', function (e) {
    if (!data.loops.length) return;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') {
      showLoop((current + 1) % data.loops.length); e.preventDefault();
    } else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') {
      showLoop((current - 1 + data.loops.length) % data.loops.length); e.preventDefault();
    } else if (e.key === 'Escape') {
      clear(); current = -1; story.replaceChildren(para('Choose a loop or an archetype.'));
    }
  });
})();
"""

SHAPES = {"R": "\u25cf", "B": "\u25a0", "?": "\u25c6"}
SIGNS = {"R": "+", "B": "\u2212", "?": "?"}


def _json_for_script(value) -> str:
    """JSON that cannot end the ``<script>`` element it sits in."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("<", "\\u003c").replace(">", "\\u003e")


def interactive_page(diagram: Diagram) -> str:
    """The whole page as a string."""
    found = find_loops(diagram, limit=MAX_LOOPS)
    loops = found.loops
    matches = find_archetypes(diagram)
    index = {loop.name: i for i, loop in enumerate(loops)}
    in_archetype: dict[str, list[str]] = {}
    for m in matches:
        for loop in m.loops:
            in_archetype.setdefault(loop.name, []).append(m.title)
    data_loops = []
    for loop in loops:
        label = story_label(diagram, loop)
        heading = f"{loop.name} {label.name}".strip() if label is not None else loop.name
        data_loops.append({
            "name": loop.name, "heading": heading, "polarity": loop.polarity,
            "badge": f"{loop.polarity} ({SIGNS[loop.polarity]}) {loop.polarity_word}",
            "links": list(loop.links), "variables": list(loop.variables),
            "members": loop.variable_names(diagram), "story": loop_story(diagram, loop),
            "archetypes": sorted(set(in_archetype.get(loop.name, []))),
        })
    data_arch = [{
        "title": m.title, "cls": CLASS_TITLES[m.generic_class].lower(),
        "loops": [index[lp.name] for lp in m.loops if lp.name in index],
        "roles": [[name, role_title(role)] for name, role in m.role_names(diagram).items()],
        "explanation": explain(diagram, m), "leverage": leverage(m), "question": m.question,
    } for m in matches]
    title = diagram.title or "Causal loop diagram"
    deadline = time.monotonic() + COUNT_SECONDS
    counts = found.counts() if found.complete else count_loops(diagram, should_stop=lambda: time.monotonic() > deadline)
    alt = (f"The causal loop diagram \u201c{title}\u201d with {len(diagram.variables)} variables and "
           f"{len(diagram.links)} links; its {counts.total} loops are listed beside it.")
    items = "".join(
        f'<li><button type="button" data-loop-index="{i}" aria-pressed="false">'
        f'<span class="shape {"U" if lp["polarity"] == "?" else lp["polarity"]}" aria-hidden="true">'
        f'{SHAPES[lp["polarity"]]}</span> {escape(lp["heading"])} \u2013 {escape(lp["badge"])}: '
        f'{escape(", ".join(lp["members"]))}</button></li>' for i, lp in enumerate(data_loops))
    more = (f'<p class="hint">{"At least " if not counts.complete else ""}{counts.total - len(loops)} longer loops '
            "are not listed.</p>" if counts.total > len(loops) else "")
    arch_items = "".join(
        f'<li><button type="button" data-archetype-index="{i}" aria-pressed="false">{escape(a["title"])} '
        f'({escape(a["cls"])}): loops {escape(", ".join(data_loops[j]["name"] for j in a["loops"]))}</button></li>'
        for i, a in enumerate(data_arch))
    description = f'<p class="muted">{escape(diagram.description)}</p>' if diagram.description else ""
    archetypes = f'<ul class="archetypes">{arch_items}</ul>' if data_arch else "<p>None found.</p>"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n<body>"
        f"<main><h1>{escape(title)}</h1>{description}"
        f'<figure role="img" aria-label="{escape(alt)}" style="margin:0">{diagram_svg(diagram)}</figure>'
        '<p class="hint">Links are arrows marked + (same direction) or \u2212 (opposite direction); a double '
        "bar marks a delay; a thick border marks a stock.</p></main>\n"
        '<aside><div id="story" aria-live="polite"><p>Choose a loop or an archetype; the arrow keys step '
        'through the loops.</p></div><div class="lists">'
        f"<h2>Loops ({'at least ' if not counts.complete else ''}{counts.total}: {counts.reinforcing} reinforcing "
        f"\u25cf, {counts.balancing} "
        f"balancing \u25a0)</h2>"
        f'<ol class="loops">{items}</ol>{more}'
        f"<h2>Archetypes</h2>{archetypes}"
        "</div></aside>\n"
        f'<script type="application/json" id="cld-data">{_json_for_script({"loops": data_loops, "archetypes": data_arch})}'
        f"</script>\n<script>{SCRIPT}</script></body></html>\n"
    )
