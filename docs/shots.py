"""What the docs/make_*screenshots.py scripts share: letting the window settle, and saving a grab."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"


def settle(app: QApplication, seconds: float = 0.3) -> None:
    """Run the event loop for ``seconds`` so layouts, timers and paints finish."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def save(widget: QWidget, name: str) -> Path:
    """Grab ``widget`` into docs/screenshots/``name``; stop the script if it cannot be written."""
    path = OUT / name
    if not widget.grab().save(str(path)):
        raise SystemExit(f"error: could not write {path}")
    print(f"wrote {path.relative_to(ROOT)}")
    return path
