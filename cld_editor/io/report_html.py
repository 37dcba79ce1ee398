"""The loop story book as one HTML file (``cld-editor report FILE OUT.html``).

The file stands alone: styles inline, the diagram as inline SVG (the same
drawing as ``cld-editor export``), no script and nothing fetched.  Every
figure has alt text (``role="img"`` with ``aria-label``); a loop's polarity is
told by letter, sign and badge shape (circle for reinforcing, square for
balancing) as well as colour; colours meet WCAG AA contrast on white.
Printed, each loop starts a new page.

Examples
--------
>>> from cld_editor.core import Diagram
>>> from cld_editor.io.report_model import build_report
>>> d = Diagram(title="Club")
>>> a, b = d.new_variable("Members"), d.new_variable("Word of mouth")
>>> _ = d.new_link(a.id, b.id); _ = d.new_link(b.id, a.id)
>>> page = report_html(build_report(d), '<svg xmlns="http://www.w3.org/2000/svg"></svg>')
>>> "<h2" in page and 'aria-label="Reinforcing loop' in page and "http" not in page.replace(SVG_NS, "")
True
"""

from __future__ import annotations

import re
from html import escape

from .report_model import POLARITY_SIGN, DominanceSummary, LoopPage, Report

SVG_NS = "http://www.w3.org/2000/svg"
ARROW = " \u2192 "

# Text #1b1b1b on white is 16.9:1; the polarity colours are 7.0:1 (R) and 7.5:1 (B) on white.
COLOURS = {"R": "#a4262c", "B": "#0b4f8a", "?": "#5c5c5c"}

STYLE = """
body { font: 16px/1.5 "DejaVu Sans", Arial, sans-serif; color: #1b1b1b; background: #fff; margin: 0 auto;
       max-width: 60em; padding: 1.5em; }
h1 { font-size: 1.9em; margin: 0 0 .3em; } h2 { font-size: 1.4em; margin: 1.2em 0 .4em; }
h3 { font-size: 1.1em; margin: 1em 0 .3em; }
.summary { font-size: 1.05em; } .muted { color: #4a4a4a; }
figure { margin: 1em 0; } figure svg.diagram { width: 100%; height: auto; border: 1px solid #8a8a8a; }
figcaption { color: #4a4a4a; font-size: .9em; }
.badge { display: inline-flex; align-items: center; gap: .4em; font-weight: bold; }
.R { color: #a4262c; } .B { color: #0b4f8a; } .U { color: #5c5c5c; }
ol.members { padding-left: 1.4em; } table { border-collapse: collapse; margin: .5em 0; }
th, td { border: 1px solid #8a8a8a; padding: .25em .6em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } td.num { text-align: right; }
.question { border-left: 4px solid #0b4f8a; padding-left: .8em; }
section.page { break-before: page; page-break-before: always; }
@media screen { section.page { border-top: 2px solid #d0d0d0; margin-top: 2em; } }
"""


def inline_svg(svg: str, css_class: str = "diagram") -> str:
    """An SVG document made ready to sit inside HTML: no XML prolog or doctype, a class for styling."""
    svg = re.sub(r"<\?xml[^>]*\?>", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>", "", svg, flags=re.IGNORECASE)
    svg = svg.strip()
    return re.sub(r"<svg\b", f'<svg class="{css_class}" aria-hidden="true" focusable="false"', svg, count=1)


def badge(polarity: str, word: str) -> str:
    """The polarity badge: a circle (R), a square (B) or a diamond (?) with the sign inside, and the words."""
    colour = COLOURS[polarity]
    sign = POLARITY_SIGN[polarity]
    if polarity == "R":
        shape = f'<circle cx="12" cy="12" r="10" fill="none" stroke="{colour}" stroke-width="2.5"/>'
    elif polarity == "B":
        shape = f'<rect x="2.5" y="2.5" width="19" height="19" fill="none" stroke="{colour}" stroke-width="2.5"/>'
    else:
        shape = f'<path d="M12 1 L23 12 L12 23 L1 12 Z" fill="none" stroke="{colour}" stroke-width="2.5"/>'
    label = f"{word.capitalize()} loop ({polarity}, sign {sign})"
    return (f'<span class="badge {"U" if polarity == "?" else polarity}">'
            f'<svg width="24" height="24" viewBox="0 0 24 24" role="img" aria-label="{escape(label)}">{shape}'
            f'<text x="12" y="17" text-anchor="middle" font-size="14" font-weight="bold" fill="{colour}">'
            f'{escape(sign)}</text></svg>{escape(polarity)} ({escape(sign)}) {escape(word)}</span>')


def sparkline(d: DominanceSummary, loop: str, width: int = 420, height: int = 90) -> str:
    """A small chart of a loop's share over the run, with its alt text."""
    times, shares = d.times, d.shares
    t0, t1 = times[0], times[-1] if times[-1] > times[0] else times[0] + 1
    mid = height / 2
    points = " ".join(f"{(t - t0) / (t1 - t0) * (width - 2) + 1:.1f},{mid - s * (mid - 4):.1f}"
                      for t, s in zip(times, shares))
    alt = f"Share of loop {loop} in the behaviour over time, from t = {t0:g} to t = {t1:g}. {d.text}"
    return (f'<figure><svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{escape(alt)}"><rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" '
            f'fill="#fff" stroke="#8a8a8a"/><line x1="0" y1="{mid}" x2="{width}" y2="{mid}" stroke="#8a8a8a" '
            f'stroke-dasharray="4 3"/><polyline points="{points}" fill="none" stroke="#1b1b1b" stroke-width="2"/>'
            f'</svg><figcaption>Share of the behaviour over time (above the dashed line: reinforcing, below: '
            f'balancing). {escape(d.text)}</figcaption></figure>')


def _loop_section(page: LoopPage) -> str:
    parts = [f'<section class="page loop" id="loop-{escape(page.name)}">',
             f"<h2>Loop {escape(page.heading)}</h2>",
             f"<p>{badge(page.polarity, page.polarity_word)}"
             + (' <span class="muted">with a delay</span>' if page.delayed else "") + "</p>",
             "<h3>Members, in loop order</h3>",
             '<ol class="members">' + "".join(f"<li>{escape(m)}</li>" for m in page.members) + "</ol>",
             f"<p>{escape(ARROW.join(page.members + page.members[:1]))}</p>",
             "<h3>Story</h3>", f"<p>{escape(page.story)}</p>"]
    if page.archetypes:
        parts.append("<h3>Archetype</h3><p>Part of: " + ", ".join(escape(a) for a in page.archetypes) + ".</p>")
    if page.evidence:
        parts.append("<h3>Evidence and confidence</h3><table><tr><th>Link</th><th>Confidence</th><th>Evidence</th></tr>"
                     + "".join(f"<tr><td>{escape(e.link)}</td><td>{escape(e.confidence or '-')}</td>"
                               f"<td>{escape(e.evidence or '-')}</td></tr>" for e in page.evidence) + "</table>")
    if page.dominance is not None:
        parts.append("<h3>Dominance over time</h3>" + sparkline(page.dominance, page.name))
    parts.append("</section>")
    return "\n".join(parts)


def report_html(report: Report, diagram_svg: str) -> str:
    """The whole report as one HTML document; ``diagram_svg`` is the diagram drawn as SVG."""
    out = ['<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(report.title)}: loop story book</title><style>{STYLE}</style></head><body>",
           f"<header><h1>{escape(report.title)}</h1>"]
    if report.author:
        out.append(f'<p class="muted">By {escape(report.author)}</p>')
    if report.description:
        out.append(f"<p>{escape(report.description)}</p>")
    out.append(f'<p class="summary">{escape(report.summary)}</p></header>')
    out.append(f'<figure role="img" aria-label="{escape(report.diagram_alt)}">{inline_svg(diagram_svg)}'
               f"<figcaption>Figure 1. The diagram. {escape(report.diagram_alt)}</figcaption></figure>")
    out.extend(_loop_section(page) for page in report.loops)
    if report.more_loops:
        out.append(f"<p>{report.more_loops} longer loops are not shown; `cld-editor loops` lists them all.</p>")
    out.append('<section class="page" id="archetypes"><h2>System archetypes</h2>')
    if not report.archetypes:
        out.append("<p>No system archetype was found in the loops of this diagram.</p>")
    for a in report.archetypes:
        out.append(f"<h3>{escape(a.title)} ({escape(a.class_title.lower())})</h3>"
                   f'<p class="muted">{escape(a.class_sentence)}</p>'
                   f"<p>Loops: {escape(', '.join(a.loops))}.</p>"
                   "<table><tr><th>Variable</th><th>Role</th></tr>"
                   + "".join(f"<tr><td>{escape(n)}</td><td>{escape(r)}</td></tr>" for n, r in a.roles)
                   + f"</table><p>{escape(a.explanation)}</p><p><strong>Leverage:</strong> {escape(a.leverage)}</p>")
        if a.question:
            out.append(f'<p class="question"><strong>Only you can tell:</strong> {escape(a.question)}</p>')
    out.append("</section>")
    out.append('<section class="page" id="leverage"><h2>Leverage: loops through each variable</h2>'
               "<table><tr><th>Variable</th><th>Loops through it</th></tr>"
               + "".join(f'<tr><td>{escape(n)}</td><td class="num">{c}</td></tr>' for n, c in report.leverage)
               + "</table></section>")
    out.append('<section id="warnings"><h2>Warnings</h2>'
               + ("<ul>" + "".join(f"<li>{escape(w)}</li>" for w in report.warnings) + "</ul>"
                  if report.warnings else "<p>None.</p>") + "</section>")
    out.append('<section id="notes"><h2>Notes</h2>'
               + ("".join(f"<p>{escape(n)}</p>" for n in report.notes) if report.notes else "<p>None.</p>")
               + "</section></body></html>")
    return "\n".join(out) + "\n"
