"""Canvas fonts sized in scene units, so every device draws the same picture.

A font given in points becomes device pixels through each paint device's own
resolution: 96 dpi on screen, 72 in the SVG generator, 300 or more in a PDF
writer or a printer.  The canvas's geometry (label boxes, link ends) is in
scene units, so text sized in points came out 0.75x in SVG and about 3x in a
300 dpi PDF while the boxes around it stayed put: the names were cut off.  A
pixel-size font is one scene unit per pixel and scales with the drawing on
every device.  The sizes are the point sizes the canvas was designed at,
taken at 96 dpi (10.5 pt = 14 px).
"""

from __future__ import annotations

from PySide6.QtGui import QFont

#: Variable names.
NAME_PX = 14
#: Polarity signs (+, −, ?).
GLYPH_PX = 19
#: R1 / B2 inside a loop label, and the loop's name under it.
LOOP_CODE_PX = 15
LOOP_NAME_PX = 12
#: Free-text notes.
NOTE_PX = 13


def scene_font(pixels: int, bold: bool = False, italic: bool = False) -> QFont:
    """The application's font at ``pixels`` scene units, optionally bold or italic."""
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    font.setItalic(italic)
    return font
