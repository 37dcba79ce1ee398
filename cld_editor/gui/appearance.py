"""Apply the theme preference to the whole application.

:mod:`cld_editor.gui.theme` holds the calm light and dark palettes; this module
adds the high-contrast one (black on white, strong borders, pure colours that
stay apart for colour-blind readers, every sign still drawn as a glyph) and
turns the ``appearance/theme`` preference into a :class:`~.theme.Theme` and an
application palette.  Widgets that draw their own colours (the canvas) read
:func:`current_theme` or listen to :data:`ThemeNotifier.theme_changed`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication

from . import theme as themes

HIGH_CONTRAST = themes.Theme(
    name="high-contrast",
    canvas=QColor("#ffffff"),
    grid=QColor("#e2e2e2"),  # a quiet grid: the contrast belongs to the diagram
    text=QColor("#000000"),
    muted=QColor("#303030"),
    link=QColor("#000000"),
    positive=QColor("#005a1e"),
    negative=QColor("#a00000"),
    unknown=QColor("#4d3d00"),
    stock_fill=QColor("#ffffff"),
    stock_border=QColor("#000000"),
    selection=QColor("#0033cc"),
    selection_fill=QColor(0, 51, 204, 40),
    highlight=QColor("#c04000"),
    note_fill=QColor("#ffffe0"),
    note_border=QColor("#000000"),
    reinforcing=QColor("#0033cc"),
    balancing=QColor("#7a007a"),
    window=QColor("#ffffff"),
    base=QColor("#ffffff"),
    button=QColor("#f0f0f0"),
    dim_opacity=0.30,  # dimmed items must stay legible
)


def resolve_theme(name: str | None) -> themes.Theme:
    """The :class:`~.theme.Theme` for a preference value.

    ``"high-contrast"`` gives :data:`HIGH_CONTRAST`; ``"light"`` and ``"dark"``
    their palettes; anything else (``"system"``) follows the system's scheme.
    """
    if name == "high-contrast":
        return HIGH_CONTRAST
    return themes.theme_named(name)


class ThemeNotifier(QObject):
    """Tells widgets that draw their own colours that the theme changed."""

    theme_changed = Signal(object)  # the new Theme


_notifier: ThemeNotifier | None = None
_current: themes.Theme | None = None


def notifier() -> ThemeNotifier:
    """The application-wide :class:`ThemeNotifier` (created on first use)."""
    global _notifier
    if _notifier is None:
        _notifier = ThemeNotifier()
    return _notifier


def current_theme() -> themes.Theme:
    """The theme last applied with :func:`apply_theme` (the system's before that)."""
    return _current if _current is not None else themes.system_theme()


def apply_theme(name: str | None, app: QApplication | None = None) -> themes.Theme:
    """Set the application palette for the preference ``name`` and announce it.

    The high-contrast theme also thickens focus frames (via a style sheet on
    the focus rectangle) so that keyboard users always see where they are.
    """
    global _current
    app = app or QApplication.instance()
    chosen = resolve_theme(name)
    _current = chosen
    if app is not None:
        app.setPalette(themes.window_palette(chosen))
        app.setStyleSheet(style_sheet_for(chosen))
    notifier().theme_changed.emit(chosen)
    return chosen


def style_sheet_for(theme: themes.Theme) -> str:
    """The application style sheet for ``theme`` (only high contrast has one)."""
    return _HIGH_CONTRAST_SHEET if theme is HIGH_CONTRAST else ""


def presentation_font(size: int, base: QFont | None = None) -> QFont:
    """The font for presentation mode at the preferred point size."""
    font = QFont(base) if base is not None else QFont()
    font.setPointSize(size)
    return font


# Focus must be visible without colour: a thick black outline on focused controls.
_HIGH_CONTRAST_SHEET = """
QPushButton:focus, QToolButton:focus, QComboBox:focus, QSpinBox:focus, QLineEdit:focus,
QListWidget:focus, QTextBrowser:focus, QCheckBox:focus, QTreeView:focus, QListView:focus {
    outline: none;
    border: 3px solid #000000;
}
QPushButton, QToolButton, QComboBox, QSpinBox, QLineEdit {
    border: 2px solid #000000;
    padding: 3px 8px;
    background: #ffffff;
    color: #000000;
}
QPushButton:hover, QToolButton:hover { background: #e6ecff; }
"""
