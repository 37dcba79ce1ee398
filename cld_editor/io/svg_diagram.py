"""The diagram as an SVG whose parts can be addressed: for the interactive page.

The geometry follows the canvas (``gui/canvas/link_item.py``): each link is a
quadratic curve whose middle sits ``curvature`` x chord length to the left of
travel (a straight link with a link back gets a small bend so the two never
overlap), clipped at the label boxes, with an arrowhead, the polarity as a
glyph beside it (+, \u2212, ?: never colour alone) and a double bar for a
delay.  Every link is a ``<g class="link" data-link="ID">`` and every variable
a ``<g class="var" data-var="ID">``, so a page can highlight exactly a loop's
links.  Pure Python: text widths are estimated, not measured.

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> a, b = d.new_variable("Jobs", 0, 0), d.new_variable("Income", 200, 0)
>>> _ = d.new_link(a.id, b.id, "+"); _ = d.new_link(b.id, a.id, "-", delay=True)
>>> svg = diagram_svg(d)
>>> svg.count('class="link"'), svg.count('class="var"'), "\u2212" in svg
(2, 2, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from ..core.diagram import Diagram

FONT_PX = 14.0
CHAR_W = 7.6  # average advance of the canvas font at 14 px
LINE_H = 17.0
WRAP_W = 140.0
PAD_X, PAD_Y = 6.0, 3.0
GAP = 3.0
ARROW_LEN, ARROW_HALF = 11.0, 5.0
PAIR_BEND = 0.12
INK, LINK_INK = "#1b1b1b", "#4a4a4a"
SIGN_COLOURS = {"+": "#1f6b3a", "-": "#a4262c", "?": "#5c5c5c"}
GLYPHS = {"+": "+", "-": "\u2212", "?": "?"}

Point = tuple[float, float]


@dataclass(frozen=True)
class Box:
    """A variable's label box, centred on its position."""

    x: float
    y: float
    w: float
    h: float
    lines: tuple[str, ...]

    def contains(self, p: Point, grow: float = 0.0) -> bool:
        return abs(p[0] - self.x) <= self.w / 2 + grow and abs(p[1] - self.y) <= self.h / 2 + grow


def wrap(text: str, width: float = WRAP_W) -> list[str]:
    """Break a name into lines of about ``width`` pixels, at spaces.

    Examples
    --------
    >>> wrap("Permanent Recruitment Budget for Schools")
    ['Permanent', 'Recruitment Budget', 'for Schools']
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and len(trial) * CHAR_W > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return lines + [current] if current or not lines else lines


def _box(x: float, y: float, name: str) -> Box:
    lines = tuple(wrap(name)) or ("",)
    w = max(len(line) for line in lines) * CHAR_W + 2 * PAD_X
    h = len(lines) * LINE_H + 2 * PAD_Y
    return Box(x, y, max(w, 24.0), h, lines)


def _quad(p0: Point, c: Point, p2: Point, t: float) -> Point:
    u = 1 - t
    return (u * u * p0[0] + 2 * u * t * c[0] + t * t * p2[0], u * u * p0[1] + 2 * u * t * c[1] + t * t * p2[1])


def _tangent(p0: Point, c: Point, p2: Point, t: float) -> Point:
    dx = 2 * (1 - t) * (c[0] - p0[0]) + 2 * t * (p2[0] - c[0])
    dy = 2 * (1 - t) * (c[1] - p0[1]) + 2 * t * (p2[1] - c[1])
    n = math.hypot(dx, dy) or 1.0
    return dx / n, dy / n


def _exit(p0: Point, c: Point, p2: Point, box: Box, lo: float, hi: float, leaving: bool) -> float:
    """The curve parameter where it crosses the edge of ``box`` (bisection)."""
    for _ in range(30):
        mid = (lo + hi) / 2
        inside = box.contains(_quad(p0, c, p2, mid), GAP)
        if inside == leaving:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _f(v: float) -> str:
    return f"{v:.1f}"


def _link_svg(link, src: Box, dst: Box, curvature: float) -> tuple[str, list[Point]]:
    """One link's group, and the points it covers (for the picture's bounds)."""
    p0, p2 = (src.x, src.y), (dst.x, dst.y)
    colour = SIGN_COLOURS[link.polarity]
    attrs = f'class="link" data-link="{escape(link.id)}" data-sign="{escape(link.polarity)}"'
    if link.source == link.target:
        top, cx, w = src.y - src.h / 2 - GAP, src.x, max(src.w * 0.22, 14.0)
        start, end = (cx + w, top), (cx - w, top)
        c1, c2 = (cx + w + 34, top - 46), (cx - w - 34, top - 46)
        d = (end[0] - c2[0], end[1] - c2[1])
        n = math.hypot(*d) or 1.0
        direction = (d[0] / n, d[1] / n)
        base = (end[0] - direction[0] * ARROW_LEN * 0.8, end[1] - direction[1] * ARROW_LEN * 0.8)
        path = f"M{_f(start[0])},{_f(start[1])} C{_f(c1[0])},{_f(c1[1])} {_f(c2[0])},{_f(c2[1])} {_f(base[0])},{_f(base[1])}"
        centre, tangent = (cx, top - 34.5), (-1.0, 0.0)
        points = [start, c1, c2, end]
    else:
        dx, dy = p2[0] - p0[0], p2[1] - p0[1]
        length = math.hypot(dx, dy) or 1.0
        normal = (dy / length, -dx / length)
        mid = ((p0[0] + p2[0]) / 2, (p0[1] + p2[1]) / 2)
        handle = (mid[0] + normal[0] * curvature * length, mid[1] + normal[1] * curvature * length)
        c = (handle[0] * 2 - mid[0], handle[1] * 2 - mid[1])
        t0 = _exit(p0, c, p2, src, 0.0, 0.5, True) if src.contains(p0, GAP) else 0.0
        t1 = _exit(p0, c, p2, dst, 0.5, 1.0, False) if dst.contains(p2, GAP) else 1.0
        start, end = _quad(p0, c, p2, t0), _quad(p0, c, p2, t1)
        direction = _tangent(p0, c, p2, t1)
        ctrl = tuple(p0[k] * ((1 - t0) * (1 - t1)) + c[k] * ((1 - t0) * t1 + t0 * (1 - t1)) + p2[k] * (t0 * t1)
                     for k in (0, 1))
        base = (end[0] - direction[0] * ARROW_LEN * 0.8, end[1] - direction[1] * ARROW_LEN * 0.8)
        path = f"M{_f(start[0])},{_f(start[1])} Q{_f(ctrl[0])},{_f(ctrl[1])} {_f(base[0])},{_f(base[1])}"
        tm = (t0 + t1) / 2
        centre, tangent = _quad(p0, c, p2, tm), _tangent(p0, c, p2, tm)
        points = [start, end, ctrl]
    tx, ty = end
    ddx, ddy = direction
    bx, by = tx - ddx * ARROW_LEN, ty - ddy * ARROW_LEN
    sx, sy = -ddy * ARROW_HALF, ddx * ARROW_HALF
    arrow = f"{_f(tx)},{_f(ty)} {_f(bx + sx)},{_f(by + sy)} {_f(bx - sx)},{_f(by - sy)}"
    back = ARROW_LEN + 7
    gx, gy = tx - ddx * back + ddy * 12, ty - ddy * back - ddx * 12
    parts = [f"<g {attrs}>", f'<path class="hit" d="{path}"/>', f'<path class="curve" d="{path}"/>',
             f'<polygon class="head" points="{arrow}"/>']
    if link.delay:
        side = (-tangent[1] * 8, tangent[0] * 8)
        for s in (2.5, -2.5):
            cx_, cy_ = centre[0] + tangent[0] * s, centre[1] + tangent[1] * s
            parts.append(f'<line class="delay" x1="{_f(cx_ + side[0])}" y1="{_f(cy_ + side[1])}" '
                         f'x2="{_f(cx_ - side[0])}" y2="{_f(cy_ - side[1])}"/>')
    parts.append(f'<text class="sign" x="{_f(gx)}" y="{_f(gy + 6)}" fill="{colour}">{GLYPHS[link.polarity]}</text>')
    parts.append("</g>")
    return "".join(parts), points + [(gx, gy)]


def diagram_svg(diagram: Diagram, margin: float = 30.0) -> str:
    """The diagram as one ``<svg>`` element (styles are left to the page)."""
    boxes = {v.id: _box(v.x, v.y, v.name) for v in diagram.variables.values()}
    pairs = {(link.source, link.target) for link in diagram.links.values()}
    links, points = [], []
    for link in diagram.links.values():
        curvature = link.curvature
        if curvature == 0.0 and (link.target, link.source) in pairs:
            curvature = PAIR_BEND
        svg, covered = _link_svg(link, boxes[link.source], boxes[link.target], curvature)
        links.append(svg)
        points.extend(covered)
    variables = []
    for vid, box in boxes.items():
        var = diagram.variables[vid]
        points.extend([(box.x - box.w / 2, box.y - box.h / 2), (box.x + box.w / 2, box.y + box.h / 2)])
        stock = ' data-kind="stock"' if var.kind == "stock" else ""
        text = "".join(
            f'<text x="{_f(box.x)}" y="{_f(box.y - box.h / 2 + PAD_Y + LINE_H * (i + 0.78))}">{escape(line)}</text>'
            for i, line in enumerate(box.lines))
        variables.append(f'<g class="var" data-var="{escape(vid)}"{stock}><rect x="{_f(box.x - box.w / 2)}" '
                         f'y="{_f(box.y - box.h / 2)}" width="{_f(box.w)}" height="{_f(box.h)}" rx="4"/>{text}</g>')
    labels = []
    for label in diagram.loop_labels.values():
        if label.code:
            letter = label.code[:1]
            shape = (f'<circle cx="{_f(label.x)}" cy="{_f(label.y)}" r="13"/>' if letter == "R" else
                     f'<rect x="{_f(label.x - 12)}" y="{_f(label.y - 12)}" width="24" height="24"/>')
            labels.append(f'<g class="looplabel" data-code="{escape(label.code)}">{shape}<text x="{_f(label.x)}" '
                          f'y="{_f(label.y + 5)}">{escape(label.code)}</text></g>')
            points.extend([(label.x - 14, label.y - 14), (label.x + 14, label.y + 14)])
    if not points:
        points = [(0.0, 0.0), (100.0, 100.0)]
    x0, y0 = min(p[0] for p in points) - margin, min(p[1] for p in points) - margin
    x1, y1 = max(p[0] for p in points) + margin, max(p[1] for p in points) + margin
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="cld" viewBox="{_f(x0)} {_f(y0)} {_f(x1 - x0)} '
            f'{_f(y1 - y0)}" width="{_f(x1 - x0)}" height="{_f(y1 - y0)}">'
            + "".join(labels) + "".join(links) + "".join(variables) + "</svg>")
