"""Colours of the canvas and the window: a calm palette, light and dark.

The theme follows the system's colour scheme (``QStyleHints.colorScheme``)
unless the caller forces one.  Canvas items read their colours from the
scene's :class:`Theme`, so switching needs only a repaint, never a rebuild.
Polarity is never shown by colour alone: the glyph (+, −, ?) is always drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette


@dataclass(frozen=True)
class Theme:
    """Colours for one scheme (all ``QColor``)."""

    name: str
    canvas: QColor
    grid: QColor
    text: QColor
    muted: QColor
    link: QColor
    positive: QColor
    negative: QColor
    unknown: QColor
    stock_fill: QColor
    stock_border: QColor
    selection: QColor
    selection_fill: QColor
    highlight: QColor
    note_fill: QColor
    note_border: QColor
    reinforcing: QColor
    balancing: QColor
    window: QColor
    base: QColor
    button: QColor
    dim_opacity: float = 0.18

    @property
    def dark(self) -> bool:
        return self.name == "dark"


LIGHT = Theme(
    name="light",
    canvas=QColor("#fbfaf7"),
    grid=QColor("#f0eee8"),
    text=QColor("#22262b"),
    muted=QColor("#6b7178"),
    link=QColor("#56606b"),
    positive=QColor("#2f6f4f"),
    negative=QColor("#a2412f"),
    unknown=QColor("#7a6a2a"),
    stock_fill=QColor("#eef2f6"),
    stock_border=QColor("#5d6d7e"),
    selection=QColor("#2d6cdf"),
    selection_fill=QColor(45, 108, 223, 28),
    highlight=QColor("#d08a1c"),
    note_fill=QColor("#fff6d6"),
    note_border=QColor("#e4d39a"),
    reinforcing=QColor("#3a6ea5"),
    balancing=QColor("#7b5aa6"),
    window=QColor("#f3f2ef"),
    base=QColor("#ffffff"),
    button=QColor("#ebe9e4"),
)

DARK = Theme(
    name="dark",
    canvas=QColor("#1f2226"),
    grid=QColor("#262a2e"),
    text=QColor("#e4e6e8"),
    muted=QColor("#9aa1a8"),
    link=QColor("#9aa5b1"),
    positive=QColor("#7fc8a0"),
    negative=QColor("#f09a86"),
    unknown=QColor("#d9c27a"),
    stock_fill=QColor("#2b3139"),
    stock_border=QColor("#8796a6"),
    selection=QColor("#6ea1ff"),
    selection_fill=QColor(110, 161, 255, 36),
    highlight=QColor("#f0b350"),
    note_fill=QColor("#3a3528"),
    note_border=QColor("#5c543b"),
    reinforcing=QColor("#7fa9dc"),
    balancing=QColor("#b597dc"),
    window=QColor("#25282c"),
    base=QColor("#1b1e21"),
    button=QColor("#2f3338"),
)


def system_theme() -> Theme:
    """The theme matching the system's colour scheme (light when unknown)."""
    app = QGuiApplication.instance()
    if app is not None and app.styleHints().colorScheme() == Qt.ColorScheme.Dark:
        return DARK
    return LIGHT


def theme_named(name: str | None) -> Theme:
    """``"light"``, ``"dark"`` or anything else for the system's."""
    return {"light": LIGHT, "dark": DARK}.get(name or "", None) or system_theme()


def window_palette(theme: Theme) -> QPalette:
    """A Fusion palette for the window in ``theme``'s colours."""
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.base,
        QPalette.ColorRole.AlternateBase: theme.window,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.button,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.ToolTipBase: theme.base,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.muted,
        QPalette.ColorRole.Highlight: theme.selection,
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.Link: theme.selection,
        QPalette.ColorRole.Mid: theme.grid,
        QPalette.ColorRole.Midlight: theme.button,
    }
    for role, colour in roles.items():
        pal.setColor(role, colour)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, theme.muted)
    return pal
