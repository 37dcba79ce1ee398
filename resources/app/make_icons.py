"""Render the application and document icons from their SVG sources.

Run after editing ``cld-editor.svg`` or ``cld-file.svg``::

    QT_QPA_PLATFORM=offscreen python resources/app/make_icons.py

It writes the freedesktop icon-theme layout that ``packaging/linux/install.sh``
and the wheel's data files install as they are::

    hicolor/<N>x<N>/apps/cld-editor.png         N = 16 24 32 48 64 128 256 512
    hicolor/<N>x<N>/mimetypes/cld-file.png

plus ``cld-editor.ico`` (Windows) and ``cld-editor.icns`` / ``cld-file.icns``
(macOS, the names ``packaging/macos/Info.plist`` uses) for the PyInstaller build.  The PNGs are committed so that packaging needs no Qt step.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

HERE = Path(__file__).resolve().parent
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICONS = {"cld-editor.svg": "apps", "cld-file.svg": "mimetypes"}


def render(svg: Path, size: int) -> QImage:
    """The SVG drawn into a transparent ``size`` x ``size`` image."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"error: {svg.name} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (Qt needs one)
    written = 0
    for name, context in ICONS.items():
        svg = HERE / name
        for size in SIZES:
            folder = HERE / "hicolor" / f"{size}x{size}" / context
            folder.mkdir(parents=True, exist_ok=True)
            out = folder / (svg.stem + ".png")
            if not render(svg, size).save(str(out), "PNG"):
                raise SystemExit(f"error: could not write {out}")
            written += 1
    # Windows (.ico) and macOS (.icns) icons for the PyInstaller app; Qt's writers
    # store one image per file, so give them the largest size each platform uses.
    formats = [bytes(f) for f in QImageWriter.supportedImageFormats()]
    platform_icons = [("cld-editor.svg", "ico", 256), ("cld-editor.svg", "icns", 512), ("cld-file.svg", "icns", 512)]
    for source, kind, size in platform_icons:
        if kind.encode() not in formats:
            print(f"note: this Qt cannot write .{kind}; skipped")
            continue
        out = HERE / f"{Path(source).stem}.{kind}"
        writer = QImageWriter(str(out), kind.encode())
        if not writer.write(render(HERE / source, size)):
            raise SystemExit(f"error: could not write {out}: {writer.errorString()}")
        written += 1
    print(f"wrote {written} icon files under {HERE.name}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
