"""The size of a variable's label as the canvas draws it, without Qt.

The canvas (``gui/canvas/variable_item.py``) draws a name in the default sans
font at 10.5 pt, word-wrapped greedily at 140 px, with 6 px of padding left and
right (10 px for a stock) and 4 px above and below (7 px for a stock).  The
layout and its quality score need the same boxes, so this module mirrors that
rule with the font's advance widths measured once (DejaVu Sans, the font Qt
picks on the machines that export and test; other sans fonts are within a few
per cent).

Examples
--------
>>> w, h = label_size("Worklessness")
>>> round(w), round(h)
(107, 24)
>>> label_size("Availability of affordable childcare")[1] > h  # wraps to two lines
True
"""

from __future__ import annotations

from typing import Callable

#: Width of the wrapped text before a new line starts (px), the canvas's WRAP_WIDTH.
WRAP_WIDTH = 140.0
#: Height of one line of the canvas font (px).
LINE_HEIGHT = 16.28125
PAD_X, PAD_Y = 6.0, 4.0
STOCK_PAD_X, STOCK_PAD_Y = 10.0, 7.0

# Advance widths (px) of DejaVu Sans at 10.5 pt, as QFontMetricsF reports them.
_WIDTHS = {
    " ": 4.438, "!": 5.609, '"': 6.438, "#": 11.719, "$": 8.906, "%": 13.297, "&": 10.906, "'": 3.844,
    "(": 5.453, ")": 5.453, "*": 7.0, "+": 11.719, ",": 4.438, "-": 5.047, ".": 4.438, "/": 4.703,
    ":": 4.703, ";": 4.703, "<": 11.719, "=": 11.719, ">": 11.719, "?": 7.422, "@": 14.0,
    "A": 9.562, "B": 9.594, "C": 9.766, "D": 10.766, "E": 8.844, "F": 8.047, "G": 10.844, "H": 10.516,
    "I": 4.125, "J": 4.125, "K": 9.172, "L": 7.797, "M": 12.078, "N": 10.469, "O": 11.016, "P": 8.438,
    "Q": 11.016, "R": 9.719, "S": 8.875, "T": 8.547, "U": 10.234, "V": 9.562, "W": 13.828, "X": 9.578,
    "Y": 8.547, "Z": 9.578, "[": 5.453, "\\": 4.703, "]": 5.453, "^": 11.719, "_": 7.0, "`": 7.0,
    "a": 8.578, "b": 8.875, "c": 7.688, "d": 8.875, "e": 8.609, "f": 4.922, "g": 8.875, "h": 8.859,
    "i": 3.875, "j": 3.875, "k": 8.094, "l": 3.875, "m": 13.625, "n": 8.859, "o": 8.562, "p": 8.875,
    "q": 8.875, "r": 5.75, "s": 7.281, "t": 5.484, "u": 8.859, "v": 8.281, "w": 11.438, "x": 8.281,
    "y": 8.281, "z": 7.344, "{": 8.906, "|": 4.703, "}": 8.906, "~": 11.719,
}
_DIGIT = 8.906
_WIDE = 14.0  # CJK and other wide characters


def text_width(text: str) -> float:
    """Width of one line of canvas text in pixels.

    Examples
    --------
    >>> text_width("Jobs") < text_width("Worklessness")
    True
    >>> text_width("")
    0.0
    """
    total = 0.0
    for ch in text:
        w = _WIDTHS.get(ch)
        if w is None:
            w = _DIGIT if ch.isdigit() or ord(ch) < 0x1100 else _WIDE
        total += w
    return total


def wrap_lines(text: str, width: float = WRAP_WIDTH, measure: Callable[[str], float] = text_width) -> list[str]:
    """Greedy word wrap as the canvas does it; an over-long word stays whole.

    ``measure`` gives a text's width: the canvas passes its font's, layout uses :func:`text_width`.

    Examples
    --------
    >>> wrap_lines("Availability of affordable childcare")
    ['Availability of', 'affordable childcare']
    >>> wrap_lines("Jobs")
    ['Jobs']
    """
    if measure(text) <= width:
        return [" ".join(text.split())]
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if current and measure(trial) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current or not lines:
        lines.append(current)
    return lines


def label_size(name: str, kind: str = "auxiliary") -> tuple[float, float]:
    """``(width, height)`` in pixels of the label box the canvas draws for a variable.

    Links stop at this box, and two boxes must not overlap.

    Examples
    --------
    >>> label_size("Stock", "stock")[0] - label_size("Stock")[0]
    8.0
    """
    lines = wrap_lines(name)
    w = max((text_width(line) for line in lines), default=10.0) or 10.0
    pad_x, pad_y = (STOCK_PAD_X, STOCK_PAD_Y) if kind == "stock" else (PAD_X, PAD_Y)
    return w + 2 * pad_x, LINE_HEIGHT * len(lines) + 2 * pad_y
